"""The ``kbpress`` plugin: sources to content model, section pages, nav, atomic output.

Translation only: validation, URLs and index pages come from the core
modules; this file maps them onto MkDocs files, pages and navigation.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import CountHandler

from .. import clock
from ..atomic import remove_stale_staging, staging_dir_for
from ..build import Build, BuildPaths
from ..rendercache import source_digest
from ..scheduler import Scheduler
from . import rendering
from .assets import add_portal_assets
from .vault import VaultConfig, add_redirects, extra_pages, remove_excluded_files, remove_private_notes, vault_settings
from .navtree import leaf_section, nav_section, page_of, relink
from .obsidian import ObsidianNotes
from .portal import PortalParts
from ..content import ContentConfig, SourceCache, load_sources
from ..sources import without_empty_front_matter
from ..contentrules import page_problems, show_control_characters_in_code
from ..indexes import CATEGORIES_INDEX, TOPICS_INDEX, category_src, front_matter_block, generated_pages, year_src
from ..model import Heading, Kind, KbpressError, Page, Problem, Site, is_published
from ..pageinfo import page_info_html
from ..taxonomy import load_taxonomy

log = get_plugin_logger(__name__)
# The swap runs after every plugin's on_post_build, third-party ones included, so that
# whatever they write lands in the staged site; kbpress's own outputs finish in Build.finish.
SWAP_LAST = -100
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


class KbpressConfig(base.Config):
    taxonomy = c.File(exists=False, default="taxonomy.yml")  # relative to mkdocs.yml
    organisation = c.Type(str, default="")
    articles_dir = c.Type(str, default="articles")
    topics_dir = c.Type(str, default="topics")
    atomic_output = c.Type(bool, default=True)
    strict_links = c.Type(bool, default=True)
    cache_dir = c.Dir(exists=False, default=".cache/kbpress")  # relative to mkdocs.yml: rendered bodies, chapters, covers
    internal_dirs = c.ListOfItems(c.Type(str), default=["authoring"])  # docs/ folders for editors: `mkdocs serve` only
    alert_categories = c.ListOfItems(c.Type(str), default=["alert", "vulnerability"])  # the home page's 注意喚起
    vault = c.SubConfig(VaultConfig)  # docs_dir is an Obsidian vault: field mapping, privacy, addresses
    # Obsidian Markdown (wikilinks, embeds, callouts: kbpress/obsidian/); kbpress init --vault switches it on.
    obsidian = c.Type(bool, default=False)


class KbpressPlugin(BasePlugin[KbpressConfig]):
    """Creates :attr:`build` (the site model and what every output shares) and fills the site model."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.build: Build | None = None
        self._preview_sources: Path | None = None  # generated pages under `mkdocs serve`
        self._sources = SourceCache()  # loaded sources, reused between `mkdocs serve` rebuilds
        self._body_lines: dict[str, int] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # -- configuration ------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Plugins with on_startup survive `mkdocs serve` rebuilds: a new Build each time.
        if self.build is not None:
            self.build.scheduler.cancel()  # an interrupted previous build's workers
        project_dir = Path(config.config_file_path).resolve().parent
        taxonomy_path = Path(self.config.taxonomy)
        try:
            taxonomy = load_taxonomy(taxonomy_path, _shown(taxonomy_path, project_dir))
        except KbpressError as error:
            raise PluginError(str(error)) from None
        paths = self._paths(config, project_dir)
        config.site_dir = str(paths.output_dir)
        site = Site(
            name=config.site_name,
            url=_site_url(config),
            description=config.site_description or "",
            organisation=self.config.organisation or config.site_author or config.site_name,
            docs_dir=str(paths.docs_dir),
            site_dir=str(paths.output_dir),
            build_time=clock.build_time(project_dir),
            categories=taxonomy.categories,
            tags=taxonomy.tags,
            preview=self.serving,
        )
        self.build = Build(site=site, taxonomy=taxonomy, now=clock.now(), paths=paths, serving=self.serving,
                           scheduler=Scheduler())
        self.portal = PortalParts(self.config.internal_dirs, self.config.alert_categories, self.serving)
        self.portal.configure(config, site)
        self.obsidian = ObsidianNotes(self.config.obsidian, self.serving)
        self.obsidian.configure(config)
        self._add_templates(config)
        if self.config.strict_links:
            _raise_link_validation(config)
        return config

    def _paths(self, config: MkDocsConfig, project_dir: Path) -> BuildPaths:
        """Resolved paths; a full build writes into a staging folder, swapped in whole at the end."""
        site_dir = Path(config.site_dir).resolve()
        staged = not self.serving and self.config.atomic_output
        return BuildPaths(
            project_dir=project_dir,
            docs_dir=Path(config.docs_dir).resolve(),
            site_dir=site_dir,
            output_dir=staging_dir_for(site_dir) if staged else site_dir,
            cache_dir=Path(self.config.cache_dir),
        )

    def _add_templates(self, config: MkDocsConfig) -> None:
        dirs = config.theme.dirs
        if str(TEMPLATES_DIR) not in dirs:
            # After a project's custom_dir, before the theme's own templates.
            position = 1 if config.theme.custom_dir else 0
            dirs.insert(position, str(TEMPLATES_DIR))

    # -- files and pages ------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        docs_dir = Path(config.docs_dir).resolve()
        try:
            vault = vault_settings(self.config, docs_dir)
        except KbpressError as error:
            raise PluginError(str(error)) from None
        content_config = ContentConfig(
            kind_dirs={self.config.articles_dir: Kind.ARTICLE, self.config.topics_dir: Kind.TOPIC}, vault=vault
        )
        self.portal.remove_internal(files)
        excluded = remove_excluded_files(files, vault) if vault else []
        by_src = {file.src_uri: file for file in files.documentation_pages() if file.generated_by is None}
        entries = ((Path(file.abs_src_path), src) for src, file in by_src.items())
        cache = self._sources if self.serving else None
        private: list = []
        loaded, problems = load_sources(
            entries, docs_dir, self.build.paths.project_dir, self.build.taxonomy, content_config, cache, private
        )
        errors = [problem for problem in problems if problem.severity == "error"]
        for problem in problems:
            if problem.severity != "error":
                log.warning(str(problem))
        if errors:
            raise PluginError(_problem_report(errors))
        if vault:
            remove_private_notes(files, vault, docs_dir, excluded + private, loaded)
        self._body_lines = {
            item.page.src_path: item.source.body_first_line + len(item.source.body) - len(item.source.body.lstrip("\n"))
            for item in loaded
        }
        published = self._publish(files, [(by_src[item.page.src_path], item.page) for item in loaded])
        self.build.site.pages = published
        self.obsidian.on_files(files, config, self.build)
        self._add_generated(files, config, published, extra_pages(files, self.build.site) if vault else [])
        if vault:
            add_redirects(files, config, self.config.vault.redirects, self.build.paths.project_dir, published, self.build.site.url)
        add_portal_assets(files, config)  # the templates link them on every page
        return files

    def _publish(self, files: Files, loaded: list[tuple[File, Page]]) -> list[Page]:
        """Give every page its URL; leave drafts and future topics out unless previewing."""
        published = []
        for file, page in loaded:
            if not is_published(page.meta, self.build.now) and not self.serving:
                files.remove(file)
                log.info(f"{file.src_uri}: 下書きまたは公開日時前のため、サイトに含めません")
                continue
            _set_url(file, page.url)
            published.append(page)
        return published

    def _add_generated(self, files: Files, config: MkDocsConfig, pages: list[Page], extra: list) -> None:
        for generated in generated_pages(self.build.site, pages) + extra:
            if files.get_file_from_path(generated.src_path) is not None:
                raise PluginError(
                    f"docs/{generated.src_path}: このページは自動で作られます。docs/ から削除するか名前を変えてください"
                )
            content = front_matter_block(generated.title, generated.description) + generated.markdown
            files.append(self._generated_file(config, generated.src_path, content))
            self.build.add_page(generated.src_path, generated.title, generated.description)

    def _generated_file(self, config: MkDocsConfig, src_path: str, content: str) -> File:
        """A section page; under ``mkdocs serve`` kept in a file rewritten only when its text changes.

        ``mkdocs serve --dirty`` rebuilds only pages whose source is newer
        than their output; in-memory pages count as always new, and the
        long tag and category lists were most of each preview rebuild.
        """
        if not self.serving:
            return File.generated(config, src_path, content=content)
        if self._preview_sources is None:
            self._preview_sources = Path(tempfile.mkdtemp(prefix="kbpress-preview-"))
        path = self._preview_sources / src_path
        data = content.encode("utf-8")
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return File.generated(config, src_path, abs_src_path=str(path))

    # -- navigation -------------------------------------------------------------

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Expand the category and topic index entries into small sections.

        Single pages stay out of the nav; they get the matching section as
        parent so Material still shows breadcrumbs for them.
        """
        if not self.serving and rendering.cacheable(config):
            self.build.rendered = rendering.empty_cache(config, files, self.build.paths.cache_dir, self.obsidian.cache_inputs())
        sections = {}
        for index, item in enumerate(nav.items):
            src = getattr(getattr(item, "file", None), "src_uri", None)
            if src == CATEGORIES_INDEX:
                nav.items[index], sections["categories"] = self._category_section(item, files)
            elif src == TOPICS_INDEX:
                nav.items[index], sections["topics"] = self._topic_section(item, files)
        for page in self.build.site.pages:
            mk_page = page_of(files, page.src_path)
            if mk_page is None or mk_page.parent is not None or page.generated:
                continue
            if page.kind is Kind.ARTICLE and page.meta.category in sections.get("categories", {}):
                mk_page.parent = sections["categories"][page.meta.category]
            elif page.kind is Kind.TOPIC and page.meta.date.year in sections.get("topics", {}):
                mk_page.parent = sections["topics"][page.meta.date.year]
        self.portal.add_internal_nav(nav, files)
        self.portal.attach_tag_pages(self.build.site, files)
        relink(nav)
        self.portal.set_lastmod(self.build.site, files)
        return nav

    def _category_section(self, index_page: MkPage, files: Files) -> tuple[Section, dict]:
        children, by_slug = [index_page], {}
        for slug, term in self.build.site.categories.items():
            page = page_of(files, category_src(slug))
            if page is not None:
                by_slug[slug] = leaf_section(term.name, page)
                children.append(by_slug[slug])
        return nav_section(index_page, children), by_slug

    def _topic_section(self, index_page: MkPage, files: Files) -> tuple[Section, dict]:
        years = sorted({page.meta.date.year for page in self.build.site.pages_of_kind(Kind.TOPIC)}, reverse=True)
        children, by_year = [index_page], {}
        for year in years:
            page = page_of(files, year_src(year))
            if page is not None:
                by_year[year] = leaf_section(f"{year}年", page)
                children.append(by_year[year])
        return nav_section(index_page, children), by_year

    # -- rendering ----------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        if page.file.generated_by is None:
            markdown = without_empty_front_matter(markdown)
            shown = _shown(Path(page.file.abs_src_path), self.build.paths.project_dir)
            first_line = self._body_lines.get(page.file.src_uri, 1)
            markdown = self.obsidian.convert(markdown, page.file.src_uri, shown, first_line)
            markdown = self.portal.expand_markdown(markdown, page, shown, first_line)
        model = self.build.site.page_by_src(page.file.src_uri)
        if model is not None and model.meta.description:
            # Material reads the meta description from here; topics call it summary.
            page.meta["description"] = model.meta.description
        return markdown

    def _warn_rendered(self, page: MkPage, html_text: str) -> None:
        """The content rules `kbpress check` runs too, on what readers get."""
        if page.file.generated_by is not None:
            return
        # MkDocs hands over the body with its leading blank lines removed.
        first_line = self._body_lines.get(page.file.src_uri, 1)
        shown = _shown(Path(page.file.abs_src_path), self.build.paths.project_dir)
        for problem in page_problems(html_text, page.markdown or "", shown, first_line):
            log.warning(str(problem))

    def on_page_content(self, html_text: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        model = self.build.site.page_by_src(page.file.src_uri)
        if model is None:
            return html_text
        self._warn_rendered(page, html_text)
        html_text = show_control_characters_in_code(html_text)
        model.html = html_text
        model.toc = tuple(_heading(item) for item in page.toc)
        if self.build.rendered is not None and page.file.generated_by is None:
            self.build.rendered.put(page.file.src_uri, source_digest(page.file.content_bytes), html_text, model.toc)
        banner = ""
        if not is_published(model.meta, self.build.now):
            banner = '<p class="kb-draft-banner">プレビュー: このページは下書きまたは公開日時前のため、公開サイトには含まれません。</p>\n'
        self.portal.structured_data(page, model, self.build.site)
        return banner + page_info_html(model, self.build.site) + self.portal.decorate(html_text, model, self.build.site, self.build.now)

    # -- output -------------------------------------------------------------------

    @event_priority(SWAP_LAST)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Wait for every output (Build.finish), then put the site in place and keep the rendered bodies."""
        build = self.build
        self.portal.write_robots(build.site)
        # MkDocs aborts a strict build only after on_post_build: with warnings, keep the old site.
        swapped = build.finish(keep=lambda: not (config.strict and _strict_warnings()))
        for number, titles in enumerate(build.scheduler.served(), start=1):
            log.info(f"ワーカー {number}/{build.scheduler.started}: {'・'.join(titles)}")
        config.site_dir = str(build.paths.site_dir)
        if not swapped:
            log.info("警告があるため (--strict)、前回の出力をそのまま残しました")
            return
        if build.paths.output_dir != build.paths.site_dir:
            log.info(f"サイトを {build.paths.site_dir} に出力しました")
        self._save_rendered()

    def _save_rendered(self) -> None:
        """Keep this build's bodies for ``kbpress epub``; a cache that cannot be written only costs time."""
        if self.build.rendered is None:
            return
        try:
            self.build.rendered.save()
        except OSError as error:
            log.info(f"描画結果のキャッシュを保存できませんでした ({error})。kbpress epub がすべてのページを描画し直します")
        self.build.rendered = None

    def on_build_error(self, *, error: Exception) -> None:
        if self.build is None:
            return
        self.build.discard()
        if self.build.paths.output_dir != self.build.paths.site_dir:
            log.error("ビルドに失敗したため、前回の出力をそのまま残しました")

    def on_shutdown(self) -> None:
        if self.build is not None:
            self.build.scheduler.cancel()
            if self.build.paths.output_dir != self.build.paths.site_dir:
                remove_stale_staging(self.build.paths.site_dir)
        if self._preview_sources is not None:
            shutil.rmtree(self._preview_sources, ignore_errors=True)
            self._preview_sources = None


def _raise_link_validation(config: MkDocsConfig) -> None:
    """Broken links, anchors and images are warnings, so --strict fails on them."""
    links = config.validation.links
    for name in ("not_found", "anchors", "unrecognized_links", "absolute_links"):
        if getattr(links, name) < logging.WARNING:
            setattr(links, name, logging.WARNING)


def _strict_warnings() -> int:
    """Warnings MkDocs has counted towards --strict so far in this build."""
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler):
            return sum(count for level, count in handler.counts.items() if level >= logging.WARNING)
    return 0


def _site_url(config: MkDocsConfig) -> str:
    url = config.site_url or ""
    if not url:
        raise PluginError("mkdocs.yml: site_url を設定してください (例: https://kb.example.jp/)。フィードや EPUB の絶対 URL に使います")
    return url if url.endswith("/") else url + "/"


def _shown(path: Path, project_dir: Path) -> str:
    try:
        return os.path.relpath(path, project_dir)
    except ValueError:
        return str(path)


def _problem_report(problems: list[Problem]) -> str:
    lines = [str(problem) for problem in sorted(problems, key=lambda p: (p.path, p.line or 0))]
    return f"{len(problems)} 件の問題があります:\n" + "\n".join(lines)


def _set_url(file: File, url: str) -> None:
    file.dest_uri = url + "index.html"
    for cached in ("url", "abs_dest_path", "dest_path"):
        file.__dict__.pop(cached, None)


def _heading(item: AnchorLink) -> Heading:
    return Heading(
        level=item.level,
        id=item.id,
        title=html.unescape(_strip_tags(item.title)),
        children=tuple(_heading(child) for child in item.children),
    )


def _strip_tags(text: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", text)
