"""Checking links, anchors and images of sources without building the site.

Each page is converted with the project's own Markdown extensions so that
heading ids are exactly those the portal will have; links are then
resolved between source files, as MkDocs does.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown

from .codemask import mask_code, offsets
from .contentrules import page_problems
from .model import Problem


@dataclass
class RenderedSource:
    src_path: str
    shown: str
    body: str  # Markdown body
    body_first_line: int
    ids: set[str]
    links: list[tuple[str, str]]  # (tag, url) in document order
    reported: dict[str, int] = field(default_factory=dict)  # url -> problems reported so far
    _masked: str | None = None

    def masked_body(self) -> str:
        """The body with code blanked out: a link shown as code is not the link."""
        if self._masked is None:
            self._masked = mask_code(self.body)
        return self._masked


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.links.append(("a", attributes["href"]))
        elif tag == "img" and attributes.get("src"):
            self.links.append(("img", attributes["src"]))


class LinkChecker:
    """Render every source once, then resolve its links against the set."""

    def __init__(self, docs_dir: Path, extensions: list, extension_configs: dict, generated: set[str]):
        self.docs_dir = docs_dir
        self.generated = generated  # src paths of pages made at build time
        self._md = markdown.Markdown(extensions=extensions, extension_configs=extension_configs)
        self.sources: dict[str, RenderedSource] = {}
        self.problems: list[Problem] = []

    def add(self, src_path: str, shown: str, body: str, body_first_line: int) -> None:
        self._md.reset()
        collector = _Collector()
        html = self._md.convert(body)
        collector.feed(html)
        self.sources[src_path] = RenderedSource(src_path, shown, body, body_first_line, collector.ids, collector.links)
        # The same rules, and the same messages, as the build.
        self.problems += page_problems(html, body, shown, body_first_line)

    def check(self) -> list[Problem]:
        for source in self.sources.values():
            for tag, url in source.links:
                self._check_link(source, tag, url)
        return self.problems

    def _check_link(self, source: RenderedSource, tag: str, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("mailto:"):
            return
        path, fragment = unquote(parts.path), unquote(parts.fragment)
        if url.startswith("/"):
            self._error(source, url, f"リンク '{url}' は / で始まっています。相対パス (例: ../articles/xxx.md) で書いてください")
            return
        if not path:
            if fragment and fragment not in source.ids:
                self._error(source, url, f"見出し '#{fragment}' がこのページにありません。見出しの文字を確かめてください")
            return
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source.src_path), path))
        if target.startswith("../"):
            self._error(source, url, f"リンク先 '{url}' は docs/ の外を指しています")
        elif target.endswith((".md", ".markdown")):
            self._check_page_link(source, url, target, fragment)
        elif tag == "img" or "." in posixpath.basename(target):
            if not (self.docs_dir / target).is_file():
                what = "画像" if tag == "img" else "ファイル"
                self._error(source, url, f"{what} '{url}' が見つかりません。ファイル名とフォルダを確かめてください")
        else:
            self._error(source, url, f"リンク '{url}' は Markdown ファイル (.md) を相対パスで指してください")

    def _check_page_link(self, source: RenderedSource, url: str, target: str, fragment: str) -> None:
        if target in self.generated:
            return
        page = self.sources.get(target)
        if page is None and (self.docs_dir / target).is_file():
            return  # exists but its front matter failed: that problem is reported already
        if page is None:
            self._error(source, url, f"リンク先のページ '{url}' がありません。ファイル名を確かめてください")
        elif fragment and fragment not in page.ids:
            self._error(source, url, f"リンク先 '{target}' に見出し '#{fragment}' がありません。見出しの文字を確かめてください")

    def _line_of(self, source: RenderedSource, url: str) -> int:
        """The line of this report's occurrence of ``url``: a link written twice is reported at both lines."""
        occurrence = source.reported.get(url, 0)
        source.reported[url] = occurrence + 1
        masked = source.masked_body()
        # Prefer the Markdown link syntax so "#a" is not found inside "b.md#a".
        forms = [f"]({url})", f"]({url} ", f"<{url}>", f'"{url}"', url]
        for candidate in dict.fromkeys(forms + [unquote(form) for form in forms]):
            found = offsets(masked, candidate)
            if found:
                index = found[min(occurrence, len(found) - 1)]
                return source.body_first_line + masked.count("\n", 0, index)
        return source.body_first_line

    def _error(self, source: RenderedSource, url: str, message: str) -> None:
        self.problems.append(Problem(source.shown, message, self._line_of(source, url)))

