"""One note's body, Obsidian Markdown → the Markdown the portal's extensions render.

The order matters: TOC blocks and comments go first (a link inside a
private comment must not become a link, nor its target an attachment of
the site), then wikilinks and embeds, then callouts (whose titles may
hold links), then highlights. Every step keeps the line count.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Problem
from .links import LinkContext, convert_wikilinks
from .mdlinks import label_attachment_links
from .syntax import convert_callouts, drop_block_ids, drop_comments, drop_toc_blocks, keep_tags_as_text, mark_highlights
from .vault import VaultIndex


@dataclass(frozen=True)
class Converted:
    source: str  # the Markdown converted (a later call with the same text may reuse the result)
    markdown: str
    problems: list[Problem]
    files: frozenset[str]  # attachments and images the note uses (docs-relative)


def convert_note(body: str, source: str, index: VaultIndex, *, shown: str, first_line: int = 1,
                 details: bool = True) -> Converted:
    """``body``: the note without front matter, whose first line is line ``first_line`` of ``shown``.

    ``details``: pymdownx.details is configured (collapsible callouts).
    """
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    context = LinkContext(index, source, shown, first_line)
    text = drop_toc_blocks(text)
    text, unclosed = drop_comments(text)
    for line in unclosed:
        context.problem(first_line + line, "%% で始まるコメントが閉じられていません。ノートの最後までをコメントとして出力しませんでした。"
                     "コメントの終わりに %% を書いてください")
    text = keep_tags_as_text(text)
    text = convert_wikilinks(text, context)
    text = label_attachment_links(text, context)
    text = convert_callouts(text, details)
    text = mark_highlights(drop_block_ids(text))
    return Converted(body, text, context.problems, frozenset(context.files))
