"""A persistent cache of drawn cards, keyed by a hash of what is printed on them.

Drawing is cheap (under 10 ms) but a knowledge base has thousands of
pages and most builds change a handful, so an unchanged card is never
drawn twice. The key covers the text and the code identity
(:mod:`kbpress.codeidentity`: kbpress's code, the drawing packages and the
font files), so changing any of them redraws everything once.

Given a drawer (:mod:`kbpress.cards.drawer`), missing cards are drawn by
worker processes while the build renders pages; ``wait`` then blocks
until they are in the cache. Without one they are drawn on the spot.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..atomic import write_bytes_atomic
from ..codeidentity import code_identity
from .content import CardContent
from .render import render_card

STATS_FILE = "last-build.json"


def card_key(content: CardContent, code: str | None = None) -> str:
    """A stable hash of everything that decides the card's pixels (``code``: the code identity)."""
    payload = {"code": code or code_identity(), "content": asdict(content)}
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


@dataclass
class CacheStats:
    drawn: int = 0
    reused: int = 0
    skipped: int = 0  # previews do not draw new cards
    draw_seconds: float = 0.0
    used: set[str] = field(default_factory=set)

    def summary(self) -> dict:
        per_card = self.draw_seconds / self.drawn if self.drawn else 0.0
        return {
            "drawn": self.drawn,
            "reused": self.reused,
            "skipped": self.skipped,
            "draw_seconds": round(self.draw_seconds, 3),
            "ms_per_drawn_card": round(per_card * 1000, 2),
        }


class CardCache:
    """Cards stored as ``<directory>/<key>.png``."""

    def __init__(self, directory: Path, drawer=None):
        self.directory = Path(directory)
        self.stats = CacheStats()
        self.drawer = drawer  # a CardDrawer, or None to draw on the spot
        self._skipped: set[str] = set()
        self._keys: dict[CardContent, str] = {}  # a build asks for each card twice (queued at on_nav, then per page)

    def key(self, content: CardContent) -> str:
        key = self._keys.get(content)
        if key is None:
            key = self._keys[content] = card_key(content)
        return key

    def path_for(self, key: str) -> Path:
        return self.directory / f"{key}.png"

    def card(self, content: CardContent, *, draw: bool = True) -> Path | None:
        """The cached card of ``content``, drawn if missing.

        None when it is missing and ``draw`` is off (previews). A card two
        pages share is counted once. With a drawer the file exists only
        after :meth:`wait`.
        """
        key = self.key(content)
        path = self.path_for(key)
        if key in self.stats.used:
            return path
        if path.is_file() and path.stat().st_size > 0:
            self.stats.used.add(key)
            self.stats.reused += 1
            return path
        if not draw:
            if key not in self._skipped:  # a page asked twice (queued early, then rendered) counts once
                self._skipped.add(key)
                self.stats.skipped += 1
            return None
        if self.drawer is None:
            self.stats.draw_seconds += draw_to_file(content, path)
        else:
            self.drawer.submit(content, path)
        self.stats.used.add(key)
        self.stats.drawn += 1
        return path

    def wait(self) -> None:
        """Block until every card handed to the drawer is in the cache."""
        if self.drawer is not None:
            self.stats.draw_seconds += self.drawer.wait()

    def finish(self, *, prune_days: float | None) -> dict:
        """Record this build's figures; forget cards unused for ``prune_days``.

        Cards used by this build get a fresh modification time, so a card
        is only deleted when no build has needed it for that long (another
        branch may still want yesterday's card).
        """
        now = time.time()
        for key in self.stats.used:
            path = self.path_for(key)
            if path.is_file():
                os.utime(path, (now, now))
        removed = 0
        if prune_days is not None and self.directory.is_dir():
            limit = now - prune_days * 86400
            for path in self.directory.glob("*.png"):
                if path.stem not in self.stats.used and path.stat().st_mtime < limit:
                    path.unlink(missing_ok=True)
                    removed += 1
            # Half-written cards of a drawing worker that was stopped (a failed build).
            for path in self.directory.glob(".*.tmp"):
                if path.stat().st_mtime < now - 86400:
                    path.unlink(missing_ok=True)
        summary = {**self.stats.summary(), "pruned": removed}
        write_bytes_atomic(self.directory / STATS_FILE, json.dumps(summary, indent=2).encode("utf-8") + b"\n")
        return summary


def draw_to_file(content: CardContent, target: Path) -> float:
    """Draw one card into ``target`` (atomically); the seconds spent drawing.

    No fsync: a cache entry lost in a crash is only drawn again (an empty
    file counts as missing), and an fsync costs milliseconds per card.
    """
    started = time.perf_counter()
    data = render_card(content)
    seconds = time.perf_counter() - started
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return seconds
