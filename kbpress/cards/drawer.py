"""Drawing missing cards in worker processes while the build goes on.

A first build of a large site draws a card for every page (about 5 ms
each: 7.5 s for 1,500 pages), which would almost double the build if
done in the build process. The build only decides which cards are
missing and puts them on a queue; long-lived workers on the other cores
draw them while MkDocs renders pages, and the build waits for them at
the end. Each worker reports once, when the queue is done (how many
cards, how long, or its error): a future per card would cost the build
process a millisecond a card in bookkeeping.

Workers are started with ``spawn`` (no MkDocs state is copied into them)
and only once ``WORKER_MIN_CARDS`` cards are missing: starting one costs
more than drawing a few cards, so a build with every card cached, or a
handful new, draws in the build process.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import time
from pathlib import Path

from ..workers import lower_priority
from .cache import draw_to_file
from .content import CardContent

WORKER_MIN_CARDS = 40
BATCH = 16  # cards per queue message: each message wakes the queue's feeder thread, which takes the GIL
WAIT_TIMEOUT_SECONDS = 1800
_DONE = None  # one per worker on the task queue


def default_workers() -> int:
    """One core stays with the build; the others draw (at least one worker)."""
    return max(1, (os.cpu_count() or 2) - 1)


def _draw_queued(tasks, results) -> None:
    lower_priority()
    drawn, seconds = 0, 0.0
    try:
        while (batch := tasks.get()) is not _DONE:
            for task in batch:
                seconds += draw_to_file(*task)
                drawn += 1
        results.put(("ok", drawn, seconds))
    except BaseException as error:  # noqa: BLE001 - handed to the build, which reports it
        results.put(("error", drawn, f"{type(error).__name__}: {error}"))


class DrawingError(OSError):
    """A worker could not draw or store a card (the worker's own error is the cause)."""


class BackgroundDrawer:
    """Queue of cards to draw into the cache; ``wait`` returns the seconds spent drawing."""

    def __init__(self, workers: int | None = None, min_cards: int = WORKER_MIN_CARDS):
        self.workers = workers or default_workers()
        self.min_cards = min_cards
        self._processes: list = []
        self._tasks = None
        self._results = None
        self._waiting: list[tuple[CardContent, Path]] = []  # until the workers start, then until a batch is full

    @property
    def started(self) -> bool:
        return bool(self._processes)

    def submit(self, content: CardContent, target: Path) -> None:
        self._waiting.append((content, target))
        if self.started:
            if len(self._waiting) >= BATCH:
                self._send_waiting()
        elif len(self._waiting) >= self.min_cards:
            self._start()

    def _send_waiting(self) -> None:
        waiting, self._waiting = self._waiting, []
        for start in range(0, len(waiting), BATCH):
            self._tasks.put(waiting[start : start + BATCH])

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._tasks, self._results = context.Queue(), context.Queue()
        for number in range(self.workers):
            process = context.Process(target=_draw_queued, args=(self._tasks, self._results),
                                      name=f"kbpress-cards-{number}", daemon=True)
            process.start()
            self._processes.append(process)
        self._send_waiting()

    def wait(self, timeout: float = WAIT_TIMEOUT_SECONDS) -> float:
        """Block until every queued card is drawn; raises DrawingError when a worker failed."""
        if not self.started:
            waiting, self._waiting = self._waiting, []
            return sum(draw_to_file(content, target) for content, target in waiting)
        seconds = 0.0
        try:
            self._send_waiting()
            for _ in self._processes:
                self._tasks.put(_DONE)
            for status, _drawn, value in self._reports(time.monotonic() + timeout):
                if status != "ok":
                    raise DrawingError(value)
                seconds += value
            return seconds
        finally:
            self.close()

    def _reports(self, deadline: float):
        """One report per worker; a worker that died without one is an error."""
        reports = []
        while len(reports) < len(self._processes):
            try:
                reports.append(self._results.get(timeout=0.2))
            except queue.Empty:
                if time.monotonic() > deadline:
                    raise DrawingError("リンクカードの描画が時間内に終わりませんでした") from None
                dead = [process for process in self._processes if not process.is_alive()]
                if len(dead) > len(reports) and self._results.empty():
                    raise DrawingError(f"リンクカードを描く処理が終了コード {dead[0].exitcode} で止まりました") from None
        return reports

    def close(self) -> None:
        """Stop the workers; cards not yet drawn are dropped (a failed build)."""
        for process in self._processes:
            if process.is_alive():
                process.terminate()
            process.join()
        for channel in (self._tasks, self._results):
            if channel is not None:
                channel.close()
                channel.cancel_join_thread()
        self._processes, self._tasks, self._results, self._waiting = [], None, None, []
