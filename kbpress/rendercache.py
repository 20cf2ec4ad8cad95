"""Rendered page bodies kept from the last successful build.

``kbpress epub`` needs chapters rendered exactly as the portal renders
them, but not the portal. Rendering Markdown is most of its time (about
3.7 s for 1,000 chapters), so every full build leaves the bodies it
rendered in ``rendered-pages.jsonl`` in the cache folder, and the command
reuses a body when nothing that shapes it has changed; it renders only
the other pages, with MkDocs, as the build would.

What shapes a body besides its own source file: mkdocs.yml (Markdown
extensions and their options), the versions of the packages that render,
and the URLs of every page and file of the site (relative links are
rewritten against them). These make the cache's fingerprint: when it
differs, nothing is reused. Each body is stored with a digest of its
source file. A site whose pages pull in other files while rendering
(``pymdownx.snippets``) gets no cache: a body could change while its own
file did not.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .atomic import write_chunks_atomic
from .model import Heading

CACHE_FILE = "rendered-pages.jsonl"
# JSON Lines: a header (the fingerprint), then one page a line (written and read a page at a time). The
# fingerprint holds the code identity, so a change of this layout (code of kbpress) misses the old file.
UNCACHEABLE_EXTENSIONS = ("pymdownx.snippets",)


@dataclass(frozen=True)
class RenderedBody:
    html: str
    toc: tuple[Heading, ...]


def source_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(config_text: bytes, site_files: list[tuple[str, str]], versions: dict[str, str]) -> str:
    """One digest of everything besides a page's own source that shapes its body.

    ``site_files``: (source path, URL) of every page and file of the site.
    """
    payload = json.dumps(
        {"versions": versions, "files": sorted(site_files)},
        ensure_ascii=False, sort_keys=True,
    ).encode("utf-8")
    return hashlib.sha256(config_text + b"\0" + payload).hexdigest()


def _toc_to_json(toc: tuple[Heading, ...]) -> list:
    return [[heading.level, heading.id, heading.title, _toc_to_json(heading.children)] for heading in toc]


def _toc_from_json(items: list) -> tuple[Heading, ...]:
    return tuple(Heading(level, id_, title, _toc_from_json(children)) for level, id_, title, children in items)


class RenderCache:
    """Bodies by source path, valid for one fingerprint."""

    def __init__(self, path: Path, fingerprint: str):
        self.path = Path(path)
        self.fingerprint = fingerprint
        self._entries: dict[str, list] = {}  # source path -> [digest, html, toc]

    @classmethod
    def load(cls, path: Path, fingerprint: str) -> RenderCache:
        """The cache at ``path``; empty when missing, unreadable or made for another fingerprint."""
        cache = cls(path, fingerprint)
        try:
            with open(path, "rb") as handle:
                header = json.loads(handle.readline())
                if header != {"fingerprint": fingerprint}:
                    return cache
                for line in handle:
                    src_path, *entry = json.loads(line)
                    cache._entries[src_path] = entry
        except (OSError, ValueError, TypeError):
            cache._entries = {}
        return cache

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, src_path: str, digest: str) -> RenderedBody | None:
        entry = self._entries.get(src_path)
        if not isinstance(entry, list) or len(entry) != 3 or entry[0] != digest:
            return None
        try:
            return RenderedBody(entry[1], _toc_from_json(entry[2]))
        except (TypeError, ValueError):
            return None

    def put(self, src_path: str, digest: str, html: str, toc: tuple[Heading, ...]) -> None:
        self._entries[src_path] = [digest, html, _toc_to_json(toc)]

    def save(self) -> None:
        header = {"fingerprint": self.fingerprint}
        lines = (
            json.dumps([src_path, *self._entries[src_path]], ensure_ascii=False).encode("utf-8") + b"\n"
            for src_path in sorted(self._entries)
        )
        write_chunks_atomic(self.path, _chained(json.dumps(header).encode("utf-8") + b"\n", lines), durable=False)


def _chained(first: bytes, rest):
    yield first
    yield from rest
