"""Which pages the search covers, and the search page itself.

Generated list pages (categories, tags, the topic archive, what's new)
repeat the titles of many pages; indexed, they outrank the pages a reader
is looking for, so they stay out. The guidebook and feeds pages are
generated too but are destinations in their own right.

Pages written for editors (the authoring guide, by default everything
under ``docs/authoring/``) are not for readers: in the results they push
the articles a reader wants out of the top places, so the public index
leaves them out by their folder, whatever their template says.
"""

from __future__ import annotations

from ..indexes import FEEDS_PAGE, GUIDEBOOK_PAGE, category_src
from ..model import Page, Site

SEARCH_PAGE = "search.md"  # URL search/
SEARCH_TEMPLATE = "kbpress-search.html"
SEARCH_TITLE = "サイト内検索"
SEARCH_DESCRIPTION = "知識の保管庫の解説記事とトピックスをキーワードで検索できます。"
INDEXED_GENERATED_PAGES = (GUIDEBOOK_PAGE, FEEDS_PAGE)
EDITOR_FOLDERS = ("authoring/",)
CONSULTATION_PAGE = "articles/consultation-desk.md"


def is_indexed(
    page: Page | None,
    front_matter: dict,
    indexed_generated: tuple[str, ...] = INDEXED_GENERATED_PAGES,
    editor_folders: tuple[str, ...] = EDITOR_FOLDERS,
) -> bool:
    """True when the page's body belongs in the search index.

    ``page`` is the content model's page (None for pages outside it, such
    as the search page); ``front_matter`` may say ``search: {exclude: true}``
    as Material's own search understands it. Pages in ``editor_folders``
    (relative to docs/) are for editors and never indexed.
    """
    option = front_matter.get("search")
    if isinstance(option, dict) and option.get("exclude"):
        return False
    if page is None or is_editor_page(page.src_path, editor_folders):
        return False
    return not page.generated or page.src_path in indexed_generated


def is_editor_page(src_path: str, editor_folders: tuple[str, ...] = EDITOR_FOLDERS) -> bool:
    """True for a page under one of the editors' folders (``authoring/`` or ``authoring``)."""
    return any(src_path.startswith(folder.strip("/") + "/") for folder in editor_folders if folder.strip("/"))


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


def way_on_links(site: Site, consultation_src: str = CONSULTATION_PAGE) -> dict:
    """What the search page offers when nothing is found: the categories and the consultation desk.

    Site-relative URLs (the template makes them relative to the page); the
    desk is left out when the site has no such page.
    """
    categories = [(term.name, category_src(slug)[: -len("index.md")]) for slug, term in site.categories.items()]
    desk = site.page_by_src(consultation_src)
    consultation = (desk.meta.title, desk.url) if desk is not None else None
    return {"categories": categories, "consultation": consultation}
