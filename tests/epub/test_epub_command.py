"""`kbpress epub`: the same bytes as the full build, one volume or all, clear errors."""

from __future__ import annotations

import subprocess
import sys
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
