"""The content plugin's side of the rendered-body cache (core: :mod:`kbpress.rendercache`).

A full build records every page body it renders; ``kbpress epub`` loads
them back. Both compute the fingerprint here, from the same MkDocs
objects, so they agree on when a body may be reused.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from .. import __version__
from ..rendercache import CACHE_FILE, UNCACHEABLE_EXTENSIONS, RenderCache, fingerprint

RENDERING_PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions")
_INHERIT_RE = re.compile(r"^INHERIT:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(?:#.*)?$", re.MULTILINE)


def cacheable(config: MkDocsConfig) -> bool:
    return not any(name in UNCACHEABLE_EXTENSIONS for name in config.markdown_extensions)


def cache_path(config: MkDocsConfig, cache_dir: str) -> Path:
    """The cache file, under ``cache_dir`` relative to mkdocs.yml."""
    return Path(config.config_file_path).resolve().parent / cache_dir / CACHE_FILE


def site_fingerprint(config: MkDocsConfig, files: Files) -> str:
    site_files = [(file.src_uri, file.url) for file in files]
    return fingerprint(_config_text(Path(config.config_file_path)), site_files, _versions())


def empty_cache(config: MkDocsConfig, files: Files, cache_dir: str) -> RenderCache:
    """A cache to fill during a build (it replaces the previous one when saved)."""
    return RenderCache(cache_path(config, cache_dir), site_fingerprint(config, files))


def load_cache(config: MkDocsConfig, files: Files, cache_dir: str) -> RenderCache:
    """The bodies of the last build that still fit this site (none when the site changed)."""
    return RenderCache.load(cache_path(config, cache_dir), site_fingerprint(config, files))


def _config_text(path: Path, depth: int = 0) -> bytes:
    """mkdocs.yml with the files it inherits from (INHERIT: parent.yml)."""
    text = path.read_bytes()
    match = _INHERIT_RE.search(text.decode("utf-8", "replace"))
    if match and depth < 5:
        parent = path.parent / match.group(1).strip()
        if parent.is_file():
            text += b"\0" + _config_text(parent, depth + 1)
    return text


def _versions() -> dict[str, str]:
    versions = {"kbpress": __version__}
    for package in RENDERING_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = ""
    return versions
