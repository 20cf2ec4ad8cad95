"""Guidebook manifests: ``guidebook/<volume-slug>.yml`` -> :class:`Manifest`.

A manifest names the docs pages of one EPUB volume in reading order. It is
validated before anything is rendered, so a typo in a path fails the build
early with the manifest's name, the key and what to write instead.
"""

from __future__ import annotations

import os
import posixpath
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import KbpressError, Problem
from ..yamlload import YamlError, load_yaml
from .media import sniff_image_type
from ..language import DEFAULT_LANGUAGE, HINT as LANGUAGE_HINT, language_tag
from .sanitize import strip_invalid_xml_chars

MANIFEST_SUFFIXES = (".yml", ".yaml")
VOLUME_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WRITING_MODES = ("horizontal", "vertical")
COVER_MEDIA_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
_REQUIRED = ("title", "volume", "chapters")
_OPTIONAL = (
    "subtitle",
    "isbn",
    "authors",
    "publisher",
    "language",
    "description",
    "cover",
    "writing_mode",
    "appendix",
)
_PART_KEYS = ("part", "chapters")
# uuid5 namespace for volumes without an ISBN: the identifier depends on the slug only.
_IDENTIFIER_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://kbpress.invalid/guidebook/")


@dataclass(frozen=True)
class Part:
    """A run of chapters, under a part heading (第1部 ...) when ``title`` is set."""

    title: str | None
    sources: tuple[str, ...]  # docs-relative POSIX paths
    appendix: bool = False


@dataclass(frozen=True)
class Manifest:
    path: str  # as shown to the user, e.g. guidebook/basics.yml
    slug: str  # the file name without suffix; names the EPUB file
    title: str
    volume: int
    parts: tuple[Part, ...]
    subtitle: str = ""
    isbn: str | None = None
    authors: tuple[str, ...] = ()  # empty: the organisation
    publisher: str | None = None  # None: the organisation
    language: str = "ja"
    description: str = ""
    cover: str | None = None  # docs-relative path of the cover image
    writing_mode: str = "horizontal"

    @property
    def identifier(self) -> str:
        """Stable across builds: the ISBN when there is one, else a UUID from the slug."""
        if self.isbn:
            return f"urn:isbn:{self.isbn}"
        return f"urn:uuid:{uuid.uuid5(_IDENTIFIER_NAMESPACE, self.slug)}"

    @property
    def vertical(self) -> bool:
        return self.writing_mode == "vertical"

    @property
    def sources(self) -> tuple[str, ...]:
        """Every page of the volume in reading order, appendix last."""
        return tuple(src for part in self.parts for src in part.sources)

    @property
    def file_name(self) -> str:
        return f"{self.slug}.epub"


def load_manifests(guidebook_dir: str | os.PathLike, docs_dir: str | os.PathLike, project_dir=None) -> list[Manifest]:
    """Every manifest in ``guidebook_dir``, ordered by volume number.

    Raises :class:`KbpressError` listing every problem of every manifest.
    A missing directory means no volumes.
    """
    directory = Path(guidebook_dir)
    if not directory.is_dir():
        return []
    manifests: list[Manifest] = []
    problems: list[Problem] = []
    for path in sorted(directory.iterdir()):
        if path.suffix in MANIFEST_SUFFIXES and not path.name.startswith("."):
            try:
                manifests.append(load_manifest(path, docs_dir, _shown(path, project_dir)))
            except KbpressError as error:
                problems.extend(error.problems)
    problems.extend(_duplicate_volume_problems(manifests))
    if problems:
        raise KbpressError(problems)
    return sorted(manifests, key=lambda manifest: manifest.volume)


def load_manifest(path: str | os.PathLike, docs_dir: str | os.PathLike, shown_path: str | None = None) -> Manifest:
    path = Path(path)
    shown = shown_path or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise KbpressError(Problem(shown, "UTF-8 で保存されていません。エディタで UTF-8 を選んで保存し直してください")) from None
    try:
        loaded = load_yaml(text)
    except YamlError as error:
        raise KbpressError(Problem(shown, str(error), error.line)) from None
    checker = _Checker(shown, loaded.key_lines, Path(docs_dir))
    manifest = checker.manifest(path.stem, loaded.data)
    if checker.problems:
        raise KbpressError(checker.problems)
    return manifest


def _shown(path: Path, project_dir) -> str:
    if project_dir is None:
        return str(path)
    try:
        return Path(os.path.relpath(path, project_dir)).as_posix()
    except ValueError:
        return str(path)


def _duplicate_volume_problems(manifests: list[Manifest]) -> list[Problem]:
    seen: dict[int, Manifest] = {}
    problems = []
    for manifest in manifests:
        other = seen.setdefault(manifest.volume, manifest)
        if other is not manifest:
            problems.append(
                Problem(manifest.path, f"volume: 第{manifest.volume}巻は {other.path} と重複しています。別の巻番号にしてください")
            )
    return problems


class _Checker:
    """Validates one manifest, collecting every problem instead of stopping at the first."""

    def __init__(self, shown: str, key_lines: dict[str, int], docs_dir: Path):
        self.shown = shown
        self.key_lines = key_lines
        self.docs_dir = docs_dir
        self.problems: list[Problem] = []
        self._seen_sources: set[str] = set()

    def error(self, key: str | None, message: str) -> None:
        line = self.key_lines.get(key) if key else None
        prefix = f"{key}: " if key else ""
        self.problems.append(Problem(self.shown, prefix + message, line))

    def manifest(self, slug: str, data: Any) -> Manifest | None:
        if not VOLUME_SLUG_RE.match(slug):
            self.error(None, "ファイル名は EPUB のファイル名になります。半角英小文字・数字・ハイフンだけの名前 (例: security-basics.yml) にしてください")
        if not isinstance(data, dict):
            self.error(None, "title: や chapters: を持つ「キー: 値」の並び (マッピング) にしてください")
            return None
        for key in data:
            if key not in _REQUIRED + _OPTIONAL:
                self.error(str(key), f"未知のキーです。使えるキー: {', '.join(_REQUIRED + _OPTIONAL)}")
        for key in _REQUIRED:
            if key not in data:
                self.error(None, f"{key}: がありません。{_REQUIRED_HINTS[key]}")
        fields = {
            "title": self.text(data, "title", required=True),
            "subtitle": self.text(data, "subtitle") or "",
            "volume": self.volume(data.get("volume")),
            "isbn": self.isbn(data.get("isbn")),
            "authors": self.authors(data.get("authors")),
            "publisher": self.text(data, "publisher"),
            "language": self.language(data.get("language", DEFAULT_LANGUAGE)),
            "description": self.text(data, "description") or "",
            "cover": self.cover(data.get("cover")),
            "writing_mode": self.writing_mode(data.get("writing_mode", "horizontal")),
        }
        parts = self.parts(data.get("chapters"), "chapters", required="chapters" in data)
        parts += self.appendix(data.get("appendix")) if "appendix" in data else ()
        if self.problems:
            return None
        return Manifest(path=self.shown, slug=slug, parts=parts, **fields)

    def text(self, data: dict, key: str, *, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            self.error(key, "文字列で書いてください")
            return None
        return strip_invalid_xml_chars(value).strip()

    def volume(self, value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.error("volume", "巻番号は 1 以上の整数で書いてください (例: volume: 1)")
            return None
        return value

    def isbn(self, value: Any) -> str | None:
        if value is None:
            return None
        digits = re.sub(r"[-\s]", "", str(value))
        if not re.fullmatch(r"97[89]\d{10}", digits) or _isbn13_check_digit(digits[:12]) != digits[12]:
            self.error("isbn", "ISBN-13 として正しくありません (13 桁の数字、チェックディジットを確認してください)。ISBN がない巻では isbn: を書かないでください")
            return None
        return digits

    def authors(self, value: Any) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            self.error("authors", "著者名の一覧にしてください (例: authors: [みなと中小企業サイバーセキュリティ支援センター])")
            return ()
        return tuple(v.strip() for v in value)

    def language(self, value: Any) -> str:
        tag = language_tag(value)
        if tag is None:
            self.error("language", f"{LANGUAGE_HINT}。この行を削除すると ja (日本語) になります")
            return DEFAULT_LANGUAGE
        return tag

    def writing_mode(self, value: Any) -> str:
        if value not in WRITING_MODES:
            self.error("writing_mode", "horizontal (横書き) か vertical (縦書き) のどちらかにしてください")
            return "horizontal"
        return value

    def cover(self, value: Any) -> str | None:
        if value is None:
            return None
        src = self.docs_path(value, "cover")
        if src is None:
            return None
        file = self.docs_dir / src
        if not file.is_file():
            self.error("cover", f"表紙画像 docs/{src} がありません。docs/ からの相対パスで書くか、cover: を削除すると表紙を自動で作ります")
            return None
        if sniff_image_type(file.read_bytes()[:64]) not in COVER_MEDIA_TYPES:
            self.error("cover", f"docs/{src} は PNG・JPEG・GIF・WebP の画像ではありません")
            return None
        return src

    def parts(self, value: Any, key: str, *, required: bool, allow_parts: bool = True) -> tuple[Part, ...]:
        if value is None:
            if required:
                self.error(key, "ページを 1 つ以上並べてください (例: - articles/backup-basics.md)")
            return ()
        if not isinstance(value, list) or not value:
            self.error(key, "ページの一覧 (「- articles/xxx.md」の行) を 1 つ以上書いてください")
            return ()
        parts: list[Part] = []
        loose: list[str] = []
        for item in value:
            if isinstance(item, dict) and allow_parts:
                if loose:
                    parts.append(Part(None, tuple(loose)))
                    loose = []
                part = self.part(item, key)
                if part is not None:
                    parts.append(part)
            else:
                src = self.chapter(item, key)
                if src is not None:
                    loose.append(src)
        if loose:
            parts.append(Part(None, tuple(loose)))
        return tuple(parts)

    def appendix(self, value: Any) -> tuple[Part, ...]:
        parts = self.parts(value, "appendix", required=True, allow_parts=False)
        sources = tuple(src for part in parts for src in part.sources)
        return (Part("付録", sources, appendix=True),) if sources else ()

    def part(self, item: dict, key: str) -> Part | None:
        unknown = [str(k) for k in item if k not in _PART_KEYS]
        title = item.get("part")
        if unknown or not isinstance(title, str) or not title.strip() or "chapters" not in item:
            self.error(key, "部の見出しは「- part: 第1部 基本」と、その下の「chapters:」のページ一覧で書いてください"
                       + (f" (未知のキー: {', '.join(unknown)})" if unknown else ""))
            return None
        inner = self.parts(item["chapters"], key, required=True, allow_parts=False)
        sources = tuple(src for part in inner for src in part.sources)
        return Part(title.strip(), sources) if sources else None

    def chapter(self, item: Any, key: str) -> str | None:
        src = self.docs_path(item, key)
        if src is None:
            return None
        if not src.endswith((".md", ".markdown")):
            self.error(key, f"{src} は Markdown のページではありません。docs/ の .md ファイルを書いてください")
            return None
        if not (self.docs_dir / src).is_file():
            self.error(key, f"docs/{src} がありません。docs/ からの相対パス (例: articles/backup-basics.md) を確認してください")
            return None
        if src in self._seen_sources:
            self.error(key, f"{src} が 2 回書かれています。1 冊の中で同じページは 1 回だけにしてください")
            return None
        self._seen_sources.add(src)
        return src

    def docs_path(self, value: Any, key: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.error(key, "docs/ からの相対パスを文字列で書いてください")
            return None
        raw = value.strip().replace("\\", "/")
        if raw.startswith("docs/"):
            raw = raw[len("docs/"):]
        normal = posixpath.normpath(raw)
        if raw.startswith("/") or normal.startswith("..") or normal == ".":
            self.error(key, f"{value} は docs/ の外を指しています。docs/ からの相対パスで書いてください")
            return None
        return normal


_REQUIRED_HINTS = {
    "title": "巻のタイトルを書いてください (例: title: 情報セキュリティの基本)",
    "volume": "巻番号を書いてください (例: volume: 1)",
    "chapters": "収録するページを docs/ からの相対パスで並べてください (例: - articles/backup-basics.md)",
}


def _isbn13_check_digit(first12: str) -> str:
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)
