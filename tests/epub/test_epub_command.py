"""`kbpress epub`: the same bytes as the full build, one volume or all, clear errors."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
KBPRESS = str(Path(sys.executable).parent / "kbpress")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([KBPRESS, *args], cwd=REPO, capture_output=True, text=True, timeout=300)


def test_standalone_volume_matches_the_full_build(sample_site, tmp_path):
    result = run("epub", "staff-basics", "--output", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["staff-basics.epub"]
    assert (tmp_path / "staff-basics.epub").read_bytes() == (sample_site / "guidebook/staff-basics.epub").read_bytes()


def test_unknown_volume_names_the_defined_ones(tmp_path):
    result = run("epub", "no-such-volume", "--output", str(tmp_path))
    assert result.returncode == 1
    assert "no-such-volume" in result.stderr and "staff-basics" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


# -- chapters reused from the last build ----------------------------------------------------

PROJECT_PARTS = ("mkdocs.yml", "taxonomy.yml", "docs", "guidebook", "feeds")
EDITED_CHAPTER = "docs/articles/passwords-and-mfa.md"  # a chapter of staff-basics


def _copy_sample(root: Path) -> Path:
    root.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, root / part)
        else:
            shutil.copy2(source, root / part)
    return root


def _epub(project: Path, out: Path) -> tuple[int, int]:
    done = subprocess.run([KBPRESS, "epub", "staff-basics", "--output", str(out)], cwd=project,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    match = re.search(r"再利用 (\d+) 章、今回描画 (\d+) 章", done.stdout)
    assert match, done.stdout
    return int(match.group(1)), int(match.group(2))


def _chapter_texts(epub: Path) -> str:
    with zipfile.ZipFile(epub) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xhtml"))


def test_chapters_come_from_the_last_build_until_something_changes(tmp_path):
    project = _copy_sample(tmp_path / "project")
    built = subprocess.run([str(Path(KBPRESS).parent / "mkdocs"), "build", "--strict"], cwd=project,
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (project / ".cache/kbpress/rendered-pages.jsonl").is_file()
    from_build = (project / "site/guidebook/staff-basics.epub").read_bytes()

    reused, rendered = _epub(project, tmp_path / "cached")
    assert reused > 0 and rendered == 0
    assert (tmp_path / "cached/staff-basics.epub").read_bytes() == from_build

    chapters = reused
    edited = project / EDITED_CHAPTER
    edited.write_text(edited.read_text(encoding="utf-8") + "\n追記した段落は EPUB に必ず入ります。\n", encoding="utf-8")
    assert _epub(project, tmp_path / "edited") == (chapters - 1, 1)
    assert "追記した段落は EPUB に必ず入ります。" in _chapter_texts(tmp_path / "edited/staff-basics.epub")

    config = project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original + "\n# a comment shapes no page\n", encoding="utf-8")
    assert _epub(project, tmp_path / "commented") == (chapters - 1, 1), "the fingerprint is of the loaded settings"
    # A changed extension option may change every page.
    assert "permalink_title: この見出しへのリンク" in original
    config.write_text(original.replace("permalink_title: この見出しへのリンク", "permalink_title: 見出しへのリンク"),
                      encoding="utf-8")
    assert _epub(project, tmp_path / "reconfigured") == (0, chapters)

    shutil.rmtree(project / ".cache")
    edited.write_text(edited.read_text(encoding="utf-8").replace("\n追記した段落は EPUB に必ず入ります。\n", ""), encoding="utf-8")
    config.write_text(original, encoding="utf-8")
    assert _epub(project, tmp_path / "no-cache") == (0, chapters)
    assert (tmp_path / "no-cache/staff-basics.epub").read_bytes() == from_build


def test_a_damaged_render_cache_is_ignored(tmp_path):
    project = _copy_sample(tmp_path / "project")
    cache = project / ".cache/kbpress/rendered-pages.jsonl"
    cache.parent.mkdir(parents=True)
    cache.write_text('{"format": 2, "fingerprint": "x"}\n["faq.md", ', encoding="utf-8")
    reused, rendered = _epub(project, tmp_path / "out")
    assert reused == 0 and rendered > 0
    assert not list((project / ".cache/kbpress/cards").glob("*.png")), "kbpress epub draws no link cards"
