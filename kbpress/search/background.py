"""Building the search index in a second process while the pages render.

Cutting 1,500 pages into terms takes about a second of CPU; done in the
build process it would add that second to every build. Instead each
rendered page is handed to a worker process as soon as it exists, and the
worker extracts, counts and writes while MkDocs renders the next pages on
the other core. The build only waits at the end for the last pages.

The worker is a child Python (:mod:`kbpress.childproc`) that imports this
package alone, so it stays small. Starting it costs about half
a second of CPU, more than indexing a small site takes, so sites under
``WORKER_MIN_PAGES`` pages are indexed in the build process, page by
page; so is a site whose spare cores are taken by other workers (the
link cards of a first build), where a worker would only add its memory.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from ..childproc import Worker, WorkerFailed
from ..model import KbpressError, Problem
from ..processes import free_worker_slots
from .index import IndexResult, IndexWriter
from .records import page_record

FINISH_TIMEOUT_SECONDS = 600
WORKER_MIN_PAGES = 300
BATCH = 16  # pages per write to the worker (see kbpress.childproc)


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


def _index_messages(messages) -> IndexResult:
    """The worker's side: the output folder, selectors and synonyms, then the pages."""
    output_dir, exclude_selectors, synonyms, cache_dir = next(messages)
    return index_pages(messages, Path(output_dir), exclude_selectors, synonyms, cache_dir and Path(cache_dir))


def start_indexer(
    output_dir: Path, exclude_selectors: tuple[str, ...], pages: int, synonyms: tuple = (), cache_dir: Path | None = None
):
    """An indexer for a site of about ``pages`` pages: a worker process for large sites, when a core is free."""
    if pages >= WORKER_MIN_PAGES and free_worker_slots() > 0:
        return BackgroundIndexer(output_dir, exclude_selectors, synonyms, cache_dir)
    return InlineIndexer(output_dir, exclude_selectors, synonyms, cache_dir)


class InlineIndexer:
    """Indexes each page in this process as it is added."""

    def __init__(self, output_dir: Path, exclude_selectors: tuple[str, ...], synonyms: tuple = (), cache_dir: Path | None = None):
        self.output_dir = Path(output_dir)
        self.exclude_selectors = tuple(exclude_selectors)
        self.synonyms = tuple(synonyms)
        self.cache_dir = cache_dir
        self._writer: IndexWriter | None = None

    def add(self, url: str, page_html: str) -> None:
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

    def cancel(self) -> None:
        self._writer = None


@contextlib.contextmanager
def _reported():
    try:
        yield
    except OSError as error:
        raise KbpressError(Problem("search", f"検索インデックスを作れませんでした ({error})")) from None


class BackgroundIndexer:
    """A worker process fed with rendered pages; ``finish`` returns the written index."""

    def __init__(self, output_dir: Path, exclude_selectors: tuple[str, ...], synonyms: tuple = (), cache_dir: Path | None = None):
        self._worker = Worker("kbpress.search.background:_index_messages", "kbpress-search-index", batch=BATCH)
        self._worker.send((str(output_dir), tuple(exclude_selectors), tuple(synonyms), cache_dir and str(cache_dir)))

    @property
    def process(self) -> Worker:
        return self._worker

    def add(self, url: str, page_html: str) -> None:
        self._worker.send((url, page_html))

    def finish(self, timeout: float = FINISH_TIMEOUT_SECONDS) -> IndexResult:
        """Wait for the worker to write the index; KbpressError when it failed."""
        try:
            return self._worker.result(timeout)
        except WorkerFailed as error:
            raise KbpressError(Problem("search", f"検索インデックスを作れませんでした ({str(error).strip()})")) from None

    def cancel(self) -> None:
        """Stop the worker without waiting (a failed or interrupted build)."""
        self._worker.kill()
