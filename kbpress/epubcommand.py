"""``kbpress epub``: the guidebook supplements without publishing the site.

Pages are still rendered once, by MkDocs, exactly as in a full build: the
site is built into a temporary directory and only the EPUB files are
copied out (the other outputs are built too and thrown away).
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from .atomic import write_bytes_atomic
from .epub import OUTPUT_DIR, load_manifests
from .model import KbpressError

class EpubCommandError(Exception):
    pass


def build_epubs_only(config, volume: str | None, output: Path | None) -> list[Path]:
    """Build the site in a scratch directory and copy out the chosen volumes."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    plugin = config.plugins.get("kbpress-epub")
    if plugin is None:
        raise EpubCommandError("mkdocs.yml の plugins に kbpress-epub がありません")
    project_dir = Path(config.config_file_path).resolve().parent
    slugs = _volume_slugs(project_dir / plugin.config.guidebook_dir, Path(config.docs_dir), project_dir)
    if volume is not None and volume not in slugs:
        names = ", ".join(slugs) or "(なし)"
        raise EpubCommandError(f"巻 '{volume}' の定義 ({plugin.config.guidebook_dir}/{volume}.yml) がありません。定義されている巻: {names}")
    chosen = [volume] if volume else slugs
    destination = output or Path(config.site_dir) / OUTPUT_DIR
    with tempfile.TemporaryDirectory(prefix="kbpress-epub-") as scratch:
        config.site_dir = str(Path(scratch) / "site")
        _show_build_log()
        try:
            build(config)
        except MkDocsException as error:
            raise EpubCommandError(f"ビルドに失敗したため EPUB を作れませんでした: {error}") from None
        written = []
        for slug in chosen:
            target = destination / f"{slug}.epub"
            write_bytes_atomic(target, (Path(config.site_dir) / OUTPUT_DIR / f"{slug}.epub").read_bytes())
            written.append(target)
    return written


def _volume_slugs(guidebook_dir: Path, docs_dir: Path, project_dir: Path) -> list[str]:
    try:
        return [manifest.slug for manifest in load_manifests(guidebook_dir, docs_dir, project_dir)]
    except KbpressError as error:
        raise EpubCommandError(str(error)) from None


def _show_build_log() -> None:
    """Show the build's warnings and errors as `mkdocs build` would."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)
