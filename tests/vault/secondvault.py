"""A second vault, kept the way another team keeps theirs, materialised with its binary attachments.

The Markdown lives in ``second-vault/``; the attachments Obsidian would have
filled in (pasted screenshots, a PDF, a 10 MB screen recording) are written
here as small valid files so the repository stays light.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

SECOND_VAULT = Path(__file__).resolve().parent / "second-vault"
PRIVATE_MARKERS = ("QX77-PRIVATE", "QX77-DRAFT", "QX77-COMMENT", "QX77", "○○工業", "相談者から届いたメール", "見積書の写し")
VIDEO_BYTES = 10 * 1024 * 1024


def _png(rgb: tuple[int, int, int]) -> bytes:
    width = height = 2
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _mp4(size: int) -> bytes:
    ftyp = struct.pack(">I", 24) + b"ftypisom" + struct.pack(">I", 512) + b"isommp41"
    mdat_size = size - len(ftyp)
    return ftyp + struct.pack(">I", mdat_size) + b"mdat" + bytes(mdat_size - 8)


ATTACHMENTS = {
    "Attachments/Pasted image 20240312101500.png": lambda: _png((10, 120, 200)),
    "Attachments/Pasted image 20230401093000.png": lambda: _png((10, 200, 20)),
    "Attachments/フィッシング画面の例.png": lambda: _png((240, 240, 0)),
    "Attachments/相談者から届いたメール.png": lambda: _png((1, 2, 3)),
    "Attachments/送金確認フロー.pdf": _pdf,
    "Attachments/スマホ紛失 手順動画.mp4": lambda: _mp4(VIDEO_BYTES),
    "30 相談記録/添付ファイル/見積書の写し.pdf": _pdf,
}


def materialise(target: Path) -> Path:
    """Copy the second vault to ``target`` and write its attachments; returns ``target``."""
    shutil.copytree(SECOND_VAULT, target)
    for relative, make in ATTACHMENTS.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make())
    return target
