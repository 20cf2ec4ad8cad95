"""Attachments as readers see them: the file type and size in Japanese (「PDF・1.2 MB」).

Sizes are in units of 1,024 bytes, labelled KB / MB / GB as Windows
Explorer shows them (the specialists' and most readers' file manager):
under 1 MB whole kilobytes (at least 1 KB), under 10 MB one decimal, then
whole megabytes (and the same for gigabytes); halves round up.
"""

from __future__ import annotations

import posixpath
import re
from decimal import ROUND_HALF_UP, Decimal

IMAGE_SUFFIXES = frozenset((".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".avif"))
TYPE_NAMES = {
    ".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".xls": "Excel", ".xlsx": "Excel", ".ppt": "PowerPoint",
    ".pptx": "PowerPoint", ".odt": "ODF テキスト", ".ods": "ODF 表計算", ".odp": "ODF プレゼンテーション",
    ".csv": "CSV", ".txt": "テキスト", ".zip": "ZIP", ".epub": "EPUB", ".mp4": "動画 MP4", ".mov": "動画 MOV",
    ".mp3": "音声 MP3", ".m4a": "音声 M4A", ".wav": "音声 WAV",
}
# File names cameras, screenshots and Obsidian's paste give: they say nothing about the picture.
_MEANINGLESS_NAME_RE = re.compile(
    r"^(?:pasted[ _-]?image.*|image[ _-]?\d*|img[ _-]?\d+.*|dsc[nf]?[ _-]?\d+.*|screen ?shot.*|スクリーンショット.*"
    r"|画像[ _-]?\d*|写真[ _-]?\d*|[\d _.-]+|[0-9a-f]{8}-[0-9a-f-]{27,})$",
    re.IGNORECASE,
)


def is_image(path: str) -> bool:
    return posixpath.splitext(path)[1].lower() in IMAGE_SUFFIXES


def type_name(path: str) -> str:
    suffix = posixpath.splitext(path)[1].lower()
    return TYPE_NAMES.get(suffix) or (suffix[1:].upper() if suffix else "ファイル")


def size_text(size: int) -> str:
    """1,234,567 bytes → "1.2 MB"."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2)):
        if size >= scale:
            value = Decimal(size) / scale
            places = Decimal("0.1") if value < 10 else Decimal("1")
            return f"{value.quantize(places, rounding=ROUND_HALF_UP)} {unit}"
    kilobytes = (Decimal(size) / 1024).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    if kilobytes >= 1024:
        return "1.0 MB"
    return f"{max(kilobytes, Decimal(1))} KB"


def download_label(path: str, size: int) -> str:
    """What follows a download link's text: 「PDF・1.2 MB」."""
    return f"{type_name(path)}・{size_text(size)}"


def stem(path: str) -> str:
    return posixpath.splitext(posixpath.basename(path))[0]


def says_nothing(path: str) -> bool:
    """True for image names that cannot serve as alternative text (Pasted image 2024…, IMG_0012)."""
    return bool(_MEANINGLESS_NAME_RE.match(stem(path).strip()))
