"""The one place that knows how kbpress's plugins find each other.

Output plugins get the build's shared state, a :class:`kbpress.build.Build`,
from :func:`build_of`; commands read plugin options with
:func:`plugin_options`. No other module looks into ``config.plugins``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, PluginCollection, get_plugin_logger

from ..build import Build

if TYPE_CHECKING:
    from .content import KbpressPlugin

CONTENT_PLUGIN = "kbpress"
OUTPUT_PLUGIN_PREFIX = "kbpress-"

log = get_plugin_logger(__name__)


def build_of(config: MkDocsConfig) -> Build:
    """The :class:`Build` the ``kbpress`` plugin created for this build (in its ``on_config``).

    Its site model is complete (every page's rendered HTML and TOC) in the
    finish steps; during page events only pages rendered so far carry HTML.
    """
    build = content_plugin(config).build
    if build is None:
        raise PluginError("mkdocs.yml: plugins: の最初に kbpress を書いてください。kbpress が原稿を読み込み、ほかのプラグインはその結果を使います")
    return build


def content_plugin(config: MkDocsConfig) -> KbpressPlugin:
    from .content import KbpressPlugin

    require_content_plugin(config)
    plugin = config.plugins[CONTENT_PLUGIN]
    if not isinstance(plugin, KbpressPlugin):
        raise PluginError(f"mkdocs.yml: plugins: の {CONTENT_PLUGIN} が kbpress のプラグインではありません。インストールを確かめてください")
    return plugin


def require_content_plugin(config: MkDocsConfig) -> None:
    """Stop unless ``kbpress`` is listed before every output plugin.

    Output plugins call this from ``on_config``: without ``kbpress`` there is
    no staging directory, and MkDocs empties the site directory before
    ``on_files`` — a later error would leave no site at all. Listed after an
    output plugin, ``kbpress`` would hand it an empty site without a word.
    """
    names = plugin_names(config)
    outputs = [name for name in names if name.startswith(OUTPUT_PLUGIN_PREFIX)]
    if CONTENT_PLUGIN in names and (not outputs or names.index(CONTENT_PLUGIN) < names.index(outputs[0])):
        return
    raise PluginError(
        f"mkdocs.yml: plugins: の最初に kbpress を書いてください ({', '.join(outputs)} より前に)。"
        "kbpress が原稿を読み込み、ほかのプラグインはその結果を使います"
    )


def plugin_names(config: MkDocsConfig) -> list[str]:
    """The plugins listed in mkdocs.yml, in order (hooks, which MkDocs lists among them, left out)."""
    return [name for name, plugin in config.plugins.items() if isinstance(plugin, BasePlugin)]


def plugin_options(config: MkDocsConfig, name: str):
    """The loaded options (a typed MkDocs ``Config``) of the plugin ``name``; None when not listed."""
    plugin = config.plugins.get(name)
    return plugin.config if isinstance(plugin, BasePlugin) else None


def plugin_modules(config: MkDocsConfig) -> dict[str, str]:
    """The module of each listed plugin's class, by plugin name."""
    return {name: type(plugin).__module__ for name, plugin in config.plugins.items() if isinstance(plugin, BasePlugin)}


def plugin_events(config: MkDocsConfig) -> PluginCollection:
    """The plugins as MkDocs runs their events (for commands that replay a build's first steps)."""
    return config.plugins


def warn_if_missing_dir(config: MkDocsConfig, *, plugin: str, option: str, value: str, default: str, contents: str) -> None:
    """A folder named in mkdocs.yml that does not exist: a warning, so --strict keeps the previous site.

    The default folder may be missing (a project without feeds or volumes);
    a folder set explicitly is a typo when missing, and building on would
    silently drop the published feeds or EPUBs from the site. ``value`` is
    the option as loaded (``c.Dir``: absolute, relative to mkdocs.yml).
    """
    message = missing_dir_message(config, plugin, option, value, default, contents)
    if message:
        log.warning(message)


# Folder options of the output plugins: (option, what the folder holds).
OUTPUT_DIRS = {
    "kbpress-feeds": ("feeds_dir", "フィードの定義ファイル (*.yml)"),
    "kbpress-epub": ("guidebook_dir", "巻定義ファイル (*.yml)"),
}


def missing_dir_message(config: MkDocsConfig, plugin: str, option: str, value: str, default: str, contents: str) -> str | None:
    project_dir = Path(config.config_file_path).resolve().parent
    path = Path(value)
    if path.resolve() == (project_dir / default).resolve() or path.is_dir():
        return None
    return (
        f"mkdocs.yml: {plugin} の {option}: '{shown(config, path)}' のフォルダがありません。"
        f"{contents} を置いたフォルダの名前 (mkdocs.yml からの相対パス) に直してください"
    )


def configuration_problems(config: MkDocsConfig) -> list[str]:
    """What the output plugins' ``on_config`` would stop or warn about, for ``kbpress check``."""
    try:
        require_content_plugin(config)
    except PluginError as error:
        return [str(error)]
    problems = []
    content = plugin_options(config, CONTENT_PLUGIN)
    if content is not None and content.get("obsidian"):
        from .obsidian import missing_extension

        problems += [message for message in [missing_extension(config)] if message]
    for name, (option, contents) in OUTPUT_DIRS.items():
        options = plugin_options(config, name)
        if options is not None:
            default = getattr(config.plugins[name].config_class, option).default
            message = missing_dir_message(config, name, option, options[option], default, contents)
            problems += [message] if message else []
    return problems


def shown(config: MkDocsConfig, path: Path | str) -> str:
    """``path`` as written relative to mkdocs.yml, for messages."""
    project_dir = Path(config.config_file_path).resolve().parent
    try:
        return Path(path).resolve().relative_to(project_dir).as_posix()
    except ValueError:
        return str(path)
