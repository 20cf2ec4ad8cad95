"""Drawing missing cards beside the build, on the build's scheduler.

A first build of a large site draws a card for every page (about 5 ms
each: 7.5 s for 1,500 pages), which would almost double the build if
done in the build process. The build only decides which cards are
missing and hands them to the build's scheduler (:mod:`kbpress.scheduler`)
as one job spread over its workers; they draw while MkDocs renders pages
(giving way to the search index's pages), and the build waits for them at
the end.

Workers are used only once ``WORKER_MIN_CARDS`` cards are missing:
starting one costs more than drawing a few cards, so a build with every
card cached, or a handful new, draws in the build process.
"""

from __future__ import annotations

from pathlib import Path

from ..scheduler import PRIORITY_CARDS, Job, JobFailed, Scheduler
from .cache import draw_to_file
from .content import CardContent
from .render import font

WORKER_MIN_CARDS = 40


class DrawCards:
    """The job's handler (in a worker, or here for a few cards): draws each (content, target)."""

    def __init__(self, _setup=None) -> None:
        self.drawn, self.seconds = 0, 0.0

    def add(self, task: tuple[CardContent, Path]) -> None:
        content, target = task
        self.seconds += draw_to_file(content, target)
        self.drawn += 1

    def finish(self) -> tuple[int, float]:
        # The fonts (about 12 MB) are not needed once the cards are drawn; in a worker the
        # search dictionary is built next, and both at once set the build's peak memory.
        font.cache_clear()
        return self.drawn, self.seconds


class DrawingError(OSError):
    """A worker could not draw or store a card."""


class CardDrawer:
    """Cards to draw into the cache; ``wait`` returns the seconds spent drawing."""

    def __init__(self, scheduler: Scheduler, min_cards: int = WORKER_MIN_CARDS):
        job = Job("link cards", "リンクカード", "kbpress.cards.drawer:DrawCards", None, PRIORITY_CARDS, spread=True,
                  min_items=min_cards)
        self._channel = scheduler.open(job)

    @property
    def started(self) -> bool:
        """True once the cards go to workers."""
        return self._channel.in_worker

    def submit(self, content: CardContent, target: Path) -> None:
        self._channel.send((content, target))

    def wait(self) -> float:
        """Block until every queued card is drawn; raises DrawingError when a worker failed."""
        try:
            return sum(seconds for _drawn, seconds in self._channel.results())
        except JobFailed as error:
            raise DrawingError(str(error).strip() if error.reported else f"リンクカードを描く{error}") from None
