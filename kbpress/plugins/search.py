"""The ``kbpress-search`` plugin: Japanese site search, indexed while the pages render.

Translation only; what is indexed and how comes from :mod:`kbpress.search`.

- ``on_config``: refuse Material's own search alongside (two search boxes).
- ``on_files``: add the search page (search/).
- ``on_env``: hand the index to the build's scheduler (the site directory
  is clean by now): for large sites a worker indexes while the pages
  render, before any link card it also draws.
- ``on_page_context``: tell the template whether the page body is indexed
  (``kb_search_index``: the template marks it ``data-kb-search-body``) and
  whether this build has no index (``kb_search_unavailable``: previews).
- ``on_post_page``: hand each rendered page to the indexer.
- finish step (:meth:`kbpress.build.Build.finish`): the index is written;
  report it (the staging directory is swapped in after every finish step).

Under ``mkdocs serve`` the index is not built unless ``index_when_serving``
is set: a preview should show the edited page, not wait for a second
process. The search page then says so.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage

from ..model import KbpressError
from ..scheduler import Channel, JobFailed
from ..search import (
    DEFAULT_EXCLUDE_SELECTORS,
    INDEX_DIR,
    INDEXED_GENERATED_PAGES,
    SEARCH_PAGE,
    index_job,
    is_indexed,
    is_noindex,
    search_page_markdown,
    search_rules,
    way_on_links,
)
from ..search.records import BODY_MARKER
from .base import build_of, plugin_names

log = get_plugin_logger(__name__)
MATERIAL_SEARCH = ("search", "material/search")


class SearchConfig(base.Config):
    index_when_serving = c.Type(bool, default=False)
    exclude_selectors = c.ListOfItems(c.Type(str), default=list(DEFAULT_EXCLUDE_SELECTORS))
    indexed_generated_pages = c.ListOfItems(c.Type(str), default=list(INDEXED_GENERATED_PAGES))
    lexicon = c.Type(bool, default=True)  # the built-in reader lexicon (kbpress/search/lexicon.yml)


class SearchPlugin(BasePlugin[SearchConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.indexer: Channel | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        build = build_of(config)
        for name in MATERIAL_SEARCH:
            if name in plugin_names(config):
                raise PluginError(
                    f"mkdocs.yml: plugins: の {name.split('/')[-1]} を削除してください。"
                    "検索は kbpress-search が担当します (日本語の複合語でも探せる索引を作ります)"
                )
        self.serving = build.serving
        self.indexer = None
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if files.get_file_from_path(SEARCH_PAGE) is not None:
            raise PluginError(f"docs/{SEARCH_PAGE}: 検索ページは自動で作られます。docs/ から削除するか名前を変えてください")
        files.append(File.generated(config, SEARCH_PAGE, content=search_page_markdown()))
        return files

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        self.indexer = None
        if not self._skip_index():
            build = build_of(config)
            # The built-in lexicon, then the editors' synonyms; Sudachi's look-ups for the
            # site's words are kept beside the other build caches.
            with _index_errors():
                rules = search_rules(build.taxonomy.synonyms, self.config.lexicon)
            job = index_job(Path(config.site_dir) / INDEX_DIR, tuple(self.config.exclude_selectors),
                            rules, build.paths.cache_dir / "search")
            self.indexer = build.scheduler.open(job, expected=len(files.documentation_pages()))
        build_of(config).at_finish("search index", self._finish)
        return env

    def on_page_context(self, context: dict, *, page: MkPage, config: MkDocsConfig, nav) -> dict:
        model = build_of(config).site.page_by_src(page.file.src_uri)
        context["kb_search_index"] = is_indexed(model, page.meta, tuple(self.config.indexed_generated_pages))
        context["kb_search_unavailable"] = self._skip_index()
        if page.file.src_uri == SEARCH_PAGE:
            context["kb_search_way_on"] = way_on_links(build_of(config).site)
        return context

    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        if self.indexer is not None:
            marker = output.find(" " + BODY_MARKER)
            if marker >= 0 and not is_noindex(output[:marker]):
                # Only the marked body onwards: the navigation before it is most of the page.
                with _index_errors():
                    self.indexer.send((page.url, output[output.rfind("<", 0, marker):]))
        return output

    def _skip_index(self) -> bool:
        return self.serving and not self.config.index_when_serving

    def _finish(self) -> None:
        if self.indexer is None:
            log.info("プレビュー中のため検索インデックスを作りません (index_when_serving: false)")
            return
        indexer, self.indexer = self.indexer, None
        with _index_errors():
            result = indexer.results()[0]
        where = "ワーカープロセス" if indexer.in_worker else "ビルドのプロセス"
        log.info(f"検索インデックス: {result.pages} ページ、{result.terms} 語 (索引の分割 {result.shards}、{where}で作成)")
        if not result.analyser:
            log.info("検索の表記揺れの辞書 (SudachiPy と SudachiDict) が入っていないため、漢字の書き方の揺れ (漏洩と漏えいなど) は吸収しません")


@contextmanager
def _index_errors():
    """Index failures (here or in the worker) as a PluginError naming the index."""
    try:
        yield
    except KbpressError as error:
        raise PluginError(str(error)) from None
    except JobFailed as error:
        raise PluginError(f"search: 検索インデックスを作れませんでした ({str(error).strip()})") from None
