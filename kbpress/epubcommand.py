"""``kbpress epub``: the guidebook supplements without building the portal.

The chapters must be exactly what the portal shows, so MkDocs loads the
site as a build would (every plugin's ``on_config``, ``on_files`` and
``on_nav``: same URLs, same generated pages; the steps MkDocs has no
public call for are in :mod:`kbpress.plugins.mkdocssteps`). Then only the chapters are
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

    from .plugins.base import plugin_options
    from .plugins.mkdocssteps import shut_down

    if plugin_options(config, "kbpress-epub") is None:
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
            shut_down(config)


def _build(config, volume: str | None, destination: Path, scratch_out: Path) -> tuple[list[Path], ChapterStats]:
    from .epub import build_volumes, load_manifests
    from .plugins import rendering
    from .plugins.base import build_of, plugin_options
    from .plugins.mkdocssteps import load_site

    config, files = load_site(config, purpose="epub")
    build = build_of(config)
    guidebook_dir = Path(plugin_options(config, "kbpress-epub").guidebook_dir)
    try:
        manifests = _chosen(load_manifests(guidebook_dir, config.docs_dir, build.paths.project_dir), volume, build.paths.shown(guidebook_dir))
    except KbpressError as error:
        raise EpubCommandError("\n".join(str(problem) for problem in error.problems)) from None
    cache = None
    if rendering.cacheable(config):
        known = build.rendered.fingerprint if build.rendered is not None else None  # set in the content plugin's on_nav
        cache = rendering.load_cache(config, files, build.paths.cache_dir, known)
    stats = _render_chapters(config, files, build.site, manifests, cache)
    try:
        built = build_volumes(manifests, build.site, out_dir=scratch_out, cache_dir=build.paths.cache_dir)
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
    from .plugins.mkdocssteps import render_page

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
        render_page(file, config, files)  # the content plugin fills model.html and model.toc
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
