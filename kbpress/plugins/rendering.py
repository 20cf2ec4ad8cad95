"""The content plugin's side of the rendered-body cache (core: :mod:`kbpress.rendercache`).

A full build records every page body it renders; ``kbpress epub`` loads
them back. Both compute the fingerprint here, from the same loaded MkDocs
configuration, so they agree on when a body may be reused: the code
identity (:mod:`kbpress.codeidentity`), every Markdown extension with its
options as loaded (``!ENV`` values, ``INHERIT``ed settings) and the
sources of its package, the hooks' code, every plugin with its options
and its package's sources, and the URL of every file of the site.
"""

from __future__ import annotations

from collections.abc import Mapping

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ..codeidentity import code_identity, module_identity
from ..rendercache import CACHE_FILE, UNCACHEABLE_EXTENSIONS, RenderCache, fingerprint
from .base import plugin_modules, plugin_names, plugin_options


def cacheable(config: MkDocsConfig) -> bool:
    """False when a page's body may depend on files other than its own (snippets)."""
    return not any(str(name).startswith(UNCACHEABLE_EXTENSIONS) for name in config.markdown_extensions)


def cache_path(cache_dir: Path) -> Path:
    """The cache file in the content plugin's ``cache_dir`` (resolved against mkdocs.yml)."""
    return Path(cache_dir) / CACHE_FILE


def site_fingerprint(config: MkDocsConfig, files: Files, inputs: dict[str, str] | None = None) -> str:
    """``inputs``: digests of other things bodies depend on (an Obsidian vault's titles and headings)."""
    site_files = [(file.src_uri, file.url) for file in files]
    return fingerprint(_loaded_config(config), site_files, {"code": code_identity(), **_code_of_site(config), **(inputs or {})})


def empty_cache(config: MkDocsConfig, files: Files, cache_dir: Path, inputs: dict[str, str] | None = None) -> RenderCache:
    """A cache to fill during a build (it replaces the previous one when saved)."""
    return RenderCache(cache_path(cache_dir), site_fingerprint(config, files, inputs))


def load_cache(config: MkDocsConfig, files: Files, cache_dir: Path, fingerprint_: str | None = None) -> RenderCache:
    """The bodies of the last build that still fit this site (none when the site changed).

    ``fingerprint_``: the site's fingerprint when already computed.
    """
    return RenderCache.load(cache_path(cache_dir), fingerprint_ or site_fingerprint(config, files))


def _loaded_config(config: MkDocsConfig) -> bytes:
    """The settings that shape a page body, as MkDocs loaded them."""
    settings = {
        "markdown_extensions": [str(name) for name in config.markdown_extensions],
        "extension_options": config.mdx_configs,
        "plugins": {name: dict(plugin_options(config, name) or {}) for name in plugin_names(config)},
        "use_directory_urls": config.use_directory_urls,
        "site_url": config.site_url,
        "hooks": [_hook_source(hook) for hook in _hooks(config)],
    }
    return json.dumps(settings, sort_keys=True, ensure_ascii=False, default=_described).encode("utf-8")


def _code_of_site(config: MkDocsConfig) -> dict[str, str]:
    """The sources of the packages providing each Markdown extension and plugin."""
    modules = {str(name) for name in config.markdown_extensions}
    modules.update(plugin_modules(config).values())
    return {f"module {name}": module_identity(name) for name in sorted(modules) if name}


def _described(value):
    """A stable stand-in for an option that JSON cannot hold (a slugify function, a sub-config's block)."""
    if isinstance(value, Mapping):
        return dict(value)
    function = getattr(value, "func", value)  # functools.partial: the function and its arguments
    name = f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', type(function).__qualname__)}"
    return f"{name}{getattr(value, 'args', ())!r}{sorted(getattr(value, 'keywords', {}).items())!r}"


def _hooks(config: MkDocsConfig) -> list:
    hooks = config.get("hooks") or {}
    return list(hooks.values() if isinstance(hooks, dict) else hooks)


def _hook_source(hook) -> str:
    """The code of one of mkdocs.yml's hooks, which may change pages while they render."""
    path = Path(getattr(hook, "__file__", "") or "")
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return str(hook)
