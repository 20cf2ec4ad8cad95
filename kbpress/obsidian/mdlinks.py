"""Ordinary Markdown links in notes: the local files they use, and attachments labelled like wikilinks.

``[議事録](files/議事録.pdf)`` reads 「議事録（PDF・1.2 MB）」 exactly as
``[[議事録.pdf]]`` does. Images, link definitions and raw HTML ``src`` /
``href`` only count as uses (the site copies the files a published note
uses, nothing else). A missing file is left to MkDocs and ``kbpress
check``, which already report ordinary links with their line.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from ..codemask import mask_code
from . import attachments
from .links import LinkContext

_INLINE_RE = re.compile(
    r"(?P<bang>!?)\[(?P<label>(?:[^\[\]\\\n]|\\.)*)\]\((?P<dest><[^>\n]*>|[^)\s]+)(?P<title>[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*\)"
)
_DEFINITION_RE = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<dest>[^\s>]+)>?", re.MULTILINE)
_HTML_URL_RE = re.compile(r"""\b(?:src|href)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""", re.IGNORECASE)


def local_target(source: str, destination: str) -> str | None:
    """The docs-relative path a relative link of ``source`` points to; None for anything else."""
    destination = destination.strip().strip("<>")
    parts = urlsplit(destination)
    if parts.scheme or parts.netloc or not parts.path or destination.startswith(("/", "#")):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(parts.path)))


def label_attachment_links(text: str, context: LinkContext) -> str:
    masked = mask_code(text)
    for pattern, group in ((_DEFINITION_RE, "dest"), (_HTML_URL_RE, None)):
        for match in pattern.finditer(masked):
            destination = match.group(group) if group else (match.group("double") or match.group("single") or "")
            _use(context, local_target(context.source, destination))
    pieces, position = [], 0
    for match in _INLINE_RE.finditer(masked):
        target = _use(context, local_target(context.source, match.group("dest")))
        if target is None or match.group("bang") or target.endswith((".md", ".markdown")):
            continue
        label_end = match.end("label")
        meta = attachments.download_label(target, context.index.files[target])
        if meta in text[match.start("label") : label_end]:
            continue  # already labelled (a link converted from a wikilink)
        pieces.append(text[position:label_end])
        pieces.append(f"（{meta}）")
        position = label_end
    return "".join(pieces) + text[position:]


def _use(context: LinkContext, target: str | None) -> str | None:
    if target is None or target not in context.index.files:
        return None
    context.files.add(target)
    return target
