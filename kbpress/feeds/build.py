"""Every feed of a build, rendered in memory first and then written file by file.

Nothing is written until every feed rendered, and each file replaces its
predecessor in one rename, so a failure never leaves half a feed behind.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..atomic import write_bytes_atomic
from ..model import Problem, Site
from .channel import ATOM, JSON_FEED, RSS, feed_file, make_channel
from .definitions import FeedDefinition
from .items import prepare_items, published_topics, select_topics
from .jsonfeed import json_feed_bytes
from .xmlfeeds import rss_and_atom_bytes


def render_feeds(
    site: Site, definitions: list[FeedDefinition], now: datetime, *, icon: str | None = None
) -> tuple[dict[str, bytes], list[Problem]]:
    """Site-relative path -> file content for every feed, and warnings to log.

    ``now`` decides what is published (drafts and future topics stay out);
    ``icon`` is the default feed icon (site-relative path or URL), which a
    definition's own ``icon`` overrides.
    """
    topics = published_topics(site, now)
    chosen = {definition.path: select_topics(topics, definition) for definition in definitions}
    with_content = {page.src_path for d in definitions if d.full_content for page in chosen[d.path]}
    items, problems = prepare_items(site, [page for pages in chosen.values() for page in pages], with_content)
    files: dict[str, bytes] = {}
    for definition in definitions:
        channel = make_channel(site, definition, [items[page.src_path] for page in chosen[definition.path]], icon)
        rss, atom = rss_and_atom_bytes(channel)
        files[feed_file(definition, RSS)] = rss
        files[feed_file(definition, ATOM)] = atom
        files[feed_file(definition, JSON_FEED)] = json_feed_bytes(channel)
    return files, problems


def write_feeds(files: dict[str, bytes], site_dir: str | Path) -> None:
    """Write rendered feeds under ``site_dir`` (each file replaced atomically)."""
    root = Path(site_dir)
    for relative_path in sorted(files):
        write_bytes_atomic(root.joinpath(*relative_path.split("/")), files[relative_path])


def build_feeds(
    site: Site, definitions: list[FeedDefinition], now: datetime, *, icon: str | None = None
) -> tuple[list[str], list[Problem]]:
    """Render and write every feed into ``site.site_dir``; the written paths and warnings."""
    files, problems = render_feeds(site, definitions, now, icon=icon)
    write_feeds(files, site.site_dir)
    return sorted(files), problems

