"""``kbpress epub``: the guidebook supplements without building the portal.

The chapters must be exactly what the portal shows, so MkDocs loads the
site as a build would (every plugin's ``on_config``, ``on_files`` and
``on_nav``: same URLs, same generated pages). Then only the chapters are
rendered, and a chapter whose body the last full build left in the
render cache (:mod:`kbpress.rendercache`) is not rendered again. No
template is rendered, no card drawn, no feed or search index written.
The volumes are byte-identical to those of a full build.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .atomic import write_bytes_atomic
from .epub import OUTPUT_DIR
from .model import KbpressError
from .rendercache import source_digest


class EpubCommandError(Exception):
    pass


@dataclass(frozen=True)
class ChapterStats:
    reused: int  # bodies taken from the render cache
    rendered: int  # bodies rendered now


def build_epubs_only(config, volume: str | None, output: Path | None) -> list[Path]:
    """Build the chosen volumes (all when ``volume`` is None) into ``output``."""
    return build_epubs_with_stats(config, volume, output)[0]


def build_epubs_with_stats(config, volume: str | None, output: Path | None) -> tuple[list[Path], ChapterStats]:
    from mkdocs.exceptions import MkDocsException

    if "kbpress-epub" not in config.plugins:
        raise EpubCommandError("mkdocs.yml の plugins に kbpress-epub がありません")
    destination = output or Path(config.site_dir) / OUTPUT_DIR
    _show_build_log()
    with tempfile.TemporaryDirectory(prefix="kbpress-epub-") as scratch:
        # The content plugin stages its output next to site_dir: keep that in the scratch folder.
        config.site_dir = str(Path(scratch) / "site")
        try:
            return _build(config, volume, destination, Path(scratch) / "out")
        except MkDocsException as error:
            raise EpubCommandError(f"ビルドに失敗したため EPUB を作れませんでした: {error}") from None
        finally:
            config.plugins.on_shutdown()


def _build(config, volume: str | None, destination: Path, scratch_out: Path) -> tuple[list[Path], ChapterStats]:
    from mkdocs.structure.files import get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation

    from .epub import build_volumes
    from .plugins import rendering
    from .plugins.base import get_site
    from .plugins.epub import epub_cache_dir

    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    cards = config.plugins.get("kbpress-cards")
    if cards is not None:
        cards.drawing_enabled = False  # the site is loaded, not built: no link cards
    # The same steps as MkDocs's build up to the nav, so URLs and the fingerprint agree.
    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
    epub_plugin = config.plugins["kbpress-epub"]
    manifests = _chosen(epub_plugin.manifests, volume, epub_plugin.config.guidebook_dir)
    content = config.plugins["kbpress"]
    cache = None
    if rendering.cacheable(config):
        known = content.rendered.fingerprint if content.rendered is not None else None  # set in its on_nav
        cache = rendering.load_cache(config, files, content.config.cache_dir, known)
    stats = _render_chapters(config, files, get_site(config), manifests, cache)
    try:
        built = build_volumes(manifests, get_site(config), out_dir=scratch_out, cache_dir=epub_cache_dir(config))
    except KbpressError as error:
        raise EpubCommandError("\n".join(str(problem) for problem in error.problems)) from None
    logger = logging.getLogger("mkdocs.plugins.kbpress")
    written = []
    for item in built:
        for problem in item.warnings:
            logger.warning(f"{problem} (ガイドブック {item.manifest.path})")
        target = destination / item.manifest.file_name
        write_bytes_atomic(target, (scratch_out / item.manifest.file_name).read_bytes())
        written.append(target)
    return written, stats


def _chosen(manifests, volume: str | None, guidebook_dir: str):
    if volume is None:
        return manifests
    chosen = [manifest for manifest in manifests if manifest.slug == volume]
    if not chosen:
        names = ", ".join(manifest.slug for manifest in manifests) or "(なし)"
        raise EpubCommandError(f"巻 '{volume}' の定義 ({guidebook_dir}/{volume}.yml) がありません。定義されている巻: {names}")
    return chosen


def _render_chapters(config, files, site, manifests, cache) -> ChapterStats:
    """Give every chapter of ``manifests`` its body: from the cache, or rendered by MkDocs now."""
    from mkdocs.commands.build import _populate_page
    from mkdocs.structure.pages import Page as MkPage

    reused = rendered = 0
    wanted = dict.fromkeys(src for manifest in manifests for src in manifest.sources)
    for src in wanted:
        file = files.get_file_from_path(src)
        model = site.page_by_src(src)
        if file is None or model is None:
            continue  # build_volumes names the missing chapter
        body = None
        if cache is not None and file.generated_by is None:
            body = cache.get(src, source_digest(file.content_bytes))
        if body is not None:
            model.html, model.toc = body.html, body.toc
            reused += 1
            continue
        if file.page is None:
            MkPage(None, file, config)
        _populate_page(file.page, config, files)  # the content plugin fills model.html and model.toc
        rendered += 1
    return ChapterStats(reused, rendered)


def _show_build_log() -> None:
    """Show the build's warnings and errors as `mkdocs build` would."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)
