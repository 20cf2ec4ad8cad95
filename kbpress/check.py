"""``kbpress check``: every problem in the sources, one line each, no build.

Front matter, duplicate URLs, internal links, anchors and images; the
search synonyms of taxonomy.yml against the reader pages; then the
checks each output contributes (guidebook manifests, feed definitions,
social queue) through :data:`EXTRA_CHECKS`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from .content import ContentConfig, iter_markdown_files, load_sources
from .indexes import FEEDS_PAGE, GUIDEBOOK_PAGE, generated_pages
from .linkcheck import LinkChecker
from .model import JST, KbpressError, Page, Problem, Site
from .search.pages import is_editor_page
from .synonyms import unused_rule_problems
from .taxonomy import Taxonomy, load_taxonomy
from .vault.home import HOME_SRC
from .vault.report import Publication, vault_problems


@dataclass
class Project:
    """What a check needs to know about a project, read from mkdocs.yml by the caller."""

    project_dir: Path
    docs_dir: Path
    site_url: str
    site_name: str
    taxonomy_path: Path
    markdown_extensions: list
    markdown_extension_configs: dict
    content_config: ContentConfig = field(default_factory=ContentConfig)
    organisation: str = ""
    feeds_dir: Path | None = None  # from the kbpress-feeds options
    guidebook_dir: Path | None = None  # from the kbpress-epub options
    social_dir: Path | None = None
    site_dir: Path | None = None  # the built site (kbpress publish reads page files from it)
    redirects_path: Path | None = None  # a vault's redirects.yml (kbpress.vault.addresses)
    obsidian: bool = False  # docs/ is an Obsidian vault (the kbpress plugin's option)


# Checks contributed by outputs: (project, site, taxonomy) -> problems.
EXTRA_CHECKS: list[Callable[[Project, Site, Taxonomy], list[Problem]]] = []


def shown_path(path: Path, project_dir: Path) -> str:
    return os.path.relpath(path, project_dir)


def check_project(project: Project, site: Site | None = None, listing: Publication | None = None) -> list[Problem]:
    """All problems, errors and warnings, in a stable order; a vault's ``listing`` is filled in on the way."""
    try:
        taxonomy = load_taxonomy(project.taxonomy_path, shown_path(project.taxonomy_path, project.project_dir))
    except KbpressError as error:
        return error.problems
    excluded: list = []  # a vault's notes left out, and why
    bodies: dict[str, str] = {}
    used_files: set[str] = set()  # attachments the published notes link or embed (Obsidian Markdown)
    pages, problems, checker, reader_texts = _load_all(project, taxonomy, excluded, bodies, used_files)
    if project.content_config.vault is not None:
        problems += vault_problems(project, pages, bodies, excluded, listing, used_files if project.obsidian else None)
    problems += unused_rule_problems(
        taxonomy.synonyms, reader_texts, shown_path(project.taxonomy_path, project.project_dir)
    )
    site = site or Site(
        name=project.site_name,
        url=project.site_url,
        description="",
        organisation=project.organisation,
        docs_dir=str(project.docs_dir),
        site_dir="",
        build_time=datetime.fromtimestamp(0, JST),  # nothing is stamped by a check
        categories=taxonomy.categories,
        tags=taxonomy.tags,
        pages=pages,
    )
    checker.generated = {page.src_path for page in generated_pages(site, pages)} | {FEEDS_PAGE, GUIDEBOOK_PAGE}
    if project.content_config.vault is not None:
        checker.generated.add(HOME_SRC)
    problems += checker.check()
    for extra in EXTRA_CHECKS:
        try:
            problems += extra(project, site, taxonomy)
        except KbpressError as error:
            problems += error.problems
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))


def _load_all(
    project: Project, taxonomy: Taxonomy, excluded: list, bodies: dict[str, str], used_files: set[str]
) -> tuple[list[Page], list[Problem], LinkChecker, list[str]]:
    checker = LinkChecker(project.docs_dir, project.markdown_extensions, project.markdown_extension_configs, set())
    entries = iter_markdown_files(project.docs_dir)
    loaded, problems = load_sources(
        entries, project.docs_dir, project.project_dir, taxonomy, project.content_config, excluded=excluded
    )
    reader_texts = []  # what the search indexes, roughly: titles, labels and bodies of reader pages
    shown = {item.page.src_path: shown_path(project.docs_dir / item.page.src_path, project.project_dir) for item in loaded}
    for item, body in _bodies(project, loaded, shown, problems, used_files):
        page = item.page
        bodies[page.src_path] = item.source.body  # as written: the vault report reads attachment names from it
        checker.add(page.src_path, shown[page.src_path], body, item.source.body_first_line)
        if not is_editor_page(page.src_path):
            labels = [taxonomy.categories[s].name for s in page.meta.categories if s in taxonomy.categories]
            labels += [taxonomy.tags[s].name for s in page.meta.tags if s in taxonomy.tags]
            reader_texts.append(" ".join([page.meta.title, *labels, item.source.body]))
    return [item.page for item in loaded], problems, checker, reader_texts


def _bodies(project: Project, loaded: list, shown: dict[str, str], problems: list[Problem], used_files: set[str]):
    """Each page's Markdown as the build renders it: an Obsidian vault's notes converted first."""
    if not project.obsidian:
        yield from ((item, item.source.body) for item in loaded)
        return
    from . import clock
    from .model import is_published
    from .obsidian.project import converted_bodies

    now = clock.now()

    for item, converted in converted_bodies(loaded, project.docs_dir, project.markdown_extensions,
                                            project.markdown_extension_configs, shown):
        problems += converted.problems
        if is_published(item.page.meta, now):
            used_files.update(converted.files)  # the build copies exactly these (the vault report lists them)
        yield item, converted.markdown
