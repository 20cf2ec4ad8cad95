"""The MkDocs build steps ``kbpress epub`` replays, pinned in one place.

MkDocs has no public call that loads a site without building it, or that
renders one page's Markdown. ``kbpress epub`` needs both: the chapters
must be exactly what the portal shows (same plugins, URLs and generated
pages), but only the chapters are rendered. This module repeats the steps
of ``mkdocs.commands.build.build`` up to the navigation and calls its
private ``_populate_page``; nothing else in kbpress does. The steps are
checked against MkDocs's own ``build`` (same calls, same order) and
``_populate_page``'s signature by ``tests/epub/test_mkdocs_steps.py``:
upgrading MkDocs past ``PINNED_MKDOCS`` fails there first.
"""

from __future__ import annotations

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from .base import build_of, plugin_events

PINNED_MKDOCS = "1.6.1"
# The calls of mkdocs.commands.build.build that load_site repeats, in their order there.
REPLAYED_STEPS = (
    "plugins.on_config(config)",
    "get_files(config)",
    "files.add_files_from_theme(",
    "plugins.on_files(files, config=config)",
    "set_exclusions(files, config)",
    "get_navigation(files, config)",
    "plugins.on_nav(nav, config=config, files=files)",
)


def load_site(config: MkDocsConfig, purpose: str) -> tuple[MkDocsConfig, Files]:
    """Every plugin's ``on_startup``, ``on_config``, ``on_files`` and ``on_nav``, as a build runs them.

    ``purpose`` goes to the :class:`kbpress.build.Build` before the site is
    read (``"epub"``: outputs other than the chapters do nothing).
    """
    events = plugin_events(config)
    events.on_startup(command="build", dirty=False)
    config = events.on_config(config)
    build_of(config).purpose = purpose
    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)
    files = events.on_files(files, config=config)
    set_exclusions(files, config)
    events.on_nav(get_navigation(files, config), config=config, files=files)
    return config, files


def render_page(file: File, config: MkDocsConfig, files: Files) -> None:
    """Render one page's Markdown as a build does (its page events run; no template)."""
    if file.page is None:
        Page(None, file, config)
    mkdocs_build._populate_page(file.page, config, files)


def shut_down(config: MkDocsConfig) -> None:
    plugin_events(config).on_shutdown()
