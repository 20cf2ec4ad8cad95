"""Dropping a mapped file's resident pages: read-only mappings only, contents intact."""

from __future__ import annotations

import mmap
from pathlib import Path

import pytest

from kbpress.processes import drop_mapped_file_pages

PAGE = mmap.PAGESIZE
PAGES = 256  # 1 MB with 4 KB pages


def _resident_kb(path: Path) -> int:
    """Resident kB of this process's mappings of ``path`` (from /proc/self/smaps)."""
    total, current = 0, ""
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if fields and not fields[0].endswith(":"):
            current = fields[5] if len(fields) > 5 else ""
        elif fields[:1] == ["Rss:"] and current == str(path):
            total += int(fields[1])
    return total


@pytest.fixture
def data_file(tmp_path) -> Path:
    path = tmp_path / "table.bin"
    path.write_bytes(bytes(range(256)) * (PAGES * PAGE // 256))
    return path


def _touch_every_page(view: mmap.mmap) -> int:
    return sum(view[offset] for offset in range(0, len(view), PAGE))


def test_read_only_mapping_is_dropped_and_reads_the_same(data_file):
    with open(data_file, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
        before = _touch_every_page(view)
        assert _resident_kb(data_file) >= PAGES * PAGE // 1024 // 2
        assert drop_mapped_file_pages(data_file.name) == PAGES * PAGE
        assert _resident_kb(data_file) == 0
        assert _touch_every_page(view) == before, "the pages come back from the file unchanged"
        assert view[:256] == bytes(range(256))


def test_writable_mapping_is_left_alone(data_file):
    with open(data_file, "r+b") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_COPY) as view:
        view[0:5] = b"HELLO"  # a private change a drop would lose
        _touch_every_page(view)
        resident = _resident_kb(data_file)
        assert drop_mapped_file_pages(data_file.name) == 0
        assert _resident_kb(data_file) == resident
        assert view[0:5] == b"HELLO"


def test_a_file_nobody_maps_advises_nothing(tmp_path):
    assert drop_mapped_file_pages(str(tmp_path / "not-mapped.bin")) == 0


def test_only_the_whole_file_name_matches(data_file):
    with open(data_file, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
        _touch_every_page(view)
        assert drop_mapped_file_pages("le.bin") == 0, "table.bin is not le.bin"
        assert drop_mapped_file_pages(str(data_file)) == PAGES * PAGE
