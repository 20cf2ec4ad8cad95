"""A vault as a whole: its index, the slugify of the portal's ``toc``, and which files the site keeps.

Shared by the build's adapter (:mod:`kbpress.plugins.obsidian`) and
``kbpress check``, so both resolve links and choose attachments alike.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from markdown.extensions.toc import slugify as markdown_slugify

from ..content import MARKDOWN_SUFFIXES
from ..model import Problem
from .convert import Converted, convert_note
from .headings import Slugify, heading_ids
from .vault import NoteInfo, VaultIndex

# Files a site serves from the docs root by name, used by no page.
ROOT_FILES = frozenset(("robots.txt", "CNAME", ".nojekyll", "favicon.ico"))


@dataclass(frozen=True)
class NoteSource:
    """A published note as read from disk: its body starts on line ``first_line`` of ``shown``."""

    src: str  # docs-relative path
    title: str
    body: str
    first_line: int
    shown: str


@dataclass
class Survey:
    """Every published note converted once, before MkDocs renders any of them."""

    converted: dict[str, Converted]  # by docs-relative path
    used: set[str]  # files the notes use
    errors: list[Problem]  # ambiguous links: they stop a build


def survey(notes: list[NoteSource], index: VaultIndex, details: bool) -> Survey:
    result = Survey({}, set(), [])
    for note in notes:
        converted = convert_note(note.body, note.src, index, shown=note.shown, first_line=note.first_line, details=details)
        result.converted[note.src] = converted
        result.used |= converted.files
        result.errors += [problem for problem in converted.problems if problem.severity == "error"]
    return result


def toc_slugify(extension_configs: dict) -> tuple[Slugify, str]:
    """The ``slugify`` and ``separator`` the ``toc`` extension is configured with (its defaults otherwise)."""
    options = extension_configs.get("toc") or extension_configs.get("markdown.extensions.toc") or {}
    return options.get("slugify") or markdown_slugify, options.get("separator", "-")


def vault_files(docs_dir: Path) -> tuple[set[str], dict[str, int]]:
    """(Markdown files, other files with their sizes) under ``docs_dir``; hidden folders and files left out."""
    notes, files = set(), {}
    for root, dirs, names in os.walk(docs_dir):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(root, name)
            relative = path.relative_to(docs_dir).as_posix()
            if name.endswith(MARKDOWN_SUFFIXES):
                notes.add(relative)
            elif path.is_file():
                files[relative] = path.stat().st_size
    return notes, files


def build_index(published: Iterable[tuple[str, str, str]], docs_dir: Path, slugify: Slugify, separator: str) -> VaultIndex:
    """``published``: (docs-relative path, title, Markdown body) of every note the site publishes."""
    notes = {src: NoteInfo(title, heading_ids(body, slugify, separator)) for src, title, body in published}
    markdown_files, files = vault_files(docs_dir)
    return VaultIndex(notes, files, markdown_files - set(notes))


def index_digest(index: VaultIndex) -> str:
    """What a converted body may depend on besides its own source: titles, headings, sizes, publication."""
    payload = {
        "notes": {src: [info.title, [list(pair) for pair in info.headings]] for src, info in index.notes.items()},
        "files": index.files,
        "unpublished": sorted(index.unpublished),
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def unused_files(static_files: Iterable[str], used: set[str], named: set[str]) -> list[str]:
    """Docs files (not notes) no published note uses and no setting names: they stay out of the site.

    A vault folder holds private files beside the published ones (scans,
    customers' documents): publishing every file of ``docs_dir``, as MkDocs
    does, would put them on the web.
    """
    return sorted(src for src in static_files if src not in used and src not in named and src not in ROOT_FILES)


def converted_bodies(loaded, docs_dir: Path, extensions: list, extension_configs: dict, shown: dict[str, str]):
    """``kbpress check``: each loaded page's body as the build converts it, with the problems found.

    ``loaded``: every page loaded (:class:`kbpress.content.LoadedPage`); drafts
    and topics dated later are link targets the build will not have, as in
    the build. ``shown``: each page's path as the user knows it. Yields (page, converted).
    """
    from .. import clock
    from ..model import is_published

    now = clock.now()
    published = [item for item in loaded if is_published(item.page.meta, now)]
    index = build_index(((item.page.src_path, item.page.meta.title, item.source.body) for item in published),
                        docs_dir, *toc_slugify(extension_configs))
    details = "pymdownx.details" in {str(name) for name in extensions}
    for item in loaded:
        src = item.page.src_path
        yield item, convert_note(item.source.body, src, index, shown=shown[src],
                                 first_line=item.source.body_first_line, details=details)
