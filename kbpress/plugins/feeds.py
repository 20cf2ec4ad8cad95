"""The ``kbpress-feeds`` plugin: topic feeds, the feeds page and autodiscovery links.

Translation only; the feeds themselves come from :mod:`kbpress.feeds`.

- ``on_config``: read feeds/*.yml (a bad definition stops the build at once).
- ``on_files``: add the generated portal page ``feeds.md``.
- ``on_post_page``: announce the page's feeds with ``<link rel="alternate">``.
- ``on_post_build``: write feeds/*.xml, *.atom and *.json into the site.
"""

from __future__ import annotations

import os
from datetime import datetime

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage

from .. import clock
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
from ..model import KbpressError, Site
from ..taxonomy import Taxonomy
from .base import CONTENT_PLUGIN, get_site, warn_if_missing_dir
from .content import add_page

log = get_plugin_logger(__name__)


class FeedsConfig(base.Config):
    feeds_dir = c.Type(str, default="feeds")  # relative to mkdocs.yml
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
        self._feeds = None  # per build: `mkdocs serve` reuses the plugin
        feeds_dir = os.path.join(os.path.dirname(config.config_file_path), self.config.feeds_dir)
        warn_if_missing_dir(config, plugin="kbpress-feeds", option="feeds_dir", value=self.config.feeds_dir,
                            default=FeedsConfig.feeds_dir.default, contents="フィードの定義ファイル (*.yml)")
        try:
            self.definitions = load_definitions(feeds_dir, _taxonomy(config))
        except KbpressError as error:
            raise PluginError(f"フィードの定義に問題があります:\n{error}") from None
        self._icon = self.config.icon or config.theme.get("favicon")
        # The content plugin's clock when it has one, so the portal and the
        # feeds agree on what is published (KBPRESS_NOW overrides both).
        content_now = getattr(config.plugins.get(CONTENT_PLUGIN), "now", None)
        self._now = content_now if isinstance(content_now, datetime) else clock.now()
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
                f"docs/{FEEDS_PAGE}: このページはフィードの定義 ({self.config.feeds_dir}/*.yml) から自動で作られます。"
                "docs/ から削除するか名前を変えてください"
            )
        site = get_site(config)
        add_page(site, FEEDS_PAGE, FEEDS_PAGE_TITLE, FEEDS_PAGE_DESCRIPTION)
        markdown = front_matter_block(FEEDS_PAGE_TITLE, FEEDS_PAGE_DESCRIPTION) + feeds_page_markdown(site, self.feeds_for(site))
        files.append(File.generated(config, FEEDS_PAGE, content=markdown))
        return files

    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        site = get_site(config)
        links = feed_links(site, self.feeds_for(site), site.page_by_src(page.file.src_uri))
        head_end = output.find("</head>")
        if not links or head_end < 0:
            return output
        return output[:head_end] + link_tags(links) + output[head_end:]

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = get_site(config)
        try:
            files, warnings = render_feeds(site, self.feeds_for(site), self._now, icon=self._icon)
        except KbpressError as error:
            raise PluginError(str(error)) from None
        for warning in warnings:
            log.warning(str(warning))
        write_feeds(files, config.site_dir)
        log.info(f"フィードを {len(files)} 個出力しました")


def _taxonomy(config: MkDocsConfig) -> Taxonomy:
    taxonomy = getattr(config.plugins.get(CONTENT_PLUGIN), "taxonomy", None)
    if not isinstance(taxonomy, Taxonomy):
        raise PluginError("mkdocs.yml: plugins: の kbpress を kbpress-feeds より前に書いてください (語彙 taxonomy.yml を読むため)")
    return taxonomy
