"""The ``kbpress-search`` plugin: Japanese site search with Pagefind.

Translation only; what is indexed and how comes from :mod:`kbpress.search`.

- ``on_config``: refuse Material's own search alongside (two search boxes).
- ``on_files``: add the search page (search/) and the portal's CSS/JS.
- ``on_page_context``: tell the template whether the page body is indexed
  (``kb_search_index``: the template marks it ``data-pagefind-body``) and
  whether this build has no index (``kb_search_unavailable``: previews).
- ``on_post_build``: index the staging directory, before the content
  plugin swaps it in (that runs at priority -100).

Under ``mkdocs serve`` the index is not built unless ``index_when_serving``
is set: it takes about 4 ms a page (12 s for 3,000), too slow for every
save. The search page then says so.
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
    INDEXED_GENERATED_PAGES,
    SEARCH_PAGE,
    build_index,
    is_indexed,
    search_page_markdown,
)
from .base import get_site, is_serving, require_content_plugin

log = get_plugin_logger(__name__)
ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets" / "portal"
ASSETS_URL = "assets/kbpress/"
MATERIAL_SEARCH = ("search", "material/search")


class SearchConfig(base.Config):
    index_when_serving = c.Type(bool, default=False)
    exclude_selectors = c.ListOfItems(c.Type(str), default=list(DEFAULT_EXCLUDE_SELECTORS))
    indexed_generated_pages = c.ListOfItems(c.Type(str), default=list(INDEXED_GENERATED_PAGES))


class SearchPlugin(BasePlugin[SearchConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        require_content_plugin(config)
        for name in MATERIAL_SEARCH:
            if name in config.plugins:
                raise PluginError(
                    f"mkdocs.yml: plugins: の {name.split('/')[-1]} を削除してください。"
                    "検索は kbpress-search が担当します (日本語の複合語を探せる Pagefind を使います)"
                )
        self.serving = is_serving(config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if files.get_file_from_path(SEARCH_PAGE) is not None:
            raise PluginError(f"docs/{SEARCH_PAGE}: 検索ページは自動で作られます。docs/ から削除するか名前を変えてください")
        files.append(File.generated(config, SEARCH_PAGE, content=search_page_markdown()))
        add_portal_assets(files, config)
        return files

    def on_page_context(self, context: dict, *, page: MkPage, config: MkDocsConfig, nav) -> dict:
        model = get_site(config).page_by_src(page.file.src_uri)
        context["kb_search_index"] = is_indexed(model, page.meta, tuple(self.config.indexed_generated_pages))
        context["kb_search_unavailable"] = self._skip_index()
        return context

    def _skip_index(self) -> bool:
        return self.serving and not self.config.index_when_serving

    @event_priority(-50)  # after the other outputs, before the content plugin's swap at -100
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._skip_index():
            log.info("プレビュー中のため検索インデックスを作りません (index_when_serving: false)")
            return
        exclude = tuple(self.config.exclude_selectors)
        try:
            result = build_index(Path(config.site_dir), exclude)
        except KbpressError as error:
            raise PluginError(str(error)) from None
        log.info(f"検索インデックス: {result.pages} ページを {result.seconds:.2f} 秒で索引しました")


def add_portal_assets(files: Files, config: MkDocsConfig) -> None:
    """Copy the portal's CSS and JavaScript (kbpress/assets/portal/) to assets/kbpress/ in the site.

    Idempotent, so any kbpress plugin may call it; the templates link the
    files under these fixed names.
    """
    for path in sorted(ASSETS_DIR.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        dest = ASSETS_URL + path.relative_to(ASSETS_DIR).as_posix()
        if files.get_file_from_path(dest) is None:
            files.append(File.generated(config, dest, abs_src_path=str(path)))
