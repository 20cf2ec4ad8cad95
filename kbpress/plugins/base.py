"""What the output plugins share: access to the content plugin's site model."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..model import Site

CONTENT_PLUGIN = "kbpress"


def get_site(config: MkDocsConfig) -> Site:
    """The :class:`Site` the ``kbpress`` plugin assembled during this build.

    Complete (every page's rendered HTML and TOC) from ``on_post_build`` on;
    during page events only pages rendered so far carry HTML.
    """
    plugin = config.plugins.get(CONTENT_PLUGIN)
    site = getattr(plugin, "site", None)
    if site is None:
        raise PluginError(
            "mkdocs.yml: the 'kbpress' plugin must be listed under plugins: before "
            "kbpress-epub, kbpress-feeds, kbpress-cards and kbpress-search"
        )
    return site


def is_serving(config: MkDocsConfig) -> bool:
    """True under ``mkdocs serve`` (previews show drafts; slow outputs may be skipped)."""
    plugin = config.plugins.get(CONTENT_PLUGIN)
    return bool(getattr(plugin, "serving", False))
