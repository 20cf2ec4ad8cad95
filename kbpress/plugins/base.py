"""What the output plugins share: access to the content plugin's site model."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ..model import Site

CONTENT_PLUGIN = "kbpress"
OUTPUT_PLUGIN_PREFIX = "kbpress-"

log = get_plugin_logger(__name__)


def get_site(config: MkDocsConfig) -> Site:
    """The :class:`Site` the ``kbpress`` plugin assembled during this build.

    Complete (every page's rendered HTML and TOC) from ``on_post_build`` on;
    during page events only pages rendered so far carry HTML.
    """
    require_content_plugin(config)
    return config.plugins[CONTENT_PLUGIN].site


def require_content_plugin(config: MkDocsConfig) -> None:
    """Stop unless ``kbpress`` is listed before every output plugin.

    Output plugins call this from ``on_config``: without ``kbpress`` there is
    no staging directory, and MkDocs empties the site directory before
    ``on_files`` — a later error would leave no site at all. Listed after an
    output plugin, ``kbpress`` would hand it an empty site without a word.
    """
    names = list(config.plugins)
    outputs = [name for name in names if name.startswith(OUTPUT_PLUGIN_PREFIX)]
    if CONTENT_PLUGIN in names and (not outputs or names.index(CONTENT_PLUGIN) < names.index(outputs[0])):
        return
    raise PluginError(
        f"mkdocs.yml: plugins: の最初に kbpress を書いてください ({', '.join(outputs)} より前に)。"
        "kbpress が原稿を読み込み、ほかのプラグインはその結果を使います"
    )


def is_serving(config: MkDocsConfig) -> bool:
    """True under ``mkdocs serve`` (previews show drafts; slow outputs may be skipped)."""
    plugin = config.plugins.get(CONTENT_PLUGIN)
    return bool(getattr(plugin, "serving", False))


def warn_if_missing_dir(config: MkDocsConfig, *, plugin: str, option: str, value: str, default: str, contents: str) -> None:
    """A folder named in mkdocs.yml that does not exist: a warning, so --strict keeps the previous site.

    The default folder may be missing (a project without feeds or volumes);
    a folder set explicitly is a typo when missing, and building on would
    silently drop the published feeds or EPUBs from the site.
    """
    message = missing_dir_message(Path(config.config_file_path).parent, plugin, option, value, default, contents)
    if message:
        log.warning(message)


# Folder options of the output plugins: (option, what the folder holds).
OUTPUT_DIRS = {
    "kbpress-feeds": ("feeds_dir", "フィードの定義ファイル (*.yml)"),
    "kbpress-epub": ("guidebook_dir", "巻定義ファイル (*.yml)"),
}


def missing_dir_message(project_dir: Path, plugin: str, option: str, value: str, default: str, contents: str) -> str | None:
    if value == default or (project_dir / value).is_dir():
        return None
    return (
        f"mkdocs.yml: {plugin} の {option}: '{value}' のフォルダがありません。"
        f"{contents} を置いたフォルダの名前 (mkdocs.yml からの相対パス) に直してください"
    )


def configuration_problems(config: MkDocsConfig) -> list[str]:
    """What the output plugins' ``on_config`` would stop or warn about, for ``kbpress check``."""
    try:
        require_content_plugin(config)
    except PluginError as error:
        return [str(error)]
    problems = []
    project_dir = Path(config.config_file_path).parent
    for name, (option, contents) in OUTPUT_DIRS.items():
        plugin = config.plugins.get(name)
        if plugin is not None:
            default = getattr(plugin.config_class, option).default
            message = missing_dir_message(project_dir, name, option, plugin.config[option], default, contents)
            problems += [message] if message else []
    return problems
