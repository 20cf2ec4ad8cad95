"""mkdocs.yml for the commands: read once, by MkDocs's own loader.

``kbpress check``, ``kbpress new``, ``kbpress epub`` and ``kbpress publish``
read the same mkdocs.yml a build reads, the way the build reads it:
``INHERIT``, ``!ENV``, and every plugin option with the default of its
plugin's config class. A setting MkDocs would warn about stops the
command, since the build fails on it under ``--strict``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from ..check import Project
from ..content import ContentConfig
from ..model import Kind, KbpressError, Problem
from .base import CONTENT_PLUGIN, plugin_options
from .vault import vault_settings


def load_mkdocs_config(config_file: Path) -> MkDocsConfig:
    """mkdocs.yml loaded and validated by MkDocs; KbpressError naming the file when it cannot be."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    shown = str(config_file)
    if not Path(config_file).is_file():
        raise KbpressError(Problem(shown, "mkdocs.yml が見つかりません。プロジェクトのフォルダで実行するか、-f でパスを指定してください"))
    warnings = _WarningRecorder()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    config = None
    try:
        config = load_config(str(config_file))
    except ConfigurationError as error:
        raise KbpressError(Problem(shown, str(error))) from None
    except Abort:
        pass  # `strict: true` in mkdocs.yml: the warnings recorded below say why
    finally:
        logger.removeHandler(warnings)
    if warnings.messages or config is None:
        # The build fails on these under --strict, so the commands do too.
        raise KbpressError([Problem(shown, message) for message in warnings.messages or ["設定を読めませんでした"]])
    return config


def load_project(config_file: Path) -> Project:
    """The project settings every command needs, from mkdocs.yml as a build loads it."""
    return project_from_config(load_mkdocs_config(config_file))


def project_from_config(config: MkDocsConfig) -> Project:
    options = plugin_options(config, CONTENT_PLUGIN)
    project_dir = Path(config.config_file_path).resolve().parent
    if options is None:
        raise KbpressError(Problem(Path(config.config_file_path).name, "plugins に kbpress がありません"))
    site_url = config.site_url or ""
    docs_dir = Path(config.docs_dir).resolve()
    return Project(
        project_dir=project_dir,
        docs_dir=docs_dir,
        site_dir=Path(config.site_dir).resolve(),
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        site_name=config.site_name,
        taxonomy_path=Path(options.taxonomy),
        markdown_extensions=config.markdown_extensions,
        markdown_extension_configs=config.mdx_configs,
        content_config=ContentConfig(
            kind_dirs={options.articles_dir: Kind.ARTICLE, options.topics_dir: Kind.TOPIC}, vault=vault_settings(options, docs_dir)
        ),
        redirects_path=Path(options.vault.redirects),
        organisation=options.organisation or config.site_author or config.site_name,
        feeds_dir=_option_dir(config, "kbpress-feeds", "feeds_dir"),
        guidebook_dir=_option_dir(config, "kbpress-epub", "guidebook_dir"),
        social_dir=project_dir / "social",
        obsidian=options.obsidian,
    )


def _option_dir(config: MkDocsConfig, plugin: str, option: str) -> Path | None:
    options = plugin_options(config, plugin)
    return Path(options[option]) if options is not None else None


class _WarningRecorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().strip())
