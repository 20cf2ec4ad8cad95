"""The leak scan of the vault tests: every output file, its zip members (EPUB, Office files) and its name.

A marker counts as leaked in any form a page, a feed or the search index
could carry it: as written, percent-encoded (either case) or JSON-escaped.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from urllib.parse import quote

TEXT_SUFFIXES = (".html", ".xml", ".atom", ".xhtml", ".opf", ".ncx", ".txt")


def member_texts(path: Path, textual_only: bool = False) -> list[bytes]:
    """The file's bytes and, for a zip (the EPUB), each member's; only text members when ``textual_only``."""
    data = path.read_bytes()
    if not zipfile.is_zipfile(path):
        return [data]
    with zipfile.ZipFile(path) as archive:
        names = [name for name in archive.namelist() if not textual_only or name.endswith(TEXT_SUFFIXES)]
        members = [archive.read(name) for name in names]
    return members if textual_only else [data, *members]


def leaks(files: list[Path], root: Path, markers: tuple[str, ...]) -> list[str]:
    """``file: marker`` for each marker found in a file's name (relative to ``root``) or contents."""
    found = []
    for path in files:
        texts = member_texts(path)
        for marker in markers:
            forms = {marker.encode(), quote(marker).encode(), quote(marker).lower().encode(), json.dumps(marker).encode()}
            if marker in path.relative_to(root).as_posix() or any(form in text for form in forms for text in texts):
                found.append(f"{path.relative_to(root)}: {marker}")
    return found


def excluded_folders(mkdocs_yml: str) -> list[str]:
    """The folders under ``vault: exclude:`` of a mkdocs.yml written by ``kbpress init --vault``."""
    block = re.search(r"^        exclude:(?: \[\])?\n((?:          - .*\n)*)", mkdocs_yml, re.M)
    assert block is not None, "no vault exclude: in mkdocs.yml"
    return [json.loads(re.match(r'\s+- ("(?:[^"\\]|\\.)*")', line).group(1)) for line in block.group(1).splitlines()]
