"""The home page of a vault site, when the vault has no ``index.md`` of its own."""

from __future__ import annotations

from ..indexes import CATEGORIES_INDEX, TAGS_INDEX, UPDATES_PAGE, GeneratedPage, category_src
from ..model import Site

HOME_SRC = "index.md"


def home_page(site: Site) -> GeneratedPage:
    """The site's description, and the ways in: categories, updates, tags."""
    lines = []
    if site.description:
        lines += [_escape(site.description), ""]
    lines += ["## 分野から探す", ""]
    lines += [f"- [{_escape(term.name)}]({category_src(term.slug)})" for term in site.categories.values()]
    lines += ["", "## そのほかの入口", "", f"- [更新情報]({UPDATES_PAGE})", f"- [分野の一覧]({CATEGORIES_INDEX})", f"- [タグ一覧]({TAGS_INDEX})", ""]
    return GeneratedPage(HOME_SRC, site.name, site.description, "\n".join(lines))


def _escape(text: str) -> str:
    for char in "\\[]*_`<>":
        text = text.replace(char, "\\" + char)
    return text
