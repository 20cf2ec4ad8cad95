"""Open Graph and X (Twitter) card tags for a page's ``<head>``."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .render import HEIGHT, WIDTH


@dataclass(frozen=True)
class LinkPreview:
    """What a social network shows when someone posts the page's URL."""

    title: str
    description: str
    url: str  # absolute
    site_name: str
    image_url: str | None = None  # absolute; None when no card exists (previews)
    is_article: bool = False


def ogp_tags(preview: LinkPreview) -> str:
    """``<meta>`` elements, one per line, ready to insert before ``</head>``."""
    pairs = [
        ("property", "og:type", "article" if preview.is_article else "website"),
        ("property", "og:site_name", preview.site_name),
        ("property", "og:title", preview.title),
        ("property", "og:description", preview.description),
        ("property", "og:url", preview.url),
        ("property", "og:locale", "ja_JP"),
    ]
    if preview.image_url:
        pairs += [
            ("property", "og:image", preview.image_url),
            ("property", "og:image:type", "image/png"),
            ("property", "og:image:width", str(WIDTH)),
            ("property", "og:image:height", str(HEIGHT)),
            ("property", "og:image:alt", preview.title),
            ("name", "twitter:card", "summary_large_image"),
            ("name", "twitter:image", preview.image_url),
        ]
    else:
        pairs.append(("name", "twitter:card", "summary"))
    pairs += [("name", "twitter:title", preview.title), ("name", "twitter:description", preview.description)]
    return "".join(f'<meta {attr}="{name}" content="{escape(value, quote=True)}">\n' for attr, name, value in pairs)


def insert_into_head(html: str, fragment: str) -> str:
    """``html`` with ``fragment`` just before ``</head>`` (unchanged if there is none)."""
    position = html.find("</head>")
    if position < 0:
        return html
    return html[:position] + fragment + html[position:]
