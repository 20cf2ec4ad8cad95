"""Drawing missing cards in worker processes while the build goes on.

A first build of a large site draws a card for every page (about 5 ms
each: 7.5 s for 1,500 pages), which would almost double the build if
done in the build process. The build only decides which cards are
missing and sends them, in batches, to long-lived workers on the spare
cores (:mod:`kbpress.childproc`); they draw while MkDocs renders pages,
and the build waits for them at the end. Each worker answers once, when
its input ends: how many cards and how long, or its error.

Workers start only once ``WORKER_MIN_CARDS`` cards are missing: starting
one costs more than drawing a few cards, so a build with every card
cached, or a handful new, draws in the build process.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from ..childproc import Worker, WorkerFailed
from ..processes import free_worker_slots, spare_cores
from .cache import draw_to_file
from .content import CardContent

WORKER_MIN_CARDS = 40
BATCH = 16  # cards per write to a worker (see kbpress.childproc)
WAIT_TIMEOUT_SECONDS = 1800


def default_workers() -> int:
    """One core stays with the build; the others draw (at least one worker)."""
    return spare_cores()


def _draw_messages(messages) -> tuple[int, float]:
    """The worker's side: (content, target) pairs; returns how many cards and the seconds drawing."""
    drawn, seconds = 0, 0.0
    for content, target in messages:
        seconds += draw_to_file(content, target)
        drawn += 1
    return drawn, seconds


class DrawingError(OSError):
    """A worker could not draw or store a card."""


class BackgroundDrawer:
    """Cards to draw into the cache; ``wait`` returns the seconds spent drawing."""

    def __init__(self, workers: int | None = None, min_cards: int = WORKER_MIN_CARDS):
        self.workers = workers or default_workers()
        self.min_cards = min_cards
        self._processes: list[Worker] = []
        self._next = None  # cycles through the workers, one card each
        self._waiting: list[tuple[CardContent, Path]] = []  # until the workers start

    @property
    def started(self) -> bool:
        return bool(self._processes)

    def submit(self, content: CardContent, target: Path) -> None:
        if self.started:
            next(self._next).send((content, target))
            return
        self._waiting.append((content, target))
        if len(self._waiting) >= self.min_cards:
            self._start()

    def _start(self) -> None:
        count = max(1, min(self.workers, free_worker_slots()))
        self._processes = [Worker("kbpress.cards.drawer:_draw_messages", f"kbpress-cards-{n}", batch=BATCH)
                           for n in range(count)]
        self._next = itertools.cycle(self._processes)
        waiting, self._waiting = self._waiting, []
        for task in waiting:
            next(self._next).send(task)

    def wait(self, timeout: float = WAIT_TIMEOUT_SECONDS) -> float:
        """Block until every queued card is drawn; raises DrawingError when a worker failed."""
        if not self.started:
            waiting, self._waiting = self._waiting, []
            return sum(draw_to_file(content, target) for content, target in waiting)
        try:
            seconds = 0.0
            for worker in self._processes:
                _drawn, spent = worker.result(timeout)
                seconds += spent
            return seconds
        except WorkerFailed as error:
            raise DrawingError(str(error).strip() if error.reported else f"リンクカードを描く{error}") from None
        finally:
            self.close()

    def close(self) -> None:
        """Stop the workers; cards not yet drawn are dropped (a failed build)."""
        for worker in self._processes:
            worker.kill()
        self._processes, self._next, self._waiting = [], None, []
