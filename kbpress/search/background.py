"""Building the search index beside the rendering, on the build's scheduler.

Cutting 1,500 pages into terms takes about a second of CPU; done in the
build process it would add that second to every build. Instead each
rendered page is handed to the build's scheduler (:mod:`kbpress.scheduler`)
as soon as it exists, and a worker extracts, counts and writes while
MkDocs renders the next pages on the other core; its pages go before the
link cards it may also be drawing. The build only waits at the end for
the last pages.

Starting a worker costs about half a second of CPU, more than indexing a
small site takes, so sites under ``WORKER_MIN_PAGES`` pages are indexed
in the build process, page by page.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from ..model import KbpressError, Problem
from ..scheduler import PRIORITY_PAGES, Job
from .index import IndexResult, IndexWriter
from .records import page_record

WORKER_MIN_PAGES = 300


def index_pages(
    pages, output_dir: Path, exclude_selectors: tuple[str, ...], synonyms: tuple = (), cache_dir: Path | None = None
) -> IndexResult:
    """Index ``(url, page_html)`` pairs into ``output_dir`` in this process."""
    writer = IndexWriter(output_dir, synonyms, cache_dir)
    for url, page_html in pages:
        record = page_record(page_html, exclude_selectors)
        if record is not None:
            writer.add(url, record)
    return writer.finish()


def index_job(
    output_dir: Path, exclude_selectors: tuple[str, ...], synonyms: tuple = (), cache_dir: Path | None = None
) -> Job:
    """The scheduler's job for this build's index: one worker (an index has one writer), pages first."""
    setup = (str(output_dir), tuple(exclude_selectors), tuple(synonyms), cache_dir and str(cache_dir))
    return Job("search index", "検索インデックス", "kbpress.search.background:IndexPages",
               setup, PRIORITY_PAGES, min_items=WORKER_MIN_PAGES)


class IndexPages:
    """The job's handler: indexes each ``(url, page_html)`` as it is added (in a worker, or here)."""

    def __init__(self, setup: tuple):
        output_dir, exclude_selectors, synonyms, cache_dir = setup
        cache_dir = cache_dir and Path(cache_dir)
        self.output_dir = Path(output_dir)
        self.exclude_selectors = tuple(exclude_selectors)
        self.synonyms = tuple(synonyms)
        self.cache_dir = cache_dir
        self._writer: IndexWriter | None = None

    def add(self, page: tuple[str, str]) -> None:
        url, page_html = page
        record = page_record(page_html, self.exclude_selectors)
        if record is not None:
            with _reported():
                if self._writer is None:
                    self._writer = IndexWriter(self.output_dir, self.synonyms, self.cache_dir)
                self._writer.add(url, record)

    def finish(self) -> IndexResult:
        with _reported():
            writer, self._writer = self._writer or IndexWriter(self.output_dir, self.synonyms, self.cache_dir), None
            return writer.finish()


@contextlib.contextmanager
def _reported():
    try:
        yield
    except OSError as error:
        raise KbpressError(Problem("search", f"検索インデックスを作れませんでした ({error})")) from None
