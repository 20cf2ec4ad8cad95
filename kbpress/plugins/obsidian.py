"""The ``obsidian: true`` option of the ``kbpress`` plugin: a thin adapter over :mod:`kbpress.obsidian`.

At ``on_files`` the vault is indexed (published notes, their titles and
heading ids; every other file), every published note is converted once
to find ambiguous links (an error: the build stops, naming each) and the
files the notes use; the docs files no published note uses are taken out
of the site. At ``on_page_markdown`` each note is converted for MkDocs,
its warnings logged with file and line (they count for ``--strict``).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from ..build import Build
from ..obsidian import VaultIndex, convert_note
from ..obsidian.project import NoteSource, build_index, index_digest, survey, toc_slugify, unused_files
from ..sources import SourceError, decode_source, split_front_matter

log = get_plugin_logger(__name__)
REQUIRED_EXTENSIONS = {"admonition": "callout (> [!note])", "attr_list": "画像の大きさ (![[a.png|300]])"}


class ObsidianNotes:
    def __init__(self, enabled: bool, serving: bool):
        self.enabled = enabled
        self.serving = serving
        self.details = False
        self.index: VaultIndex | None = None
        self._converted: dict = {}  # the notes as converted at on_files, by docs-relative path
        self._slugify = None

    def configure(self, config: MkDocsConfig) -> None:
        if not self.enabled:
            return
        problem = missing_extension(config)
        if problem:
            raise PluginError(problem)
        self.details = "pymdownx.details" in {str(name) for name in config.markdown_extensions}
        self._slugify = toc_slugify(config.mdx_configs)

    def on_files(self, files: Files, config: MkDocsConfig, build: Build) -> None:
        if not self.enabled:
            return
        notes = [_note(file, model.meta.title, build) for file in files.documentation_pages()
                 if file.generated_by is None and (model := build.site.page_by_src(file.src_uri)) is not None]
        self.index = build_index(((note.src, note.title, note.body) for note in notes), build.paths.docs_dir, *self._slugify)
        surveyed = survey(notes, self.index, self.details)
        self._converted, errors = surveyed.converted, surveyed.errors
        if errors:
            lines = [str(problem) for problem in sorted(errors, key=lambda p: (p.path, p.line or 0))]
            raise PluginError(f"{len(errors)} 件の問題があります:\n" + "\n".join(lines))
        if not self.serving:
            self._leave_out_unused(files, config, build, surveyed.used)

    def _leave_out_unused(self, files: Files, config: MkDocsConfig, build: Build, used: set[str]) -> None:
        docs_dir = build.paths.docs_dir
        static = {file.src_uri: file for file in files if not file.is_documentation_page()
                  and file.generated_by is None and _inside(file.abs_src_path, docs_dir)}
        named = _named_by_settings(config) | {page.meta.image for page in build.site.pages if page.meta.image}
        left_out = unused_files(static, used, named)
        for src in left_out:
            files.remove(static[src])
        if left_out:
            log.info(f"公開するノートが使っていないファイル {len(left_out)} 件は、サイトに含めません")

    def convert(self, markdown: str, src: str, shown: str, first_line: int) -> str:
        if not self.enabled or self.index is None:
            return markdown
        converted = self._converted.pop(src, None)
        if converted is None or converted.source != markdown:
            converted = convert_note(markdown, src, self.index, shown=shown, first_line=first_line, details=self.details)
        for problem in converted.problems:
            if problem.severity == "error":
                raise PluginError(str(problem))
            (log.info if problem.severity == "note" else log.warning)(str(problem))
        return converted.markdown

    def cache_inputs(self) -> dict[str, str]:
        """For the render cache: a body also depends on the other notes' titles and headings and the files' sizes."""
        return {"obsidian vault": index_digest(self.index)} if self.index is not None else {}


def missing_extension(config: MkDocsConfig) -> str | None:
    """What stops a vault build at ``on_config`` (``kbpress check`` reports it too)."""
    extensions = {str(name) for name in config.markdown_extensions}
    for name, needed_for in REQUIRED_EXTENSIONS.items():
        if name not in extensions and f"markdown.extensions.{name}" not in extensions:
            return (f"mkdocs.yml: obsidian: true には markdown_extensions の {name} が必要です "
                    f"({needed_for})。markdown_extensions: に - {name} を加えてください")
    return None


def _note(file: File, title: str, build: Build) -> NoteSource:
    shown = build.paths.shown(file.abs_src_path)
    try:
        source = split_front_matter(decode_source(file.content_bytes, shown), shown)
    except SourceError:
        return NoteSource(file.src_uri, title, "", 1, shown)  # the content plugin has reported it already
    # The body as MkDocs hands it to on_page_markdown (leading blank lines removed), so that
    # the conversion done here is the one the page uses.
    body = source.body.lstrip("\n")
    return NoteSource(file.src_uri, title, body, source.body_first_line + len(source.body) - len(body), shown)


def _inside(path: str | None, folder: Path) -> bool:
    if not path:
        return False
    try:
        Path(path).resolve().relative_to(folder)
    except ValueError:
        return False
    return True


def _named_by_settings(config: MkDocsConfig) -> set[str]:
    """Docs files mkdocs.yml names: extra CSS and scripts, the favicon and logo."""
    named = {str(getattr(item, "path", item)) for item in [*config.extra_css, *config.extra_javascript]}
    for option in ("favicon", "logo"):
        value = config.theme.get(option) if hasattr(config.theme, "get") else None
        if value:
            named.add(str(value))
    return {name.lstrip("/") for name in named}
