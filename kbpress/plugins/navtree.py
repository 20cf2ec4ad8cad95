"""The navigation tree the ``kbpress`` plugin reshapes: small sections, parents for breadcrumbs, links."""

from __future__ import annotations

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkPage


def page_of(files: Files, src_path: str) -> MkPage | None:
    file = files.get_file_from_path(src_path)
    return file.page if file is not None else None


def leaf_section(title: str, index_page: MkPage) -> Section:
    """A section holding one index page, which gets it as parent (for breadcrumbs and the open menu)."""
    section = Section(title, [index_page])
    index_page.parent = section
    return section


def nav_section(index_page: MkPage, children: list) -> Section:
    section = Section(index_page.title, children)
    section.parent = index_page.parent
    for child in children:
        child.parent = section
    return section


def relink(nav: Navigation) -> None:
    """Recompute nav.pages and previous/next links after changing the tree."""
    pages: list[MkPage] = []

    def walk(items):
        for item in items:
            if isinstance(item, MkPage):
                pages.append(item)
            elif isinstance(item, Section):
                walk(item.children)

    walk(nav.items)
    for index, page in enumerate(pages):
        page.previous_page = pages[index - 1] if index else None
        page.next_page = pages[index + 1] if index + 1 < len(pages) else None
    nav.pages = pages
