"""Japanese line wrapping for text drawn into images with Pillow.

Japanese has no spaces between words, so wrapping at spaces (what most
image tools do) either never breaks a title or breaks it mid-word.
BudouX splits a sentence into phrases (文節) that read naturally when a
line ends after them; we break only there, and fall back to single
characters only for a phrase that is wider than the whole line.

Used for generated EPUB covers and link cards; nothing here knows about
either.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Protocol

import budoux

# Debian's fonts-noto-cjk; the first face of each collection is the Japanese one.
CJK_FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk", "/usr/share/fonts/opentype/noto-cjk")
CJK_FONT_FILES = {"regular": "NotoSansCJK-Regular.ttc", "bold": "NotoSansCJK-Bold.ttc"}
JAPANESE_FACE_INDEX = 0

# A line must not start with these (行頭禁則); they stay with the text before them.
_NO_LINE_START = set("、。，．,.)]｝〕〉》」』】〙〗〟’”ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖ・：；！？!?:;%％）")
_ASCII_WORD_CHAR = re.compile(r"[A-Za-z0-9]")
_SPACE_SPLIT = re.compile(r"(?<=\s)(?=\S)")


class TextFont(Protocol):
    """What we need from a Pillow font: the advance width of a string."""

    def getlength(self, text: str) -> float: ...


class FontNotFoundError(RuntimeError):
    """No Japanese font installed; the message names the package to install."""


def font_identity() -> list:
    """Names and sizes of the font files: part of the cache key of anything drawn with them."""
    identity = []
    for weight in ("regular", "bold"):
        path = find_cjk_font(weight)
        identity.append([path.name, path.stat().st_size])
    return identity


def find_cjk_font(weight: str = "regular", search_dirs: tuple[str, ...] = CJK_FONT_DIRS) -> Path:
    """The path of Noto Sans CJK (``weight``: "regular" or "bold")."""
    try:
        file_name = CJK_FONT_FILES[weight]
    except KeyError:
        raise ValueError(f"weight must be one of {sorted(CJK_FONT_FILES)}, not {weight!r}") from None
    for directory in search_dirs:
        candidate = Path(directory, file_name)
        if candidate.is_file():
            return candidate
    raise FontNotFoundError(
        f"日本語フォント {file_name} が見つかりません ({', '.join(search_dirs)} を探しました)。"
        "Debian/Ubuntu では `apt-get install fonts-noto-cjk` でインストールしてください"
    )


@functools.lru_cache(maxsize=32)
def load_cjk_font(size: int, weight: str = "regular"):
    """A Pillow font of Noto Sans CJK JP at ``size`` pixels (cached: opening a collection is slow)."""
    from PIL import ImageFont

    return ImageFont.truetype(str(find_cjk_font(weight)), size, index=JAPANESE_FACE_INDEX)


@functools.lru_cache(maxsize=1)
def _parser() -> budoux.Parser:
    return budoux.load_default_japanese_parser()


def split_phrases(text: str) -> list[str]:
    """Break ``text`` into the units a line may end after.

    BudouX phrases, refined two ways: Latin text is split after spaces
    (BudouX keeps a whole English sentence as one phrase), and a boundary
    inside a run of ASCII letters or digits is removed ("202" + "5年").
    """
    phrases: list[str] = []
    for phrase in _parser().parse(text):
        for piece in _SPACE_SPLIT.split(phrase):
            if piece and phrases and _joins_word(phrases[-1], piece):
                phrases[-1] += piece
            elif piece:
                phrases.append(piece)
    return phrases


def _joins_word(before: str, after: str) -> bool:
    if _ASCII_WORD_CHAR.match(before[-1]) and _ASCII_WORD_CHAR.match(after[0]):
        return True
    return after[0] in _NO_LINE_START


def wrap_phrases(text: str, font: TextFont, max_width: float) -> list[str]:
    """Lines of ``text`` no wider than ``max_width`` when drawn with ``font``.

    Explicit newlines are kept. Spaces at the edges of a line are dropped.
    """
    if max_width <= 0:
        raise ValueError("max_width must be positive")
    lines: list[str] = []
    for paragraph in unicodedata.normalize("NFC", text).split("\n"):
        lines.extend(_wrap_paragraph(paragraph.strip(), font, max_width))
    return lines


def _wrap_paragraph(paragraph: str, font: TextFont, max_width: float) -> list[str]:
    if not paragraph:
        return [""]
    # Each line as its pieces (whole phrases, or single characters of a phrase
    # too wide for a line), so lines can later be rebalanced at the same breaks.
    lines: list[list[str]] = []
    current: list[str] = []
    for phrase in split_phrases(paragraph):
        if font.getlength(("".join(current) + phrase).rstrip()) <= max_width:
            current.append(phrase)
            continue
        if "".join(current).strip():
            lines.append(current)
        current = [phrase.lstrip()]
        if font.getlength(current[0].rstrip()) > max_width:
            # A single phrase wider than the line: break it between characters.
            pieces = _break_characters(current[0], font, max_width)
            lines.extend(pieces[:-1])
            current = pieces[-1]
    if "".join(current).strip() or not lines:
        lines.append(current)
    _no_lone_character(lines, font, max_width)
    return ["".join(line).strip() for line in lines]


def _break_characters(phrase: str, font: TextFont, max_width: float) -> list[list[str]]:
    pieces: list[list[str]] = []
    current: list[str] = []
    for char in phrase:
        if not current or font.getlength("".join(current) + char) <= max_width:
            current.append(char)
        elif char in _NO_LINE_START and len(current) > 1:
            # Never start a line with "ー" or "。": carry the previous character over with it.
            pieces.append(current[:-1])
            current = [current[-1], char]
        else:
            pieces.append(current)
            current = [char] if char.strip() else []
    pieces.append(current)
    return pieces


def _visible_characters(text: str) -> int:
    """Characters that stand on their own: 「門。」 is one, like 「門」."""
    return sum(1 for char in text if not char.isspace() and char not in _NO_LINE_START)


def _no_lone_character(lines: list[list[str]], font: TextFont, max_width: float) -> None:
    """No line of a single character (a title ending 「…入」「門」) when there are several lines.

    The line before gives up its end, or else the line after its start.
    Pieces move whole, so a line still ends only where it could before
    (a phrase boundary, or between characters of a phrase too wide for a line).
    """
    if len(lines) < 2:
        return
    for number, line in enumerate(lines):
        if _visible_characters("".join(line)) != 1:
            continue
        if number > 0 and _take_from_before(lines, number, font, max_width):
            continue
        if number + 1 < len(lines):
            _take_from_after(lines, number, font, max_width)


def _take_from_before(lines: list[list[str]], number: int, font: TextFont, max_width: float) -> bool:
    before = lines[number - 1]
    for count in range(1, len(before)):
        text = "".join(before[-count:]).lstrip()
        if not text or text[0] in _NO_LINE_START:
            continue
        if font.getlength((text + "".join(lines[number])).rstrip()) > max_width:
            return False
        lines[number - 1], lines[number] = before[:-count], [text, *lines[number]]
        return True
    return False


def _take_from_after(lines: list[list[str]], number: int, font: TextFont, max_width: float) -> None:
    after = lines[number + 1]
    for count in range(1, len(after)):
        rest = "".join(after[count:]).lstrip()
        if not rest or rest[0] in _NO_LINE_START:
            continue
        if font.getlength(("".join(lines[number]) + "".join(after[:count])).rstrip()) > max_width:
            return
        lines[number], lines[number + 1] = lines[number] + after[:count], after[count:]
        return


def fit_lines(lines: list[str], font: TextFont, max_width: float, max_lines: int, ellipsis: str = "…") -> list[str]:
    """At most ``max_lines`` lines; the last one ends with ``ellipsis`` if text was cut."""
    if max_lines <= 0:
        raise ValueError("max_lines must be positive")
    if len(lines) <= max_lines:
        return list(lines)
    kept = list(lines[:max_lines])
    last = kept[-1]
    while last and font.getlength(last + ellipsis) > max_width:
        last = last[:-1]
    kept[-1] = last.rstrip() + ellipsis
    return kept
