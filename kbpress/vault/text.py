"""A note's title and summary when its front matter gives none: the first heading, the first paragraph."""

from __future__ import annotations

import re

from ..unsafe import XML_FORBIDDEN_RE

SUMMARY_LENGTH = 120
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_HEADING_RE = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_NOT_PROSE = ("#", ">", "|", "- ", "* ", "+ ", "!", "%%", "<", "---", "***", "$$", "[^")
_INLINE = [
    (re.compile(r"%%.*?%%"), ""),
    (re.compile(r"(?:(?<=\S)[ \t]+|^[ \t]*)\^[A-Za-z0-9-]+[ \t]*$", re.MULTILINE), ""),  # a block id
    (re.compile(r"!?\[\[([^\]|]+)\|([^\]]+)\]\]"), r"\2"),
    (re.compile(r"!?\[\[([^\]#|]+)(?:#[^\]]*)?\]\]"), r"\1"),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__|==|~~|`)"), ""),
    (re.compile(r"<[^>]+>"), ""),
]


def plain(text: str) -> str:
    """Inline Markdown and Obsidian markup reduced to its words."""
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return " ".join(XML_FORBIDDEN_RE.sub("", text).split())


def _prose_lines(body: str):
    """(line, is_heading) outside fenced blocks (a table-of-contents block is not prose)."""
    fence = None
    for line in body.splitlines():
        match = _FENCE_RE.match(line)
        if match:
            fence = None if fence == match.group(1) else (fence or match.group(1))
            continue
        if fence is None:
            yield line


def first_heading(body: str) -> str | None:
    for line in _prose_lines(body):
        match = _HEADING_RE.match(line)
        if match:
            return plain(match.group(1)) or None
    return None


def first_paragraph(body: str) -> str | None:
    paragraph: list[str] = []
    for line in _prose_lines(body):
        stripped = line.strip()
        if not stripped or stripped.startswith(_NOT_PROSE) or re.match(r"^\d+\.\s", stripped):
            if paragraph:
                break
            continue
        paragraph.append(stripped)
    text = plain(" ".join(paragraph))
    if not text:
        return None
    if len(text) <= SUMMARY_LENGTH:
        return text
    cut = text[:SUMMARY_LENGTH]
    end = cut.rfind("。")
    return cut[: end + 1] if end >= SUMMARY_LENGTH // 2 else cut + "…"
