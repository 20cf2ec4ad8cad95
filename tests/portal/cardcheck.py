"""Checks shared by the card tests: line breaks only where BudouX allows one."""

from __future__ import annotations

import json
import unicodedata
from io import BytesIO

import budoux
from PIL import Image

from kbpress.cards import HEIGHT, PNG_TEXT_KEY, WIDTH

ELLIPSIS = "…"
_parser = budoux.load_default_japanese_parser()


def allowed_breaks(title: str) -> set[int]:
    """Offsets in ``title`` where a line may end: BudouX phrase ends, or at a space."""
    offsets, position = set(), 0
    for phrase in _parser.parse(title):
        position += len(phrase)
        offsets.add(position)
    for index, char in enumerate(title):
        if char.isspace():  # Latin text breaks at spaces, which the layout then drops
            offsets.update((index, index + 1))
    return offsets


def assert_budoux_lines(title: str, lines: list[str]) -> None:
    """``lines`` are ``title`` cut only at allowed breaks (a final ellipsis may shorten it)."""
    title = unicodedata.normalize("NFC", title)
    assert lines, "no lines"
    truncated = lines[-1].endswith(ELLIPSIS) and not title.endswith(ELLIPSIS)
    body = lines[:-1] + [lines[-1][: -len(ELLIPSIS)]] if truncated else lines
    allowed = allowed_breaks(title)
    position = 0
    for index, line in enumerate(body):
        while position < len(title) and title[position].isspace():
            position += 1  # spaces at a line edge are dropped by the layout
        assert title.startswith(line, position), f"line {index} {line!r} is not the next part of {title!r}"
        position += len(line)
        last = index == len(body) - 1
        if not last:
            assert position in allowed, f"line {index} of {title!r} ends at {position}, not at a BudouX boundary: {lines}"
    if not truncated:
        assert title[position:].strip() == "", f"text lost at the end of {title!r}: {lines}"


def card_lines(png: bytes) -> list[str]:
    """The title lines the renderer recorded in the PNG, after checking the size."""
    with Image.open(BytesIO(png)) as image:
        assert image.size == (WIDTH, HEIGHT)
        assert image.format == "PNG"
        return json.loads(image.text[PNG_TEXT_KEY])
