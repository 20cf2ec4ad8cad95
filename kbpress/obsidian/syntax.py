"""Obsidian's block and inline syntax that needs no vault: comments, callouts, TOC blocks, highlights.

Every function keeps the number of lines: line *n* of the result comes
from line *n* of the note, so a problem found later (a broken link, a
content rule) is reported on the note's own line. Code (fenced blocks,
spans) is left as written: :func:`kbpress.codemask.mask_code` gives the
positions that are code.
"""

from __future__ import annotations

import re
from typing import Callable

from ..codemask import mask_code, offsets

COMMENT = "%%"
TOC_BLOCK_INFO = "table-of-contents"
# Blocks only an Obsidian plugin can run: a Dataview query shown as code would be noise (and may name private notes).
PLUGIN_BLOCK_INFOS = frozenset({TOC_BLOCK_INFO, "dataview", "dataviewjs"})

# Obsidian's callout types (aliases included) are Material's admonition classes too.
CALLOUT_TITLES = {
    "note": "メモ", "abstract": "要約", "summary": "要約", "tldr": "要約", "info": "情報", "todo": "やること",
    "tip": "ヒント", "hint": "ヒント", "important": "重要", "success": "完了", "check": "完了", "done": "完了",
    "question": "質問", "help": "質問", "faq": "よくある質問", "warning": "注意", "caution": "注意",
    "attention": "注意", "failure": "失敗", "fail": "失敗", "missing": "不足", "danger": "危険",
    "error": "エラー", "bug": "不具合", "example": "例", "quote": "引用", "cite": "引用",
}
_CALLOUT_RE = re.compile(r"^(?P<indent>[ \t]*)>[ \t]?\[!(?P<type>[^\]\s]+)\](?P<fold>[+-]?)[ \t]*(?P<title>.*?)[ \t]*$")
_QUOTE_RE = re.compile(r"^(?P<indent>[ \t]*)>[ \t]?")
_FENCE_RE = re.compile(r"^(?P<prefix>[ \t>]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")
# "#タグ" at the start of a line is a tag in Obsidian (a heading needs "# "); Python-Markdown would make it a heading.
_TAG_LINE_RE = re.compile(r"^(?P<lead>[ \t]*(?:>[ \t]?)*[ \t]{0,3})#(?=[^\s#])", re.MULTILINE)
# A block id Obsidian hides: " ^abc-123" at the end of a line, or alone on its line (after a list or table).
_BLOCK_ID_RE = re.compile(r"(?:(?<=\S)[ \t]+|^[ \t]*)\^[A-Za-z0-9-]+[ \t]*$", re.MULTILINE)
_HIGHLIGHT_RE = re.compile(r"(?<![=\\])==(?![=\s])(?P<text>[^\n]*?[^=\s\\])==(?!=)")


def drop_comments(text: str) -> tuple[str, list[int]]:
    """``text`` without ``%%comments%%``; returns the lines (0-based) of comments never closed.

    A comment never closed runs to the end of the note, as in Obsidian:
    what follows an unmatched ``%%`` is private until proven otherwise.
    """
    unclosed: list[int] = []
    while COMMENT in text:  # each pass removes every comment the mask shows; a fence inside one may hide more
        masked = mask_code(text)
        starts = offsets(masked, COMMENT)
        if not starts:
            return text, unclosed
        pieces, position = [], 0
        for opening, closing in zip(starts[::2], starts[1::2] + [None]):
            end = len(text) if closing is None else closing + len(COMMENT)
            if closing is None:
                unclosed.append(text.count("\n", 0, opening))
            pieces.append(text[position:opening])
            pieces.append("\n" * text.count("\n", opening, end))  # keep the line count
            position = end
        text = "".join(pieces) + text[position:]
    return text, unclosed


def drop_toc_blocks(text: str) -> str:
    """```` ```table-of-contents ```` (the portal shows the page's table of contents) and Dataview blocks removed.

    A quoted block keeps its ``>`` markers, so a callout around it stays one
    callout. A block never closed loses only its opening line: what follows
    is the note's text, and nothing of a note is dropped by mistake.
    """
    lines = text.split("\n")
    fence: str | None = None  # the fence of the open code block
    toc_start: int | None = None  # first line of the open table-of-contents block
    for index, line in enumerate(lines):
        match = _FENCE_RE.match(line)
        if fence is None and match is not None:
            fence = match.group("fence")
            toc_start = index if match.group("info").strip().lower() in PLUGIN_BLOCK_INFOS else None
        elif fence is not None and match is not None and _closes(match, fence):
            if toc_start is not None:
                lines[toc_start : index + 1] = [_quote_prefix(block_line).rstrip() for block_line in lines[toc_start : index + 1]]
            fence = toc_start = None
    if toc_start is not None:
        lines[toc_start] = _quote_prefix(lines[toc_start]).rstrip()
    return "\n".join(lines)


def _closes(match: re.Match, fence: str) -> bool:
    closing = match.group("fence")
    return closing[0] == fence[0] and len(closing) >= len(fence) and not match.group("info")


def _quote_prefix(line: str) -> str:
    return re.match(r"^[ \t>]*", line).group(0)


def convert_callouts(text: str, details: bool) -> str:
    """``> [!type]± title`` blockquotes → admonitions (``!!!``), collapsible ones → details (``???``).

    ``details``: pymdownx.details is available; without it a collapsible
    callout is shown open as an ordinary admonition.
    """
    lines = text.split("\n")
    return "\n".join(_callout_lines(lines, mask_code(text).split("\n"), details))


def _callout_lines(lines: list[str], masked: list[str], details: bool) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(lines):
        opener = _CALLOUT_RE.match(masked[index])
        if opener is None:
            out.append(lines[index])
            index += 1
            continue
        indent = opener.group("indent")
        body, body_masked = [], []
        end = index + 1
        # A second "> [!type]" line at the same level starts the next callout: written without a blank
        # line between, Obsidian would show "[!type]" as text, which is never what the writer meant.
        while (end < len(lines) and _QUOTE_RE.match(lines[end]) and lines[end].startswith(indent)
               and not _is_sibling_opener(masked[end], indent)):
            cut = _QUOTE_RE.match(lines[end]).end()
            body.append(lines[end][cut:])
            body_masked.append(masked[end][cut:])
            end += 1
        out.append(indent + _admonition_line(opener, details))
        out.extend((indent + "    " + line) if line.strip() else "" for line in _callout_lines(body, body_masked, details))
        index = end
    return out


def _is_sibling_opener(masked_line: str, indent: str) -> bool:
    opener = _CALLOUT_RE.match(masked_line)
    return opener is not None and opener.group("indent") == indent


def _admonition_line(opener: re.Match, details: bool) -> str:
    written = opener.group("type")
    kind = written.lower()
    css_class = kind if kind in CALLOUT_TITLES else "note"
    title = (opener.group("title") or "").strip() or CALLOUT_TITLES.get(kind, written)
    title = title.replace('"', "&quot;")
    fold = opener.group("fold")
    if fold and details:
        marker = "???+" if fold == "+" else "???"
    else:
        marker = "!!!"
    return f'{marker} {css_class} "{title}"'


def keep_tags_as_text(text: str) -> str:
    """A line starting with an inline tag (``#セキュリティ #LifeWork/知の共有化``) stays a line of text."""
    if "#" not in text:
        return text
    return _sub_outside_code(text, _TAG_LINE_RE, lambda original: original[:-1] + "\\#")


def drop_block_ids(text: str) -> str:
    """Block ids (``text ^abc123``) removed outside code: Obsidian shows none, and links to them open the note."""
    if "^" not in text:
        return text
    return _sub_outside_code(text, _BLOCK_ID_RE, lambda original: "")


def mark_highlights(text: str) -> str:
    """``==text==`` → ``<mark>text</mark>`` outside code; the text inside stays Markdown."""
    if "==" not in text:
        return text
    return _sub_outside_code(text, _HIGHLIGHT_RE, lambda original: f"<mark>{original[2:-2]}</mark>")


def _sub_outside_code(text: str, pattern: re.Pattern, replace: Callable[[str], str]) -> str:
    """Each match of ``pattern`` outside code replaced by ``replace`` of the text it covers."""
    masked = mask_code(text)
    pieces, position = [], 0
    for match in pattern.finditer(masked):
        pieces.append(text[position : match.start()])
        pieces.append(replace(text[match.start() : match.end()]))
        position = match.end()
    return "".join(pieces) + text[position:]
