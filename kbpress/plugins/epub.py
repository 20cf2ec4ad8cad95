"""MkDocs adapter for the EPUB guidebook supplements (core: :mod:`kbpress.epub`).

Timeline within one ``mkdocs build``:

- ``on_files``: read the manifests (errors stop the build before anything
  renders) and add the generated download page ``guidebook.md``.
- ``on_env``: every page has been rendered by now (MkDocs renders all
  Markdown before this event), so the volumes are built from the site
  model and written into the site directory being built.
- ``on_post_page``: the download page's size markers get the real sizes.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from ..epub import (
    DOWNLOAD_PAGE_DESCRIPTION,
    DOWNLOAD_PAGE_SRC,
    DOWNLOAD_PAGE_TITLE,
    OUTPUT_DIR,
    Manifest,
    build_volumes,
    download_page_markdown,
    fill_download_sizes,
    format_size,
    load_manifests,
    volume_infos,
)
from ..indexes import front_matter_block
from ..build import Build
from ..model import KbpressError
from ..processes import release_freed_memory
from .base import build_of, warn_if_missing_dir

log = get_plugin_logger(__name__)


class EpubConfig(Config):
    guidebook_dir = c.Dir(exists=False, default="guidebook")  # relative to mkdocs.yml
    enabled = c.Type(bool, default=True)
    build_on_serve = c.Type(bool, default=False)


class EpubPlugin(BasePlugin[EpubConfig]):
    def __init__(self) -> None:
        self._manifests: list[Manifest] = []
        self._sizes: dict[str, int] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        build_of(config)  # here, before MkDocs empties the site directory: kbpress must be listed first
        self._manifests = []
        self._sizes = {}
        return config

    @property
    def manifests(self) -> list[Manifest]:
        """The volumes this build makes (read in ``on_files``)."""
        return self._manifests

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        build = build_of(config)
        warn_if_missing_dir(config, plugin="kbpress-epub", option="guidebook_dir", value=self.config.guidebook_dir,
                            default=EpubConfig.guidebook_dir.default, contents="巻定義ファイル (*.yml)")
        try:
            self._manifests = load_manifests(Path(self.config.guidebook_dir), config.docs_dir, build.paths.project_dir)
        except KbpressError as error:
            raise PluginError(_report(error)) from None
        self._add_download_page(files, config, build)
        return files

    def _add_download_page(self, files: Files, config: MkDocsConfig, build: Build) -> None:
        existing = files.get_file_from_path(DOWNLOAD_PAGE_SRC)
        if existing is not None and existing.generated_by is not None:
            return  # another plugin writes the page; sizes are still filled in on_post_page
        if existing is not None:
            raise PluginError(
                f"docs/{DOWNLOAD_PAGE_SRC}: このページはガイドブックの定義から自動で作られます。"
                "docs/ から削除するか名前を変えてください"
            )
        page = build.add_page(DOWNLOAD_PAGE_SRC, DOWNLOAD_PAGE_TITLE, DOWNLOAD_PAGE_DESCRIPTION)
        markdown = download_page_markdown(volume_infos(self._manifests, build.site), page.url, build.site.name)
        content = front_matter_block(DOWNLOAD_PAGE_TITLE, DOWNLOAD_PAGE_DESCRIPTION) + markdown
        files.append(File.generated(config, DOWNLOAD_PAGE_SRC, content=content))

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if not self.config.enabled or not self._manifests:
            return env
        build = build_of(config)
        if build.serving and not self.config.build_on_serve:
            log.info("mkdocs serve ではガイドブック (EPUB) を作りません (build_on_serve: true で作ります)")
            return env
        try:
            built = build_volumes(self._manifests, build.site, out_dir=Path(config.site_dir, OUTPUT_DIR), reuse=True,
                                  cache_dir=build.paths.cache_dir)
        except KbpressError as error:
            raise PluginError(_report(error)) from None
        for volume in built:
            for problem in volume.warnings:
                log.warning(f"{problem} (ガイドブック {volume.manifest.path})")
            log.info(f"{OUTPUT_DIR}/{volume.manifest.file_name} を作りました ({format_size(volume.size)})")
        self._sizes = {volume.manifest.slug: volume.size for volume in built}
        del built
        release_freed_memory()  # the volumes' working memory, before the pages' templates render
        return env

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        return fill_download_sizes(output, self._sizes)


def _report(error: KbpressError) -> str:
    lines = [str(problem) for problem in error.problems]
    if len(lines) == 1:
        return lines[0]
    return f"{len(lines)} 件の問題があります:\n" + "\n".join(lines)
