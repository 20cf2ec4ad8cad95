"""Which pages the search covers, and the search page itself.

Generated list pages (categories, tags, the topic archive, what's new)
repeat the titles of many pages; indexed, they outrank the pages a reader
is looking for, so they stay out. The guidebook and feeds pages are
generated too but are destinations in their own right.
"""

from __future__ import annotations

from ..indexes import FEEDS_PAGE, GUIDEBOOK_PAGE
from ..model import Page

SEARCH_PAGE = "search.md"  # URL search/
SEARCH_TEMPLATE = "kbpress-search.html"
SEARCH_TITLE = "サイト内検索"
SEARCH_DESCRIPTION = "知識の保管庫の解説記事とトピックスをキーワードで検索できます。"
INDEXED_GENERATED_PAGES = (GUIDEBOOK_PAGE, FEEDS_PAGE)


def is_indexed(page: Page | None, front_matter: dict, indexed_generated: tuple[str, ...] = INDEXED_GENERATED_PAGES) -> bool:
    """True when the page's body belongs in the search index.

    ``page`` is the content model's page (None for pages outside it, such
    as the search page); ``front_matter`` may say ``search: {exclude: true}``
    as Material's own search understands it.
    """
    option = front_matter.get("search")
    if isinstance(option, dict) and option.get("exclude"):
        return False
    if page is None:
        return False
    return not page.generated or page.src_path in indexed_generated


def search_page_markdown() -> str:
    """The source of the generated search page; its body comes from the template."""
    return (
        "---\n"
        f"title: {SEARCH_TITLE}\n"
        f"description: {SEARCH_DESCRIPTION}\n"
        f"template: {SEARCH_TEMPLATE}\n"
        "search:\n"
        "  exclude: true\n"
        "---\n\n"
    )
