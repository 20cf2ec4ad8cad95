"""The content plugin's side of the rendered-body cache (core: :mod:`kbpress.rendercache`).

A full build records every page body it renders; ``kbpress epub`` loads
them back. Both compute the fingerprint here, from the same MkDocs
objects, so they agree on when a body may be reused.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from importlib import metadata
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from .. import __version__
from ..rendercache import CACHE_FILE, UNCACHEABLE_EXTENSIONS, RenderCache, fingerprint

RENDERING_PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Pygments")
_INHERIT_RE = re.compile(r"^INHERIT:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(?:#.*)?$", re.MULTILINE)


def cacheable(config: MkDocsConfig) -> bool:
    """False when a page's body may depend on files other than its own (snippets)."""
    return not any(str(name).startswith(UNCACHEABLE_EXTENSIONS) for name in config.markdown_extensions)


def cache_path(config: MkDocsConfig, cache_dir: str) -> Path:
    """The cache file, under ``cache_dir`` relative to mkdocs.yml."""
    return Path(config.config_file_path).resolve().parent / cache_dir / CACHE_FILE


def site_fingerprint(config: MkDocsConfig, files: Files) -> str:
    site_files = [(file.src_uri, file.url) for file in files]
    config_text = b"\0".join([
        _config_text(Path(config.config_file_path)),
        # Extension options as loaded (values from !ENV are not in the file).
        json.dumps(config.mdx_configs, sort_keys=True, default=_described).encode("utf-8"),
        *_hook_sources(config),
    ])
    return fingerprint(config_text, site_files, _versions(config.markdown_extensions))


def empty_cache(config: MkDocsConfig, files: Files, cache_dir: str) -> RenderCache:
    """A cache to fill during a build (it replaces the previous one when saved)."""
    return RenderCache(cache_path(config, cache_dir), site_fingerprint(config, files))


def load_cache(config: MkDocsConfig, files: Files, cache_dir: str, fingerprint_: str | None = None) -> RenderCache:
    """The bodies of the last build that still fit this site (none when the site changed).

    ``fingerprint_``: the site's fingerprint when already computed.
    """
    return RenderCache.load(cache_path(config, cache_dir), fingerprint_ or site_fingerprint(config, files))


def _config_text(path: Path, depth: int = 0) -> bytes:
    """mkdocs.yml with the files it inherits from (INHERIT: parent.yml)."""
    text = path.read_bytes()
    match = _INHERIT_RE.search(text.decode("utf-8", "replace"))
    if match and depth < 5:
        parent = path.parent / match.group(1).strip()
        if parent.is_file():
            text += b"\0" + _config_text(parent, depth + 1)
    return text


def _versions(extensions) -> dict[str, str]:
    """kbpress, the rendering packages, and the code of each configured Markdown extension."""
    versions = {"kbpress": __version__}
    for package in RENDERING_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = ""
    for name in extensions:
        top = str(name).split(":")[0].split(".")[0]
        versions[f"extension {top}"] = _module_identity(top)
    return versions


def _module_identity(name: str) -> str:
    """Where a top-level module lives, with its file's size and time: an upgrade changes it.

    (Asking importlib.metadata which distribution provides a module reads
    every installed package's file list: a quarter of a second.)
    """
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    origin = getattr(spec, "origin", None) or ""
    try:
        status = os.stat(origin)
    except OSError:
        return origin
    return f"{origin}:{status.st_size}:{status.st_mtime_ns}"


def _described(value) -> str:
    """A stable stand-in for an option that JSON cannot hold (a slugify function)."""
    function = getattr(value, "func", value)  # functools.partial: the function and its arguments
    name = f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', type(function).__qualname__)}"
    return f"{name}{getattr(value, 'args', ())!r}{sorted(getattr(value, 'keywords', {}).items())!r}"


def _hook_sources(config: MkDocsConfig) -> list[bytes]:
    """The code of mkdocs.yml's hooks, which may change pages while they render."""
    sources = []
    hooks = config.get("hooks") or {}
    for hook in hooks.values() if isinstance(hooks, dict) else hooks:
        path = Path(getattr(hook, "__file__", "") or "")
        try:
            sources.append(path.read_bytes())
        except OSError:
            sources.append(str(hook).encode("utf-8"))
    return sources
