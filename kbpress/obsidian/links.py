"""Wikilinks and embeds (``[[note]]``, ``![[a.png|300]]``) → ordinary Markdown links and images.

Links are written relative to the note's own file, as a specialist would
write a Markdown link, so MkDocs resolves them to the target's URL and
validates them like any other internal link (and ``kbpress check`` does
the same without a build). A target that is missing, unpublished or
ambiguous never becomes a link: its label stays as text and the problem
is reported with the note's file and line.
"""

from __future__ import annotations

import posixpath

import re
from dataclasses import dataclass, field
from functools import lru_cache
from posixpath import basename, dirname, relpath
from urllib.parse import quote

from ..codemask import mask_code
from ..model import Problem
from . import attachments
from .vault import VaultIndex

_WIKILINK_RE = re.compile(r"(?P<bang>!?)\[\[(?P<inner>(?:[^\[\]\n\\]|\\.)+?)\]\]")
_SIZE_RE = re.compile(r"^\s*(?P<width>\d+)(?:\s*[x×]\s*(?P<height>\d+))?\s*$")
_LABEL_ESCAPES = str.maketrans({"[": "\\[", "]": "\\]", "\\": "\\\\"})


@dataclass
class LinkContext:
    """One note being converted: where it is, and what its links found."""

    index: VaultIndex
    source: str  # docs-relative path of the note
    shown: str  # the note's path as the user knows it, for messages
    first_line: int  # line of the body's first line in the file
    problems: list[Problem] = field(default_factory=list)
    files: set[str] = field(default_factory=set)  # attachments and images the note uses

    def problem(self, line: int, message: str, severity: str = "warning") -> None:
        self.problems.append(Problem(self.shown, message, line, severity=severity))


@dataclass(frozen=True)
class Wikilink:
    written: str  # the whole link as written, for messages
    embed: bool
    target: str
    heading: str
    options: tuple[str, ...]  # what follows the first |

    @property
    def label(self) -> str:
        return "|".join(self.options).strip()

    @property
    def display(self) -> str:
        """Obsidian's text for a link without label: ``note``, ``note > 見出し``."""
        name = self.target[:-3] if self.target.lower().endswith(".md") else self.target
        return " > ".join(part for part in (name.strip(), self.heading.strip()) if part)


def parse_wikilink(written: str, embed: bool, inner: str) -> Wikilink:
    inner = inner.replace("\\|", "|")  # inside a table, Obsidian writes [[note\|label]]
    target_part, _, rest = inner.partition("|")
    target, _, heading = target_part.partition("#")
    heading = heading.split("#")[-1]  # [[note#章#節]] names the last heading
    if heading.startswith("^"):
        heading = ""  # a block reference: the portal has no block ids, the page itself is linked
    return Wikilink(written, embed, target.strip(), heading.strip(), tuple(rest.split("|")) if rest else ())


def convert_wikilinks(text: str, context: LinkContext) -> str:
    if "[[" not in text:
        return text
    masked = mask_code(text)
    pieces, position = [], 0
    for match in _WIKILINK_RE.finditer(masked):
        if match.start() and masked[match.start() - 1] == "\\":
            continue  # \[[ is text, as in Obsidian
        line = context.first_line + masked.count("\n", 0, match.start())
        written = text[match.start() : match.end()]
        link = parse_wikilink(written, bool(match.group("bang")), text[match.start("inner") : match.end("inner")])
        pieces.append(text[position : match.start()])
        pieces.append(_replacement(link, line, context))
        position = match.end()
    return "".join(pieces) + text[position:]


def _replacement(link: Wikilink, line: int, context: LinkContext) -> str:
    if not link.target:
        return _note_link(link, context.source, line, context) if link.heading else _escape(link.written)
    resolved = context.index.resolve(link.target, context.source)
    if resolved.kind == "note":
        return _note_link(link, resolved.path, line, context)
    if resolved.kind == "file":
        return _file_link(link, resolved.path, line, context)
    if resolved.kind == "ambiguous":
        first = resolved.candidates[0]
        context.problem(line, f"{link.written} に当てはまるファイルが {len(resolved.candidates)} つあります "
                     f"({', '.join(resolved.candidates)})。[[{_without_md(first)}]] のように、フォルダから書いてください", "error")
    elif resolved.kind == "unpublished":
        context.problem(line, f"{link.written} のリンク先 ({resolved.path}) は公開されないノートです。"
                     "文字だけを表示しました。リンク先を公開するか、リンクをやめて文字にしてください")
    elif _unwritten_note(link):
        # Obsidian creates the note when the link is first clicked: normal, listed but not a warning.
        context.problem(line, f"まだないノートへのリンク {link.written}: ノートを書くまで文字だけを表示します", "note")
    else:
        what = "埋め込み" if link.embed else "リンク"
        context.problem(line, f"{what} {link.written} の先のノートやファイルがありません。"
                     "名前 (フォルダ・拡張子を含む) を確かめてください。文字だけを表示しました")
    return _text_only(link)


def _unwritten_note(link: Wikilink) -> bool:
    """A plain link to a note name found nowhere in the vault; embeds and file names with an extension stay warnings."""
    suffix = posixpath.splitext(link.target)[1].casefold()
    return not link.embed and not link.heading and (not suffix or suffix == ".md" or not suffix[1:].isalnum())


def _text_only(link: Wikilink) -> str:
    """What stays of a link that cannot be a link: its label (an embed without one leaves nothing)."""
    if link.embed:
        label = next((option for option in link.options if not _SIZE_RE.match(option)), "").strip()
        return _escape(label)
    return _escape(link.label or link.display)


def _note_link(link: Wikilink, path: str, line: int, context: LinkContext) -> str:
    anchor = ""
    if link.heading:
        anchor = context.index.heading_id(path, link.heading) or ""
        if not anchor:
            context.problem(line, f"{link.written} の見出し「{link.heading}」が {path} にありません。"
                         "見出しの文字を確かめてください。ページの先頭へのリンクにしました")
    if link.embed:
        # A note embed is a link to the note under its title: its text is published once, on its own page.
        title = context.index.notes[path].title or link.display
        label = link.label or (f"{title} > {link.heading}" if link.heading else title)
    else:
        label = link.label or link.display
    return f"[{_escape(label)}]({_url(context.source, path, anchor)})"


def _file_link(link: Wikilink, path: str, line: int, context: LinkContext) -> str:
    context.files.add(path)
    url = _url(context.source, path, "")
    if link.embed and attachments.is_image(path):
        return _image(link, path, url, line, context)
    label = link.label or attachments.stem(path)
    size = context.index.files.get(path, 0)
    return f"[{_escape(label)}（{attachments.download_label(path, size)}）]({url})"


def _image(link: Wikilink, path: str, url: str, line: int, context: LinkContext) -> str:
    size = next((_SIZE_RE.match(option) for option in link.options if _SIZE_RE.match(option)), None)
    alt = next((option.strip() for option in link.options if not _SIZE_RE.match(option) and option.strip()), "")
    if not alt:
        alt = attachments.stem(path)
        if attachments.says_nothing(path):
            context.problem(line, f"画像 {link.written} に説明 (代替テキスト) がありません。"
                         f"![[{link.target}|何が写っているか]] のように | の後に書いてください")
    attributes = ""
    if size is not None:
        attributes = f'width="{size.group("width")}"' + (f' height="{size.group("height")}"' if size.group("height") else "")
        attributes = "{ " + attributes + " }"
    return f"![{_escape(alt)}]({url}){attributes}"


def _url(source: str, path: str, anchor: str) -> str:
    relative = quote(basename(path)) if path == source else _relative(path, dirname(source))
    return relative + (f"#{anchor}" if anchor else "")


@lru_cache(maxsize=8192)
def _relative(path: str, folder: str) -> str:
    """``path`` from ``folder``, percent-encoded (a vault's notes link the same few targets many times)."""
    return quote(relpath(path, folder or "."), safe="/")


def _escape(text: str) -> str:
    return text.translate(_LABEL_ESCAPES)


def _without_md(path: str) -> str:
    return path[:-3] if path.endswith(".md") else path
