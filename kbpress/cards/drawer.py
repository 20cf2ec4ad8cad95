"""Drawing missing cards in worker processes while the build goes on.

A first build of a large site draws a card for every page (about 5 ms
each: 7.5 s for 1,500 pages), which would double the build if done in
the build process. The build only decides which cards are missing and
hands them to workers on the other cores; MkDocs renders pages
meanwhile, and the build waits for the drawings at the end.

Workers are started with ``spawn`` (no MkDocs state is copied into them)
and only once ``WORKER_MIN_CARDS`` cards are missing: starting one costs
more than drawing a few cards, so a build with every card cached, or a
handful new, draws in the build process.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from .cache import draw_to_file
from .content import CardContent

WORKER_MIN_CARDS = 40


def default_workers() -> int:
    """One core stays with the build; the others draw (at least one worker)."""
    return max(1, (os.cpu_count() or 2) - 1)


class BackgroundDrawer:
    """Queue of cards to draw into the cache; ``wait`` returns the seconds spent drawing."""

    def __init__(self, workers: int | None = None, min_cards: int = WORKER_MIN_CARDS):
        self.workers = workers or default_workers()
        self.min_cards = min_cards
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []
        self._waiting: list[tuple[CardContent, Path]] = []  # until the workers start

    def submit(self, content: CardContent, target: Path) -> None:
        if self._pool is None:
            self._waiting.append((content, target))
            if len(self._waiting) < self.min_cards:
                return
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
            waiting, self._waiting = self._waiting, []
            for item in waiting:
                self._futures.append(self._pool.submit(draw_to_file, *item))
            return
        self._futures.append(self._pool.submit(draw_to_file, content, target))

    def wait(self) -> float:
        """Block until every queued card is drawn; re-raises a worker's error."""
        futures, self._futures = self._futures, []
        waiting, self._waiting = self._waiting, []
        try:
            drawn_here = sum(draw_to_file(content, target) for content, target in waiting)
            return drawn_here + sum(future.result() for future in futures)
        finally:
            self.close()

    def close(self) -> None:
        """Stop the workers; cards not yet drawn are dropped (a failed build)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._futures = []
        self._waiting = []
