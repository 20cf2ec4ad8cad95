"""Loading the knowledge base's sources into the content model.

Used by the MkDocs adapter during a build and by ``kbpress check`` /
``kbpress publish`` without one, so both see exactly the same pages,
URLs and problems.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from .frontmatter import parse_front_matter
from .model import Kind, Page, PageMeta, Problem
from .sources import SourceError, SourceText, decode_source, split_front_matter
from .taxonomy import Taxonomy
from .vault.addresses import duplicate_id_problems
from .vault.categories import merged_folder_problems
from .vault.privacy import NOT_A_NOTE_REASON, PRIVATE_REASON, Exclusion, not_a_note
from .vault.settings import VaultSettings
from .vault.sources import vault_entries
from .yamlload import YamlError, load_yaml

_ASCII_NAME_RE = re.compile(r"^[A-Za-z0-9._-]+$")
MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class ContentConfig:
    """Where page kinds live; mirrors the plugin's options."""

    # First directory of the docs-relative path -> default kind there.
    kind_dirs: dict[str, Kind] = field(default_factory=lambda: {"articles": Kind.ARTICLE, "topics": Kind.TOPIC})
    # An Obsidian vault as docs_dir: notes are read through the field mapping (kbpress.vault).
    vault: VaultSettings | None = None


@dataclass
class LoadedPage:
    page: Page
    source: SourceText


def default_kind(src_path: str, config: ContentConfig) -> Kind:
    first = src_path.split("/", 1)[0] if "/" in src_path else ""
    return config.kind_dirs.get(first, Kind.PAGE)


def load_page(
    raw: bytes, src_path: str, shown_path: str, taxonomy: Taxonomy, config: ContentConfig
) -> tuple[LoadedPage | None, list[Problem]]:
    """Decode and validate one source; the page carries its final URL.

    A vault note left out by its own front matter (``公開: false``) comes
    back as neither a page nor a problem; :func:`load_sources` says why.
    """
    if config.vault is not None:
        from .vault.notes import load_note

        result = load_note(raw, src_path, shown_path, taxonomy, config.vault)
        return result.loaded, result.problems
    try:
        text = decode_source(raw, shown_path)
        source = split_front_matter(text, shown_path)
    except SourceError as error:
        return None, [error.problem]
    if not text.strip():
        return None, [Problem(shown_path, "ファイルが空です。front matter と本文を書くか、不要ならファイルを削除してください", 1)]
    if source.front_matter is None:
        return None, [
            Problem(shown_path, "front matter がありません。1 行目を --- にして title: などのメタデータを書いてください", 1)
        ]
    try:
        loaded = load_yaml(source.front_matter)
    except YamlError as error:
        return None, [Problem(shown_path, error.describe(line_offset=1), (error.line or 0) + 1)]
    meta, problems = parse_front_matter(
        loaded.data,
        key_lines=loaded.key_lines,
        line_offset=1,
        path=shown_path,
        src_path=src_path,
        default_kind=default_kind(src_path, config),
        taxonomy=taxonomy,
    )
    if meta is None:
        return None, problems
    return LoadedPage(Page(src_path=src_path, url=page_url(src_path, meta), meta=meta), source), []


def page_url(src_path: str, meta: PageMeta) -> str:
    """The site-relative directory URL of a page; always ASCII.

    Topics live under their year and articles in one flat folder so that
    moving a source file between sub-folders never breaks a published link.
    """
    if meta.kind is Kind.TOPIC:
        return f"topics/{meta.date.year}/{meta.slug}/"
    directory, filename = posixpath.split(src_path)
    stem = posixpath.splitext(filename)[0]
    if meta.kind is Kind.ARTICLE:
        return f"articles/{meta.slug or ascii_stem(stem, src_path)}/"
    if meta.slug:
        stem = meta.slug
    elif stem in ("index", "README"):
        return f"{directory}/" if directory else ""
    return posixpath.join(_ascii_dir(directory), ascii_stem(stem, src_path)) + "/"


def ascii_stem(stem: str, src_path: str) -> str:
    """A file's stem as a URL segment; a non-ASCII name gets a stable hash instead."""
    candidate = stem.strip().replace(" ", "-").replace("\u3000", "-")
    if _ASCII_NAME_RE.match(candidate):
        return candidate.lower()
    return "p-" + hashlib.sha1(src_path.encode("utf-8")).hexdigest()[:10]


def _ascii_dir(directory: str) -> str:
    return "/".join(ascii_stem(part, directory) for part in directory.split("/") if part)


def duplicate_url_problems(pages: list[Page], shown: dict[str, str]) -> list[Problem]:
    """Two sources must never claim the same URL (usually a repeated slug)."""
    owners: dict[str, Page] = {}
    problems = []
    for page in sorted(pages, key=lambda page: page.src_path):
        other = owners.setdefault(page.url, page)
        if other is not page:
            what = f"slug '{page.meta.slug}'" if page.meta.slug else f"URL /{page.url}"
            problems.append(
                Problem(shown[page.src_path], f"{what} が {shown[other.src_path]} と重複しています。別の slug にしてください", 1)
            )
    return problems


def iter_markdown_files(docs_dir: Path):
    """Yield (absolute path, docs-relative POSIX path) in a stable order.

    Symbolic links are followed only while they stay inside the docs
    directory; the caller reports the others.
    """
    for root, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(MARKDOWN_SUFFIXES) and not name.startswith("."):
                path = Path(root, name)
                yield path, path.relative_to(docs_dir).as_posix()


def escapes_docs_dir(path: Path, docs_dir: Path) -> bool:
    """True for a symbolic link whose target lies outside the docs directory."""
    try:
        path.resolve().relative_to(docs_dir.resolve())
    except ValueError:
        return True
    return False


@dataclass
class SourceCache:
    """Sources loaded by earlier builds of one ``mkdocs serve`` session.

    A preview rebuild then reads and validates only the files whose size
    or modification time changed. Entries are valid for one vocabulary and
    one set of kind folders; another one empties the cache.
    """

    key: tuple | None = None
    entries: dict[str, tuple[tuple, LoadedPage | None, list[Problem]]] = field(default_factory=dict)

    def load(self, path: Path, src_path: str, shown: str, taxonomy: Taxonomy, config: ContentConfig):
        if self.key != (taxonomy, config):
            self.key, self.entries = (taxonomy, config), {}
        status = path.stat()
        identity = (status.st_mtime_ns, status.st_size, shown)
        cached = self.entries.get(src_path)
        if cached is not None and cached[0] == identity:
            return cached[1], cached[2]
        result, problems = load_page(path.read_bytes(), src_path, shown, taxonomy, config)
        self.entries[src_path] = (identity, result, problems)
        return result, problems


def load_sources(
    entries,
    docs_dir: Path,
    project_dir: Path,
    taxonomy: Taxonomy,
    config: ContentConfig,
    cache: SourceCache | None = None,
    excluded: list | None = None,
) -> tuple[list[LoadedPage], list[Problem]]:
    """Load (absolute path, docs-relative path) entries; report every problem found.

    Cross-page rules (duplicate URLs, missing topic images) are checked
    here too, so the build and ``kbpress check`` agree exactly. With a
    ``cache`` (previews), unchanged files are not read again. For a vault,
    ``excluded`` collects every note left out and why.
    """
    loaded: list[LoadedPage] = []
    problems: list[Problem] = []
    shown: dict[str, str] = {}
    if config.vault is not None:
        entries = vault_entries(entries, config.vault, excluded)
    for path, src_path in entries:
        shown[src_path] = os.path.relpath(path, project_dir)
        if path.is_symlink() and escapes_docs_dir(path, docs_dir):
            problems.append(Problem(shown[src_path], "docs/ の外を指すシンボリックリンクです。ファイルを docs/ の中に置いてください"))
            continue
        if cache is not None:
            result, found = cache.load(path, src_path, shown[src_path], taxonomy, config)
        else:
            result, found = load_page(path.read_bytes(), src_path, shown[src_path], taxonomy, config)
        problems += found
        if result is not None:
            loaded.append(result)
        elif config.vault is not None and not found and excluded is not None:
            # A note that says it is private, or a .md file that holds no note (empty, a drawing).
            reason = NOT_A_NOTE_REASON if not_a_note(path.read_bytes(), src_path) else PRIVATE_REASON
            excluded.append(Exclusion(src_path, reason))
    pages = [item.page for item in loaded]
    if config.vault is not None:
        id_problems, reported = duplicate_id_problems(pages, shown)
        problems += id_problems + merged_folder_problems(pages, taxonomy, shown)
        pages = [page for page in pages if page.src_path not in reported]
    problems += duplicate_url_problems(pages, shown)
    problems += [
        Problem(shown[page.src_path], f"image '{page.meta.image}' が見つかりません。docs/ 内のパスを確かめてください")
        for page in pages
        if page.meta.image and not (docs_dir / page.meta.image).is_file()
    ]
    return loaded, problems
