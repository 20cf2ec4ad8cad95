"""The ``kbpress-search`` plugin: Japanese site search, indexed while the pages render.

Translation only; what is indexed and how comes from :mod:`kbpress.search`.

- ``on_config``: refuse Material's own search alongside (two search boxes).
- ``on_files``: add the search page (search/).
- ``on_env``: start the indexer (the site directory is clean by now): a
  worker process that indexes while the pages render, for large sites.
- ``on_page_context``: tell the template whether the page body is indexed
  (``kb_search_index``: the template marks it ``data-kb-search-body``) and
  whether this build has no index (``kb_search_unavailable``: previews).
- ``on_post_page``: hand each rendered page to the indexer.
- ``on_post_build``: wait for the index, before the content plugin swaps
  the staging directory in (that runs at priority -100).

Under ``mkdocs serve`` the index is not built unless ``index_when_serving``
is set: a preview should show the edited page, not wait for a second
process. The search page then says so.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage

from ..model import KbpressError
from ..search import (
    DEFAULT_EXCLUDE_SELECTORS,
    INDEX_DIR,
    INDEXED_GENERATED_PAGES,
    SEARCH_PAGE,
    BackgroundIndexer,
    InlineIndexer,
    is_indexed,
    is_noindex,
    search_page_markdown,
    start_indexer,
    way_on_links,
)
from ..search.records import BODY_MARKER
from .base import get_site, is_serving, require_content_plugin

log = get_plugin_logger(__name__)
MATERIAL_SEARCH = ("search", "material/search")
DICTIONARY_CACHE = ".cache/kbpress/search"  # relative to mkdocs.yml


class SearchConfig(base.Config):
    index_when_serving = c.Type(bool, default=False)
    exclude_selectors = c.ListOfItems(c.Type(str), default=list(DEFAULT_EXCLUDE_SELECTORS))
    indexed_generated_pages = c.ListOfItems(c.Type(str), default=list(INDEXED_GENERATED_PAGES))


class SearchPlugin(BasePlugin[SearchConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.indexer: BackgroundIndexer | InlineIndexer | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        require_content_plugin(config)
        for name in MATERIAL_SEARCH:
            if name in config.plugins:
                raise PluginError(
                    f"mkdocs.yml: plugins: の {name.split('/')[-1]} を削除してください。"
                    "検索は kbpress-search が担当します (日本語の複合語でも探せる索引を作ります)"
                )
        self.serving = is_serving(config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if files.get_file_from_path(SEARCH_PAGE) is not None:
            raise PluginError(f"docs/{SEARCH_PAGE}: 検索ページは自動で作られます。docs/ から削除するか名前を変えてください")
        files.append(File.generated(config, SEARCH_PAGE, content=search_page_markdown()))
        return files

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        self._stop_indexer()  # a previous build's, if it was interrupted
        if not self._skip_index():
            exclude = tuple(self.config.exclude_selectors)
            pages = len(files.documentation_pages())
            synonyms = config.plugins["kbpress"].taxonomy.synonyms
            cache_dir = Path(config.config_file_path).parent / DICTIONARY_CACHE
            self.indexer = start_indexer(Path(config.site_dir) / INDEX_DIR, exclude, pages, synonyms, cache_dir)
        return env

    def on_page_context(self, context: dict, *, page: MkPage, config: MkDocsConfig, nav) -> dict:
        model = get_site(config).page_by_src(page.file.src_uri)
        context["kb_search_index"] = is_indexed(model, page.meta, tuple(self.config.indexed_generated_pages))
        context["kb_search_unavailable"] = self._skip_index()
        if page.file.src_uri == SEARCH_PAGE:
            context["kb_search_way_on"] = way_on_links(get_site(config))
        return context

    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        if self.indexer is not None:
            marker = output.find(" " + BODY_MARKER)
            if marker >= 0 and not is_noindex(output[:marker]):
                # Only the marked body onwards: the navigation before it is most of the page.
                self.indexer.add(page.url, output[output.rfind("<", 0, marker):])
        return output

    def _skip_index(self) -> bool:
        return self.serving and not self.config.index_when_serving

    @event_priority(-50)  # after the other outputs, before the content plugin's swap at -100
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.indexer is None:
            log.info("プレビュー中のため検索インデックスを作りません (index_when_serving: false)")
            return
        indexer, self.indexer = self.indexer, None
        try:
            result = indexer.finish()
        except KbpressError as error:
            raise PluginError(str(error)) from None
        log.info(f"検索インデックス: {result.pages} ページ、{result.terms} 語 (索引の分割 {result.shards})")
        if not result.analyser:
            log.info("検索の表記揺れの辞書 (SudachiPy と SudachiDict) が入っていないため、漢字の書き方の揺れ (漏洩と漏えいなど) は吸収しません")

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_indexer()

    def on_shutdown(self) -> None:
        self._stop_indexer()

    def _stop_indexer(self) -> None:
        if self.indexer is not None:
            self.indexer.cancel()
            self.indexer = None
