"""Site search with Pagefind: what is indexed and how the index is built.

Plain core: nothing here imports MkDocs; the adapter is
``kbpress.plugins.search``.
"""

from .pagefind import DEFAULT_EXCLUDE_SELECTORS, OUTPUT_SUBDIR, IndexResult, build_index, pagefind_command
from .pages import (
    INDEXED_GENERATED_PAGES,
    SEARCH_DESCRIPTION,
    SEARCH_PAGE,
    SEARCH_TEMPLATE,
    SEARCH_TITLE,
    is_indexed,
    search_page_markdown,
)

__all__ = [
    "DEFAULT_EXCLUDE_SELECTORS",
    "INDEXED_GENERATED_PAGES",
    "IndexResult",
    "OUTPUT_SUBDIR",
    "SEARCH_DESCRIPTION",
    "SEARCH_PAGE",
    "SEARCH_TEMPLATE",
    "SEARCH_TITLE",
    "build_index",
    "is_indexed",
    "pagefind_command",
    "search_page_markdown",
]
