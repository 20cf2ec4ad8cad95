"""The vault options of the ``kbpress`` plugin and what a vault changes in a build.

Core in :mod:`kbpress.vault`; this module maps it onto MkDocs: the typed
``vault:`` block, every excluded file (Markdown or attachment) taken out
of MkDocs's files before anything reads or copies it, a home page when the
vault has none, and the redirect pages of ``redirects.yml``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from ..indexes import GeneratedPage
from ..model import KbpressError, Page, Site
from ..vault.attachments import MARKDOWN_SUFFIXES, withheld
from ..vault.addresses import load_redirects, redirect_problems
from ..vault.redirectpage import redirect_html
from ..vault.home import HOME_SRC, home_page
from ..vault.obsidianconfig import read_obsidian_rules, with_rules
from ..vault.privacy import Exclusion, folder_exclusion
from ..vault.settings import DEFAULT_REDIRECTS, TEMPLATE_FOLDERS, FieldMap, VaultSettings, field_names

log = get_plugin_logger(__name__)


class _FieldOption(c.Type):
    """``fields:``: model field -> the front-matter keys that give it (a list, or one key)."""

    def __init__(self) -> None:
        super().__init__(dict, default={})

    def run_validation(self, value):
        value = super().run_validation(value) or {}
        for name, keys in value.items():
            if name not in field_names():
                raise c.ValidationError(f"vault.fields の '{name}' は使えません。使えるのは {', '.join(field_names())} です")
            if not (isinstance(keys, str) or (isinstance(keys, list) and keys and all(isinstance(key, str) for key in keys))):
                raise c.ValidationError(f"vault.fields.{name} は front matter のキーのリスト (例: [概要, description]) にしてください")
        return value


class VaultConfig(base.Config):
    enabled = c.Type(bool, default=False)
    fields = _FieldOption()
    exclude = c.ListOfItems(c.Type(str), default=[])  # vault folders never published
    include = c.ListOfItems(c.Type(str), default=[])  # when given: only these folders are published
    templates = c.ListOfItems(c.Type(str), default=list(TEMPLATE_FOLDERS))
    topic_folders = c.ListOfItems(c.Type(str), default=[])
    default_category = c.Optional(c.Type(str))
    # Daily notes (Obsidian's Daily notes / Periodic Notes folders) are personal journals: left out unless true.
    publish_daily_notes = c.Type(bool, default=False)
    redirects = c.File(exists=False, default=DEFAULT_REDIRECTS)  # relative to mkdocs.yml


def vault_settings(options, docs_dir: Path) -> VaultSettings | None:
    """The core settings from the plugin's loaded ``vault:`` block and the vault's Obsidian settings; None unless enabled.

    KbpressError when an Obsidian settings file cannot be read (see :mod:`kbpress.vault.obsidianconfig`).
    """
    vault = options["vault"]
    if not vault.enabled:
        return None
    settings = VaultSettings(
        fields=FieldMap.from_options(vault.fields),
        exclude=tuple(vault.exclude),
        include=tuple(vault.include),
        templates=tuple(vault.templates),
        topic_folders=tuple(folder.strip("/") for folder in vault.topic_folders),
        default_category=vault.default_category,
    )
    return with_rules(settings, read_obsidian_rules(docs_dir), vault.publish_daily_notes)


def remove_excluded_files(files: Files, settings: VaultSettings) -> list[Exclusion]:
    """Every file under an excluded folder, notes and attachments alike, out of the build (never copied)."""
    excluded = []
    for file in list(files):
        reason = folder_exclusion(file.src_uri, settings)
        if reason is not None and file.generated_by is None:
            files.remove(file)
            excluded.append(Exclusion(file.src_uri, reason))
    return excluded


def remove_private_notes(files: Files, settings: VaultSettings, docs_dir: Path, excluded: list[Exclusion], loaded) -> None:
    """Private notes and the attachments only excluded notes use: out of the build like an excluded folder.

    ``excluded`` holds every file left out so far (folder rules and private
    notes); each one is named in the build's log with its reason.
    """
    notes = [item.src_path for item in excluded if item.src_path.endswith(MARKDOWN_SUFFIXES)]
    published = {item.page.src_path: item.source.body for item in loaded}
    for exclusion in [*excluded, *withheld(docs_dir, settings, published, notes)]:
        file = files.get_file_from_path(exclusion.src_path)
        if file is not None and file.generated_by is None:
            files.remove(file)
        log.info(f"{exclusion.src_path}: 公開しません ({exclusion.reason})")


def extra_pages(files: Files, site: Site) -> list[GeneratedPage]:
    """A home page when the vault has none (vault notes are not written as the portal's front door)."""
    return [] if files.get_file_from_path(HOME_SRC) is not None else [home_page(site)]


def add_redirects(files: Files, config: MkDocsConfig, path: str, project_dir: Path, pages: list[Page], site_url: str) -> int:
    """One static page per line of ``redirects.yml``; a wrong line stops the build naming file and line."""
    shown = _shown(Path(path), project_dir)
    try:
        redirects = load_redirects(Path(path), shown)
    except KbpressError as error:
        raise PluginError(str(error)) from None
    titles = {page.url: page.title for page in pages}
    problems = redirect_problems(redirects, set(titles))
    if problems:
        raise PluginError("\n".join(str(problem) for problem in problems))
    for old, new in redirects.redirects.items():
        files.append(File.generated(config, old + "index.html", content=redirect_html(site_url, old, new, titles[new])))
    return len(redirects.redirects)


def _shown(path: Path, project_dir: Path) -> str:
    try:
        return path.resolve().relative_to(project_dir).as_posix()
    except ValueError:
        return str(path)
