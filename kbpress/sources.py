"""Reading a Markdown source: encoding, line endings and the front matter block."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Problem

_BOM = "\ufeff"
_OPEN_RE = re.compile(r"^---[ \t]*$")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class SourceText:
    """A decoded source split into its front matter and Markdown body."""

    front_matter: str | None  # YAML text, None when the file has none
    body: str
    body_first_line: int  # 1-based line of the body's first line in the file


class SourceError(ValueError):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def decode_source(raw: bytes, path: str) -> str:
    """UTF-8 (a BOM is fine) with any line ending, or a clear :class:`SourceError`.

    Text in Shift_JIS is named as such instead of being decoded into
    mojibake: it is the usual encoding of files saved by older Windows tools.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise SourceError(Problem(path, _encoding_message(raw), line)) from None
    if text.startswith(_BOM):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _encoding_message(raw: bytes) -> str:
    for encoding, label in (("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP")):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return (
            f"文字コードが UTF-8 ではありません ({label} のようです)。"
            "エディタで「UTF-8」を選んで保存し直してください"
        )
    return "文字コードが UTF-8 ではありません。エディタで「UTF-8」を選んで保存し直してください"


def without_empty_front_matter(markdown: str) -> str:
    """The body of a page whose front matter holds nothing (``---`` twice, or comments only).

    MkDocs strips front matter only when it is a mapping, so an empty block
    (Obsidian leaves one when every property is deleted) would be shown as a
    ``---`` heading; the body is what kbpress read for the same page.
    """
    if not _OPEN_RE.match(markdown.split("\n", 1)[0]):
        return markdown
    try:
        source = split_front_matter(markdown, "")
    except SourceError:
        return markdown
    if source.front_matter is None or any(line.strip() and not line.lstrip().startswith("#") for line in source.front_matter.split("\n")):
        return markdown
    return source.body.lstrip("\n")


def split_front_matter(text: str, path: str) -> SourceText:
    """Separate a leading ``---`` block from the Markdown body."""
    lines = text.split("\n")
    if not lines or not _OPEN_RE.match(lines[0]):
        return SourceText(None, text, 1)
    for index in range(1, len(lines)):
        if _CLOSE_RE.match(lines[index]):
            yaml_text = "\n".join(lines[1:index]) + "\n"
            body = "\n".join(lines[index + 1 :])
            return SourceText(yaml_text, body, index + 2)
    raise SourceError(
        Problem(path, "front matter の終わりを示す --- の行がありません。メタデータの最後に --- だけの行を入れてください", 1)
    )
