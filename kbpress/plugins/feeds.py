"""The ``kbpress-feeds`` plugin: topic feeds, the feeds page and autodiscovery links.

Translation only; the feeds themselves come from :mod:`kbpress.feeds`.

- ``on_config``: read feeds/*.yml (a bad definition stops the build at once).
- ``on_files``: add the generated portal page ``feeds.md``.
- ``on_post_page``: announce the page's feeds with ``<link rel="alternate">``.
- finish step (:meth:`kbpress.build.Build.finish`): write feeds/*.xml,
  *.atom and *.json into the site.
"""

from __future__ import annotations

from datetime import datetime

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage

from ..feeds import (
    FEEDS_PAGE_DESCRIPTION,
    FEEDS_PAGE_TITLE,
    FeedDefinition,
    feed_links,
    feed_set,
    feeds_page_markdown,
    link_tags,
    load_definitions,
    render_feeds,
    write_feeds,
)
from ..indexes import FEEDS_PAGE, front_matter_block
from ..build import Build
from ..model import KbpressError, Site
from .base import build_of, shown, warn_if_missing_dir

log = get_plugin_logger(__name__)


class FeedsConfig(base.Config):
    feeds_dir = c.Dir(exists=False, default="feeds")  # relative to mkdocs.yml
    category_feeds = c.Type(bool, default=True)
    icon = c.Optional(c.Type(str))  # site-relative path or URL; default: the theme's favicon


class FeedsPlugin(BasePlugin[FeedsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.definitions: list[FeedDefinition] = []
        self._feeds: list[FeedDefinition] | None = None
        self._icon: str | None = None
        self._now: datetime | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        build = build_of(config)
        self._feeds = None  # per build: `mkdocs serve` reuses the plugin
        warn_if_missing_dir(config, plugin="kbpress-feeds", option="feeds_dir", value=self.config.feeds_dir,
                            default=FeedsConfig.feeds_dir.default, contents="フィードの定義ファイル (*.yml)")
        try:
            self.definitions = load_definitions(self.config.feeds_dir, build.taxonomy)
        except KbpressError as error:
            raise PluginError(f"フィードの定義に問題があります:\n{error}") from None
        self._icon = self.config.icon or config.theme.get("favicon")
        # The build's clock, so the portal and the feeds agree on what is published.
        self._now = build.now
        build.at_finish("feeds", lambda: self._write(build, config))
        return config

    def feeds_for(self, site: Site) -> list[FeedDefinition]:
        """Every feed of this build: the defined ones and one per used category."""
        if self._feeds is None:
            self._feeds = feed_set(site, self.definitions, self._now, category_feeds=self.config.category_feeds)
        return self._feeds

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        existing = files.get_file_from_path(FEEDS_PAGE)
        if existing is not None:
            raise PluginError(
                f"docs/{FEEDS_PAGE}: このページはフィードの定義 ({shown(config, self.config.feeds_dir)}/*.yml) から自動で作られます。"
                "docs/ から削除するか名前を変えてください"
            )
        build = build_of(config)
        site = build.site
        build.add_page(FEEDS_PAGE, FEEDS_PAGE_TITLE, FEEDS_PAGE_DESCRIPTION)
        markdown = front_matter_block(FEEDS_PAGE_TITLE, FEEDS_PAGE_DESCRIPTION) + feeds_page_markdown(site, self.feeds_for(site))
        files.append(File.generated(config, FEEDS_PAGE, content=markdown))
        return files

    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        site = build_of(config).site
        links = feed_links(site, self.feeds_for(site), site.page_by_src(page.file.src_uri))
        head_end = output.find("</head>")
        if not links or head_end < 0:
            return output
        return output[:head_end] + link_tags(links) + output[head_end:]

    def _write(self, build: Build, config: MkDocsConfig) -> None:
        site = build.site
        try:
            files, warnings = render_feeds(site, self.feeds_for(site), self._now, icon=self._icon)
        except KbpressError as error:
            raise PluginError(str(error)) from None
        for warning in warnings:
            log.warning(str(warning))
        write_feeds(files, config.site_dir)
        log.info(f"フィードを {len(files)} 個出力しました")
