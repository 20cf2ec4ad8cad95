"""A generated cover for volumes whose manifest names no cover image.

Plain and legible at thumbnail size in a bookshelf view: the series label
and volume number, the title wrapped at phrase boundaries, the subtitle,
and the organisation at the foot. Drawn with Noto Sans CJK; the PNG is
byte-identical for identical text (Pillow writes no timestamps).

Drawing loads the CJK fonts (14 MB of memory, 0.06 s), so covers are kept
in a cache folder under a hash of their text and the code identity
(:mod:`kbpress.codeidentity`, which covers the drawing code and the font
files); an unchanged volume's cover is read back, not redrawn.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..atomic import write_chunks_atomic
from ..codeidentity import code_identity
from ..textlayout import fit_lines, load_cjk_font, wrap_phrases

WIDTH, HEIGHT = 1200, 1800
MARGIN = 100
BACKGROUND = (40, 53, 147)  # the portal's indigo
BAND = (26, 35, 126)
FOREGROUND = (255, 255, 255)
MUTED = (197, 202, 233)
SERIES_LABEL = "ガイドブック追補資料"


@dataclass(frozen=True)
class CoverText:
    title: str
    volume: int
    subtitle: str
    organisation: str
    language: str = "ja"  # the volume's language: the labels follow it


def cover_labels(language: str, volume: int) -> tuple[str, str]:
    """The series label and the volume number as printed on a cover in ``language``."""
    if language.split("-")[0] == "ja":
        return SERIES_LABEL, f"第{volume}巻"
    return "Guidebook supplement", f"Volume {volume}"


def cached_cover(text: CoverText, cache_dir: Path | None) -> bytes:
    """The cover of ``text``: from ``cache_dir`` when drawn before, else drawn (and kept there)."""
    if cache_dir is None:
        return render_cover(text)
    payload = json.dumps({"code": code_identity(), "text": asdict(text)}, ensure_ascii=False, sort_keys=True)
    path = Path(cache_dir) / f"{hashlib.sha256(payload.encode('utf-8')).hexdigest()}.png"
    try:
        data = path.read_bytes()
        if data:
            return data
    except OSError:
        pass
    data = render_cover(text)
    load_cjk_font.cache_clear()  # the fonts' memory is not needed for the rest of the build
    try:
        write_chunks_atomic(path, (data,), durable=False)
    except OSError:
        pass  # a cache that cannot be written only costs the drawing next time
    return data


def render_cover(text: CoverText) -> bytes:
    """The cover as PNG bytes."""
    from PIL import Image, ImageDraw  # when drawing only: a cached cover needs no Pillow

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 360), fill=BAND)
    draw.rectangle((0, HEIGHT - 260, WIDTH, HEIGHT), fill=BAND)
    width = WIDTH - 2 * MARGIN

    label_font = load_cjk_font(48)
    series, volume = cover_labels(text.language, text.volume)
    draw.text((MARGIN, 110), series, font=label_font, fill=MUTED)
    draw.text((MARGIN, 190), volume, font=load_cjk_font(80, "bold"), fill=FOREGROUND)

    y = 480
    title_font, title_lines = _fit_title(text.title, width)
    for line in title_lines:
        draw.text((MARGIN, y), line, font=title_font, fill=FOREGROUND)
        y += int(title_font.size * 1.35)
    if text.subtitle:
        y += 40
        subtitle_font = load_cjk_font(52)
        for line in fit_lines(wrap_phrases(text.subtitle, subtitle_font, width), subtitle_font, width, 4):
            draw.text((MARGIN, y), line, font=subtitle_font, fill=MUTED)
            y += int(subtitle_font.size * 1.45)

    organisation_font = load_cjk_font(44)
    lines = fit_lines(wrap_phrases(text.organisation, organisation_font, width), organisation_font, width, 2)
    foot = HEIGHT - 130 - (len(lines) - 1) * 60
    for line in lines:
        draw.text((MARGIN, foot), line, font=organisation_font, fill=FOREGROUND, anchor="lm")
        foot += 60

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def _fit_title(title: str, width: int):
    """The largest title size that fits in five lines (long titles get smaller type)."""
    for size in (110, 96, 84, 72):
        font = load_cjk_font(size, "bold")
        lines = wrap_phrases(title, font, width)
        if len(lines) <= 5:
            return font, lines
    return font, fit_lines(lines, font, width, 6)
