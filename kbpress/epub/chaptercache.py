"""Prepared chapters kept between builds.

Preparing a chapter (parse the page's HTML, flatten Material's widgets,
sanitise, footnotes) is most of the EPUB step: 0.3 s of 0.7 s for 1,000
chapters. Its result depends only on the page's HTML and title, the
chapter's file name and kind, and the code that prepares it, so it is
kept in ``epub-chapters.jsonl`` in the cache folder under a hash of all
of these (the code by :func:`kbpress.codeidentity.code_identity`).
Links are still rewritten and images embedded on every build, since they
depend on the other chapters and pages.

The file holds the chapters the last build used, one JSON line each
(the key, the frozen chapter in base64, its id map).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from pathlib import Path

from ..atomic import write_chunks_atomic
from ..codeidentity import code_identity
from ..model import Page
from .chapters import Chapter

CACHE_FILE = "epub-chapters.jsonl"
def chapter_key(page: Page, file_name: str, appendix: bool) -> str:
    digest = hashlib.sha256(code_identity().encode("ascii") + b"\0")
    for part in (page.html, page.title, file_name, "appendix" if appendix else "chapter"):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


class ChapterCache:
    """Frozen chapters (see :meth:`Chapter.freeze`) and their id maps, by :func:`chapter_key`."""

    def __init__(self, path: Path | None):
        self.path = Path(path) if path is not None else None
        self._stored: dict[str, tuple[bytes, dict[str, str]]] = {}
        self._used: dict[str, tuple[bytes, dict[str, str]]] = {}

    @classmethod
    def load(cls, path: Path | None) -> ChapterCache:
        cache = cls(path)
        if path is None:
            return cache
        try:
            with open(path, "rb") as handle:
                for line in handle:
                    key, frozen, ids = json.loads(line)
                    cache._stored[key] = (base64.b64decode(frozen, validate=True), ids)
        except (OSError, ValueError, TypeError, AttributeError, binascii.Error):
            cache._stored = {}
        return cache

    def chapter(self, page: Page, file_name: str, appendix: bool, prepare) -> Chapter:
        """The frozen chapter of ``page``: from the cache, or ``prepare()``d and frozen now."""
        key = chapter_key(page, file_name, appendix)
        stored = self._stored.get(key) or self._used.get(key)
        if stored is not None:
            frozen, ids = stored
            chapter = Chapter(page, file_name, appendix, None, dict(ids))
            chapter.frozen = frozen
        else:
            chapter = prepare()
            chapter.freeze()
        self._used[key] = (chapter.frozen, dict(chapter.ids))
        return chapter

    def keep(self, page: Page, file_name: str, appendix: bool) -> None:
        """Carry a stored chapter over to this build's file without preparing it (its volume was kept whole)."""
        key = chapter_key(page, file_name, appendix)
        if key in self._stored:
            self._used[key] = self._stored[key]

    def save(self) -> None:
        """Keep the chapters this build used (nothing is written when they are the stored ones)."""
        if self.path is None or self._used.keys() == self._stored.keys():
            return
        lines = (
            json.dumps([key, base64.b64encode(frozen).decode("ascii"), ids], ensure_ascii=False).encode("utf-8") + b"\n"
            for key, (frozen, ids) in sorted(self._used.items())
        )
        try:
            write_chunks_atomic(self.path, lines, durable=False)
        except OSError:
            pass  # a cache that cannot be written only costs the preparation next time
