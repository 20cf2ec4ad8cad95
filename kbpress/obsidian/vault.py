"""Which file a wikilink or embed names, by Obsidian's rules.

A link names a note (``.md`` optional) or an attachment anywhere in the
vault: first as a path relative to the linking note's folder, then as a
path from the vault's root, then as the end of exactly one path (the
file name alone, or ``folder/name``). Comparison ignores case and Unicode
normalisation: a file saved on a Mac has a decomposed (NFD) name, the
link typed to it is composed (NFC). Two files matching is an error that
names both; the fix is to write more of the path.
"""

from __future__ import annotations

import posixpath
import unicodedata
from dataclasses import dataclass
from typing import Iterable

NOTE_SUFFIX = ".md"


@dataclass(frozen=True)
class NoteInfo:
    """What links into a published note need: its title (for embeds) and its headings with their ids."""

    title: str
    headings: tuple[tuple[str, str], ...] = ()  # (heading text, id the portal gives it)


@dataclass(frozen=True)
class Resolved:
    """``kind``: "note", "file", "unpublished", "missing" or "ambiguous"."""

    kind: str
    path: str | None = None  # docs-relative POSIX path as on disk
    candidates: tuple[str, ...] = ()


def fold(text: str) -> str:
    """The form two names are compared in: NFC, case-folded."""
    return unicodedata.normalize("NFC", text).casefold()


class VaultIndex:
    """Every note and attachment of the docs folder, by folded path and by folded file name.

    ``notes``: the published notes (docs-relative path -> :class:`NoteInfo`);
    ``unpublished``: Markdown files left out of the site (private notes,
    drafts, editors' pages); ``files``: other files (path -> size in bytes).
    """

    def __init__(self, notes: dict[str, NoteInfo], files: dict[str, int], unpublished: Iterable[str] = ()):
        self.notes = dict(notes)
        self.files = dict(files)
        self.unpublished = set(unpublished) - set(self.notes)
        self._memo: dict[tuple[str, str], Resolved] = {}  # (target, folder of the linking note)
        self._by_path: dict[str, str] = {}
        self._by_name: dict[str, list[str]] = {}
        for path in sorted({*self.notes, *self.unpublished, *self.files}):
            key = fold(path)
            self._by_path.setdefault(key, path)
            self._by_name.setdefault(posixpath.basename(key), []).append(path)

    def resolve(self, target: str, source: str) -> Resolved:
        """The file ``target`` (as written in the link) names from the note ``source``."""
        key = (target, posixpath.dirname(source))
        if key not in self._memo:
            self._memo[key] = self._resolve(target, source)
        return self._memo[key]

    def _resolve(self, target: str, source: str) -> Resolved:
        written = _clean_target(target)
        if not written:
            return Resolved("missing")
        forms = [written] if written.casefold().endswith(NOTE_SUFFIX) else [written + NOTE_SUFFIX, written]
        for form in forms:
            found = self._find(fold(form), source)
            if found is not None:
                return found
        return Resolved("missing")

    def _find(self, key: str, source: str) -> Resolved | None:
        relative = posixpath.normpath(posixpath.join(posixpath.dirname(fold(source)), key))
        for candidate in (relative, key.lstrip("/")):
            if candidate in self._by_path:
                return self._resolved(self._by_path[candidate])
        name = posixpath.basename(key)
        matches = [path for path in self._by_name.get(name, ()) if ("/" + fold(path)).endswith("/" + key.lstrip("/"))]
        if len(matches) == 1:
            return self._resolved(matches[0])
        if matches:
            return Resolved("ambiguous", candidates=tuple(matches))
        return None

    def _resolved(self, path: str) -> Resolved:
        if path in self.notes:
            return Resolved("note", path)
        if path in self.unpublished:
            return Resolved("unpublished", path)
        return Resolved("file", path)

    def heading_id(self, note: str, heading: str) -> str | None:
        """The id of ``heading`` (its text as a link writes it) in the published ``note``."""
        wanted = _heading_key(heading)
        info = self.notes.get(note)
        for text, anchor in info.headings if info else ():
            if _heading_key(text) == wanted or anchor == heading:
                return anchor
        return None


def _clean_target(target: str) -> str:
    cleaned = unicodedata.normalize("NFC", target.strip().replace("\\", "/"))
    while cleaned.startswith("./"):
        cleaned = cleaned[2:]
    return cleaned


def _heading_key(text: str) -> str:
    """Headings match as Obsidian matches them: whitespace runs, case and normalisation ignored."""
    return " ".join(fold(text).split())
