"""The ``kbpress-cards`` plugin: a link card image and OGP tags for every page.

Translation only; drawing and caching live in :mod:`kbpress.cards`.

- ``on_config``: open the card cache (``cache_dir``, relative to mkdocs.yml),
  its missing cards drawn by the build's scheduler (:mod:`kbpress.scheduler`).
- ``on_nav``: the content model is complete: queue every missing card
  now, so the workers draw while MkDocs renders the Markdown and then
  the templates (a card needs only the page's title and labels).
- ``on_post_page``: find the page's card in the cache or queue it,
  add Open Graph / X card tags to ``<head>`` (they need the card's URL,
  not its pixels).
- finish step (:meth:`kbpress.build.Build.finish`): the drawings are done;
  put every card into the site, log how many cards were drawn and reused.

Under ``mkdocs serve`` no new card is drawn (previews stay fast); cards
already in the cache are still used.
"""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkPage

from ..cards import CardCache, LinkPreview, card_content, card_url, insert_into_head, ogp_tags, plain_card_content
from ..cards.drawer import CardDrawer
from ..build import Build
from ..model import Kind, Site
from ..textlayout import FontNotFoundError
from .base import build_of, shown

log = get_plugin_logger(__name__)


class CardsConfig(base.Config):
    cache_dir = c.Dir(exists=False, default=".cache/kbpress/cards")  # relative to mkdocs.yml
    prune_days = c.Type(int, default=90)  # forget cards no build has used for this long; 0 keeps all
    draw_when_serving = c.Type(bool, default=False)


class CardsPlugin(BasePlugin[CardsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.cache: CardCache | None = None
        self.serving = False
        self._seconds = 0.0
        self._copies: list[tuple[Path, Path, str]] = []  # card, place in the site, page source
        self._cache_dir_shown = ""
        self._build: Build | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        build = build_of(config)
        self.cache = CardCache(Path(self.config.cache_dir), CardDrawer(build.scheduler))  # per build
        self.serving = build.serving
        self._build = build
        self._seconds = 0.0
        self._copies = []
        self._cache_dir_shown = shown(config, self.config.cache_dir)
        build.at_finish("link cards", lambda: self._finish(build))
        return config

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        if not self._drawing():
            return nav  # previews draw nothing new; cached cards are found page by page
        started = time.perf_counter()
        site = build_of(config).site
        for model in site.pages:
            if files.get_file_from_path(model.src_path) is not None:
                with self._cache_errors(f"{model.src_path} "):
                    self.cache.card(card_content(model, site), draw=self._drawing())
        self._seconds += time.perf_counter() - started
        return nav

    def _drawing(self) -> bool:
        # `kbpress epub` loads the site without building it: no cards.
        return self._build.purpose == "site" and (not self.serving or self.config.draw_when_serving)

    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        started = time.perf_counter()
        preview = self._preview(build_of(config).site, page, config)
        self._seconds += time.perf_counter() - started
        return insert_into_head(output, ogp_tags(preview))

    def _preview(self, site: Site, page: MkPage, config: MkDocsConfig) -> LinkPreview:
        model = site.page_by_src(page.file.src_uri)
        if model is not None:
            url, title, description = model.url, model.title, model.meta.description
            content = card_content(model, site)
            is_article = model.kind in (Kind.ARTICLE, Kind.TOPIC)
        else:
            url, title, description = page.url, page.title or site.name, page.meta.get("description", "")
            content = plain_card_content(title, site)
            is_article = False
        image_url = None
        card = self._card(content, page)
        if card is not None:
            self._copies.append((card, Path(config.site_dir) / card_url(url), page.file.src_uri))
            image_url = site.absolute_url(card_url(url))
        return LinkPreview(
            title=site.name if url == "" else title,
            description=description or site.description,
            url=site.absolute_url(url),
            site_name=site.name,
            image_url=image_url,
            is_article=is_article,
        )

    def _card(self, content, page: MkPage) -> Path | None:
        with self._cache_errors(f"{page.file.src_uri} "):
            return self.cache.card(content, draw=self._drawing())

    @contextmanager
    def _cache_errors(self, subject: str):
        """Drawing and cache failures as a PluginError naming ``subject`` and cache_dir."""
        try:
            yield
        except FontNotFoundError as error:
            raise PluginError(f"kbpress-cards: {error}") from None
        except OSError as error:
            raise PluginError(
                f"kbpress-cards: {subject}のリンクカードを書けませんでした ({error})。"
                f"mkdocs.yml の cache_dir: '{self._cache_dir_shown}' に書き込めるか確かめてください"
            ) from None

    @staticmethod
    def _copy(card: Path, target: Path, src_uri: str) -> None:
        """Put a cached card into the site: a hard link where possible (cache
        entries are replaced, never rewritten, so the site's file never
        changes under it), a copy across file systems."""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            try:
                os.link(card, target)
            except OSError:
                shutil.copyfile(card, target)
        except OSError as error:
            raise PluginError(
                f"kbpress-cards: {src_uri} のリンクカードを書けませんでした ({error})。"
                f"{target.parent} に書き込めるか確かめてください"
            ) from None

    def _finish(self, build: Build) -> None:
        """Every page is written and the drawings are done: put the cards into the site."""
        started = time.perf_counter()
        with self._cache_errors("新しいページ"):
            self.cache.wait()
        for card, target, src_uri in self._copies:
            self._copy(card, target, src_uri)
        self._copies = []
        self._seconds += time.perf_counter() - started
        prune = self.config.prune_days if self.config.prune_days > 0 and not self.serving else None
        summary = self.cache.finish(prune_days=prune)
        log.info(
            f"リンクカード: 新しく描画 {summary['drawn']} 枚、キャッシュから {summary['reused']} 枚"
            f" (描画 {summary['ms_per_drawn_card']} ms/枚、カード処理合計 {self._seconds:.2f} 秒)"
        )
        if summary["skipped"]:
            log.info(f"プレビュー中のため、リンクカード {summary['skipped']} 枚の描画を省きました (mkdocs build で描画されます)")
