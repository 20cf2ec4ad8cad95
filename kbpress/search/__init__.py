"""Site search: what is indexed, and the index the portal's search page reads.

Plain core: nothing here imports MkDocs; the adapter is
``kbpress.plugins.search``.
"""

from .background import IndexPages, index_job, index_pages
from .index import INDEX_DIR, IndexResult, IndexWriter
from .pages import (
    INDEXED_GENERATED_PAGES,
    SEARCH_DESCRIPTION,
    SEARCH_PAGE,
    SEARCH_TEMPLATE,
    SEARCH_TITLE,
    is_indexed,
    search_page_markdown,
    way_on_links,
)
from .lexicon import LEXICON_FILE, load_lexicon, search_rules
from .records import DEFAULT_EXCLUDE_SELECTORS, is_noindex

__all__ = [
    "IndexPages",
    "DEFAULT_EXCLUDE_SELECTORS",
    "INDEXED_GENERATED_PAGES",
    "INDEX_DIR",
    "IndexResult",
    "IndexWriter",
    "LEXICON_FILE",
    "SEARCH_DESCRIPTION",
    "SEARCH_PAGE",
    "SEARCH_TEMPLATE",
    "SEARCH_TITLE",
    "index_job",
    "index_pages",
    "is_noindex",
    "is_indexed",
    "load_lexicon",
    "search_page_markdown",
    "search_rules",
    "way_on_links",
]
