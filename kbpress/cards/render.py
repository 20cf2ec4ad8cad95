"""Drawing a 1200×630 link card (OGP image) offline with Noto Sans CJK.

The card is drawn in 8-bit grey levels that a palette maps onto one
gradient from the background navy to white. Anti-aliased text blends
grey levels, and every blend lies on that gradient, so the result is
exact while the PNG stores one byte per pixel: encoding is about three
times faster and the file half the size of an RGB card. The only colour
off the gradient (the accent bar) is an axis-aligned rectangle that no
text overlaps.
"""

from __future__ import annotations

import functools
import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..textlayout import JAPANESE_FACE_INDEX, find_cjk_font, fit_lines, split_phrases, wrap_phrases
from .content import CardContent

if TYPE_CHECKING:  # Pillow is imported when a card is drawn: a build whose cards are all cached needs none
    from PIL import ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
TEXT_WIDTH = WIDTH - 2 * MARGIN
BACKGROUND_RGB = (16, 33, 82)  # grey level 0
FOREGROUND_RGB = (255, 255, 255)  # grey level WHITE
ACCENT_RGB = (255, 179, 0)  # palette entry ACCENT, used for one rectangle only
WHITE, LIGHT, PILL, RULE, ACCENT = 250, 205, 58, 70, 255
# Title sizes tried largest first, with the lines that fit at each size.
TITLE_STEPS = ((72, 3), (64, 3), (56, 4), (48, 4), (44, 5))
TITLE_TOP, TITLE_BOTTOM = 150, 478
LINE_HEIGHT = 1.38
LABEL_FONT, LABEL_HEIGHT, LABEL_PAD, LABEL_GAP, LABEL_TOP = 27, 50, 22, 14, 58
SUBTITLE_FONT, SUBTITLE_LINES = 30, 3
SITE_FONT, ORG_FONT = 36, 24
SUBTITLE_GAP = 20
# A full-width opening bracket carries half an em of space before its glyph;
# at the start of a line that reads as an indent, so such lines move left.
OPENING_BRACKETS = set("「『（【〔［｛〈《〘〖")
PNG_TEXT_KEY = "kbpress:title-lines"  # the title as wrapped, for tests and tools


@dataclass(frozen=True)
class CardLayout:
    """Where the text goes; computed without drawing anything."""

    title_size: int
    title_lines: tuple[str, ...]
    subtitle_lines: tuple[str, ...]
    labels: tuple[str, ...]


class MeasuredFont:
    """A Pillow font whose text widths come from cached per-character advances.

    Wrapping measures every candidate line, which costs a FreeType layout
    per call. With the basic layout engine a string's width is exactly the
    sum of its characters' advances (no GPOS shaping), so caching those
    makes measuring free and still matches what is drawn.
    """

    def __init__(self, pillow_font: ImageFont.FreeTypeFont):
        self.pillow_font = pillow_font
        self._advances: dict[str, float] = {}

    def getlength(self, text: str) -> float:
        advances = self._advances
        total = 0.0
        for char in text:
            width = advances.get(char)
            if width is None:
                width = advances[char] = self.pillow_font.getlength(char)
            total += width
        return total


@functools.lru_cache(maxsize=32)
def font(size: int, weight: str = "regular") -> MeasuredFont:
    """Fonts are loaded once per size: opening the 20 MB collection is the slow part."""
    from PIL import ImageFont

    path = str(find_cjk_font(weight))
    return MeasuredFont(ImageFont.truetype(path, size, index=JAPANESE_FACE_INDEX, layout_engine=ImageFont.Layout.BASIC))


def layout_card(content: CardContent) -> CardLayout:
    """The title at the largest size that fits, wrapped at BudouX phrase boundaries.

    A size fits when the lines fit and no single phrase is wider than a
    line (wrap_phrases would then cut it between characters).
    """
    subtitle = _subtitle_lines(content.subtitle)
    room = TITLE_BOTTOM - TITLE_TOP - _subtitle_height(len(subtitle))
    phrases = [phrase.strip() for phrase in split_phrases(content.title)]
    for size, max_lines in TITLE_STEPS:
        title_font = font(size, "bold")
        if any(title_font.getlength(phrase) > TEXT_WIDTH for phrase in phrases):
            continue  # a phrase would be cut between characters: try a smaller size
        lines = wrap_phrases(content.title, title_font, TEXT_WIDTH)
        if len(lines) <= max_lines and _block_height(len(lines), size) <= room:
            return CardLayout(size, tuple(lines), subtitle, _fitting_labels(content))
    size, max_lines = TITLE_STEPS[-1]
    while max_lines > 1 and _block_height(max_lines, size) > room:
        max_lines -= 1
    title_font = font(size, "bold")
    lines = fit_lines(wrap_phrases(content.title, title_font, TEXT_WIDTH), title_font, TEXT_WIDTH, max_lines)
    return CardLayout(size, tuple(lines), subtitle, _fitting_labels(content))


def _subtitle_lines(subtitle: str) -> tuple[str, ...]:
    if not subtitle:
        return ()
    regular = font(SUBTITLE_FONT)
    return tuple(fit_lines(wrap_phrases(subtitle, regular, TEXT_WIDTH), regular, TEXT_WIDTH, SUBTITLE_LINES))


def _block_height(lines: int, size: int) -> int:
    return round(lines * size * LINE_HEIGHT)


def _subtitle_height(lines: int) -> int:
    return _block_height(lines, SUBTITLE_FONT) + SUBTITLE_GAP if lines else 0


def _line_start(line: str, size: int) -> float:
    return MARGIN - size / 2 if line[:1] in OPENING_BRACKETS else MARGIN


def _fitting_labels(content: CardContent) -> tuple[str, ...]:
    """Labels in order while they fit on one row (the date needs room too)."""
    label_font = font(LABEL_FONT, "bold")
    available = TEXT_WIDTH - (font(LABEL_FONT).getlength(content.date) + LABEL_GAP if content.date else 0)
    kept, used = [], 0.0
    for label in content.labels:
        width = label_font.getlength(label) + 2 * LABEL_PAD
        if used + width > available:
            break
        kept.append(label)
        used += width + LABEL_GAP
    return tuple(kept)


@functools.lru_cache(maxsize=1)
def _palette() -> list[int]:
    palette = []
    for level in range(256):
        share = min(level / WHITE, 1.0)
        palette += [round(b + (f - b) * share) for b, f in zip(BACKGROUND_RGB, FOREGROUND_RGB)]
    palette[ACCENT * 3 : ACCENT * 3 + 3] = ACCENT_RGB
    return palette


def render_card(content: CardContent) -> bytes:
    """The card as PNG bytes (deterministic: same content, same bytes)."""
    from PIL import Image, ImageDraw
    from PIL.PngImagePlugin import PngInfo

    layout = layout_card(content)
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 11), fill=ACCENT)
    _draw_labels(draw, layout.labels, content.date)
    _draw_title(draw, layout)
    _draw_footer(draw, content)
    image.putpalette(_palette())
    info = PngInfo()
    info.add_text(PNG_TEXT_KEY, json.dumps(list(layout.title_lines)))  # ASCII JSON: a plain tEXt chunk
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, compress_level=3)
    return out.getvalue()


def _draw_labels(draw: ImageDraw.ImageDraw, labels: tuple[str, ...], date: str) -> None:
    label_font = font(LABEL_FONT, "bold")
    x, middle = MARGIN, LABEL_TOP + LABEL_HEIGHT / 2
    for label in labels:
        width = label_font.getlength(label) + 2 * LABEL_PAD
        draw.rounded_rectangle((x, LABEL_TOP, x + width, LABEL_TOP + LABEL_HEIGHT), radius=LABEL_HEIGHT // 2, fill=PILL)
        draw.text((x + width / 2, middle), label, font=label_font.pillow_font, fill=WHITE, anchor="mm")
        x += width + LABEL_GAP
    if date:
        draw.text((x + (4 if labels else 0), middle), date, font=font(LABEL_FONT).pillow_font, fill=LIGHT, anchor="lm")


def _draw_title(draw: ImageDraw.ImageDraw, layout: CardLayout) -> None:
    title_font = font(layout.title_size, "bold")
    title_height = _block_height(len(layout.title_lines), layout.title_size)
    block = title_height + _subtitle_height(len(layout.subtitle_lines))
    y = TITLE_TOP + max(0, (TITLE_BOTTOM - TITLE_TOP - block) // 2)
    step = layout.title_size * LINE_HEIGHT
    for index, line in enumerate(layout.title_lines):
        x = _line_start(line, layout.title_size)
        draw.text((x, y + index * step + step / 2), line, font=title_font.pillow_font, fill=WHITE, anchor="lm")
    y += title_height + SUBTITLE_GAP
    step = SUBTITLE_FONT * LINE_HEIGHT
    subtitle_font = font(SUBTITLE_FONT).pillow_font
    for index, line in enumerate(layout.subtitle_lines):
        x = _line_start(line, SUBTITLE_FONT)
        draw.text((x, y + index * step + step / 2), line, font=subtitle_font, fill=LIGHT, anchor="lm")


def _draw_footer(draw: ImageDraw.ImageDraw, content: CardContent) -> None:
    draw.rectangle((MARGIN, 500, WIDTH - MARGIN, 501), fill=RULE)
    if content.title == content.site_name:  # the home page: the title already names the site
        if content.organisation:
            org_font = font(ORG_FONT, "bold")
            draw.text((MARGIN, 556), _one_line(content.organisation, org_font, TEXT_WIDTH),
                      font=org_font.pillow_font, fill=WHITE, anchor="lm")
        return
    site_font = font(SITE_FONT, "bold")
    draw.text((MARGIN, 552), content.site_name, font=site_font.pillow_font, fill=WHITE, anchor="lm")
    x = MARGIN + site_font.getlength(content.site_name) + 28
    room = WIDTH - MARGIN - x
    if content.organisation and room > ORG_FONT * 4:
        org_font = font(ORG_FONT)
        draw.text((x, 556), _one_line(content.organisation, org_font, room), font=org_font.pillow_font, fill=LIGHT, anchor="lm")


def _one_line(text: str, text_font: MeasuredFont, width: float) -> str:
    """``text`` on one line, shortened with an ellipsis when it is too wide."""
    return fit_lines(wrap_phrases(text, text_font, width), text_font, width, 1)[0]
