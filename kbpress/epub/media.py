"""Image media types, decided from the bytes rather than the file name.

Reading systems and EPUBCheck trust the manifest's media-type; a JPEG saved
as ``photo.png`` would be declared wrongly if we believed the extension.
"""

from __future__ import annotations

import re

# EPUB 3.3 core media types for images, with the extension we give them.
IMAGE_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
}
_SVG_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<svg[\s>]", re.DOTALL)


def sniff_image_type(head: bytes) -> str | None:
    """The media type of an image from its first bytes, or None if not a core type."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if _SVG_START.match(head.lstrip(b"\xef\xbb\xbf")):
        return "image/svg+xml"
    return None
