"""The ``kbpress-watch`` plugin: today's post candidates as a page, under ``mkdocs serve`` only.

The page is added when previewing and never in a build, so the public
site cannot contain the inbox. Content comes from :mod:`kbpress.watch.review`.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from .. import clock
from ..indexes import front_matter_block
from ..watch.review import DESCRIPTION, TITLE, review_markdown
from .base import build_of, require_content_plugin

log = get_plugin_logger(__name__)


class WatchConfig(base.Config):
    social_dir = c.Dir(exists=False, default="social")  # relative to mkdocs.yml
    page = c.Type(str, default="watch-inbox.md")  # where the preview shows the candidates


class WatchPlugin(BasePlugin[WatchConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        require_content_plugin(config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        build = build_of(config)
        if not build.serving:
            return files
        page = self.config.page
        if files.get_file_from_path(page) is not None:
            raise PluginError(f"docs/{page}: kbpress-watch がプレビューで使う名前です。ファイル名を変えるか、mkdocs.yml の kbpress-watch: page: を変えてください")
        content = front_matter_block(TITLE, DESCRIPTION) + review_markdown(self._social_dir(config), clock.now())
        files.append(File.generated(config, page, content=content))
        build.add_page(page, TITLE, DESCRIPTION)
        log.info(f"プレビューに今日の投稿候補のページ /{Path(page).stem}/ を加えました")
        return files

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """Rebuild the preview when a run of kbpress watch or a pick changes the inbox."""
        inbox = self._social_dir(config) / "inbox"
        if inbox.is_dir():
            server.watch(str(inbox))
        return server

    def _social_dir(self, config: MkDocsConfig) -> Path:
        return Path(self.config.social_dir)
