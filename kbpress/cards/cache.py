"""A persistent cache of drawn cards, keyed by a hash of what is printed on them.

Drawing is cheap (under 10 ms) but a knowledge base has thousands of
pages and most builds change a handful, so an unchanged card is never
drawn twice. The key covers the text, the renderer version and the font
files, so upgrading either redraws everything once.

Cards requested during a build are drawn at the end in the calling
process when few are missing; when many are (a first build, a new font)
they go to worker processes as they are requested, so drawing overlaps
with the rest of the build on another core.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import tempfile
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..atomic import write_bytes_atomic
from ..textlayout import find_cjk_font
from .content import CardContent
from .render import render_card

# Bump when the drawing changes, so cached cards are redrawn.
RENDERER_VERSION = "4"
STATS_FILE = "last-build.json"
POOL_THRESHOLD = 64  # missing cards before worker processes are worth their start-up


def _font_identity() -> list:
    identity = []
    for weight in ("regular", "bold"):
        path = find_cjk_font(weight)
        identity.append([path.name, path.stat().st_size])
    return identity


def card_key(content: CardContent, font_identity: list | None = None) -> str:
    """A stable hash of everything that decides the card's pixels."""
    payload = {
        "renderer": RENDERER_VERSION,
        "fonts": font_identity if font_identity is not None else _font_identity(),
        "content": asdict(content),
    }
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

    def __init__(self, directory: Path, *, workers: int = 0):
        self.directory = Path(directory)
        self.stats = CacheStats()
        self.workers = workers if workers > 0 else max(1, (os.cpu_count() or 2) - 1)
        self._fonts: list | None = None
        self._waiting: dict[str, CardContent] = {}  # key -> content, not yet handed to a worker
        self._futures: list[Future] = []
        self._pool: ProcessPoolExecutor | None = None

    def key(self, content: CardContent) -> str:
        if self._fonts is None:
            self._fonts = _font_identity()
        return card_key(content, self._fonts)

    def path_for(self, key: str) -> Path:
        return self.directory / f"{key}.png"

    def card(self, content: CardContent, *, draw: bool = True) -> Path | None:
        """The cached card of ``content``, drawn now if missing and ``draw`` is set."""
        path = self.request(content, draw=draw)
        self.wait()
        return path

    def request(self, content: CardContent, *, draw: bool = True) -> Path | None:
        """Where the card of ``content`` is (or will be once :meth:`wait` returns).

        None when the card is missing and ``draw`` is off (previews).
        """
        key = self.key(content)
        path = self.path_for(key)
        if key in self.stats.used:
            return path  # a page asked before; counted and scheduled once
        self.stats.used.add(key)
        if path.is_file() and path.stat().st_size > 0:
            self.stats.reused += 1
            return path
        if not draw:
            self.stats.used.discard(key)
            self.stats.skipped += 1
            return None
        self._waiting[key] = content
        if self._pool is not None or len(self._waiting) >= POOL_THRESHOLD and self.workers > 1:
            self._hand_to_workers()
        return path

    def _hand_to_workers(self) -> None:
        if self._pool is None:
            # spawn, not fork: the build may run threads (mkdocs serve).
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        for key, content in self._waiting.items():
            self._futures.append(self._pool.submit(draw_to_file, content, str(self.path_for(key))))
        self._waiting.clear()

    def wait(self) -> None:
        """Draw what is still missing; return when every requested card exists."""
        for key, content in list(self._waiting.items()):
            self.stats.draw_seconds += draw_to_file(content, str(self.path_for(key)))
            self.stats.drawn += 1
        self._waiting.clear()
        try:
            for future in self._futures:
                self.stats.draw_seconds += future.result()
                self.stats.drawn += 1
        finally:
            self._futures.clear()
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
                self._pool = None

    def abandon(self) -> None:
        """Stop the workers without waiting (the build failed)."""
        self._waiting.clear()
        self._futures.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

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
        summary = {**self.stats.summary(), "pruned": removed, "workers": self.workers}
        write_bytes_atomic(self.directory / STATS_FILE, json.dumps(summary, indent=2).encode("utf-8") + b"\n")
        return summary


def draw_to_file(content: CardContent, path: str) -> float:
    """Draw one card into ``path`` (atomically); the seconds spent drawing.

    Runs in worker processes too. No fsync: a cache entry lost in a crash
    is only drawn again, and each fsync costs milliseconds per card.
    """
    started = time.perf_counter()
    data = render_card(content)
    seconds = time.perf_counter() - started
    target = Path(path)
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
