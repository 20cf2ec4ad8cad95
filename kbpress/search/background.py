"""Building the search index in a second process while the pages render.

Cutting 1,500 pages into terms takes about a second of CPU; done in the
build process it would add that second to every build. Instead each
rendered page is handed to a worker process as soon as it exists, and the
worker extracts, counts and writes while MkDocs renders the next pages on
the other core. The build only waits at the end for the last pages.

The worker is started with ``spawn``: it imports this package alone (no
MkDocs state is copied), so it stays small. Starting it costs about half
a second of CPU, more than indexing a small site takes, so sites under
``WORKER_MIN_PAGES`` pages are indexed in the build process at the end.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
import traceback
from pathlib import Path

from ..model import KbpressError, Problem
from ..workers import lower_priority
from .index import IndexResult, IndexWriter
from .records import page_record

FINISH_TIMEOUT_SECONDS = 600
WORKER_MIN_PAGES = 300
BATCH = 16  # pages per queue message: each message wakes the queue's feeder thread, which takes the GIL
_DONE = None  # sentinel on the page queue


def index_pages(pages, output_dir: Path, exclude_selectors: tuple[str, ...]) -> IndexResult:
    """Index ``(url, page_html)`` pairs into ``output_dir`` in this process."""
    writer = IndexWriter(output_dir)
    for url, page_html in pages:
        record = page_record(page_html, exclude_selectors)
        if record is not None:
            writer.add(url, record)
    return writer.finish()


def _queued_pages(pages: multiprocessing.Queue):
    while (batch := pages.get()) is not _DONE:
        yield from batch


def _work(pages: multiprocessing.Queue, results: multiprocessing.Queue, output_dir: str, exclude: tuple[str, ...]) -> None:
    lower_priority()
    try:
        results.put(("ok", index_pages(_queued_pages(pages), Path(output_dir), exclude)))
    except BaseException as error:  # noqa: BLE001 - reported to the build, which names it
        results.put(("error", f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=3)}"))


def start_indexer(output_dir: Path, exclude_selectors: tuple[str, ...], pages: int):
    """An indexer for a site of about ``pages`` pages: a worker process for large sites."""
    if pages >= WORKER_MIN_PAGES:
        return BackgroundIndexer(output_dir, exclude_selectors)
    return InlineIndexer(output_dir, exclude_selectors)


class InlineIndexer:
    """Collects the pages and indexes them in this process when the build finishes."""

    def __init__(self, output_dir: Path, exclude_selectors: tuple[str, ...]):
        self.output_dir = Path(output_dir)
        self.exclude_selectors = tuple(exclude_selectors)
        self._pages: list[tuple[str, str]] = []

    def add(self, url: str, page_html: str) -> None:
        self._pages.append((url, page_html))

    def finish(self) -> IndexResult:
        pages, self._pages = self._pages, []
        try:
            return index_pages(pages, self.output_dir, self.exclude_selectors)
        except OSError as error:
            raise KbpressError(Problem("search", f"検索インデックスを作れませんでした ({error})")) from None

    def cancel(self) -> None:
        self._pages = []


class BackgroundIndexer:
    """A worker process fed with rendered pages; ``finish`` returns the written index."""

    def __init__(self, output_dir: Path, exclude_selectors: tuple[str, ...]):
        context = multiprocessing.get_context("spawn")
        self._pages = context.Queue()
        self._results = context.Queue()
        self._process = context.Process(
            target=_work,
            args=(self._pages, self._results, str(output_dir), tuple(exclude_selectors)),
            name="kbpress-search-index",
            daemon=True,
        )
        self._process.start()
        self._batch: list[tuple[str, str]] = []

    def add(self, url: str, page_html: str) -> None:
        self._batch.append((url, page_html))
        if len(self._batch) >= BATCH:
            self._pages.put(self._batch)
            self._batch = []

    def finish(self, timeout: float = FINISH_TIMEOUT_SECONDS) -> IndexResult:
        """Wait for the worker to write the index; KbpressError when it failed."""
        if self._batch:
            self._pages.put(self._batch)
            self._batch = []
        self._pages.put(_DONE)
        status, value = self._wait_for_result(timeout)
        self._process.join()
        self._close_queues()
        if status != "ok":
            raise KbpressError(Problem("search", f"検索インデックスを作れませんでした ({value.strip()})"))
        return value

    def _wait_for_result(self, timeout: float) -> tuple[str, object]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                return self._results.get(timeout=0.2)
            except queue.Empty:
                if not self._process.is_alive() and self._results.empty():
                    code = self._process.exitcode
                    return "error", f"検索インデックスの作成処理が終了コード {code} で止まりました"
        self.cancel()
        return "error", f"{timeout:.0f} 秒で終わりませんでした"

    def cancel(self) -> None:
        """Stop the worker without waiting (a failed or interrupted build)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._close_queues()

    def _close_queues(self) -> None:
        for channel in (self._pages, self._results):
            channel.close()
            channel.cancel_join_thread()
