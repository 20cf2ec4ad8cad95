"""The feeds' part of ``kbpress check``: definitions are validated without a build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import KbpressError, Problem, Site
from ..taxonomy import Taxonomy
from .definitions import load_definitions
from .items import site_host

DEFAULT_FEEDS_DIR = "feeds"


def check_feeds(project: Any, site: Site, taxonomy: Taxonomy) -> list[Problem]:
    """Problems in feeds/*.yml and in what every feed needs from the site.

    ``project`` is a :class:`kbpress.check.Project`; its ``feeds_dir`` is used
    when it has one, else ``feeds`` next to mkdocs.yml (the plugin's default).
    """
    feeds_dir = getattr(project, "feeds_dir", None) or Path(project.project_dir) / DEFAULT_FEEDS_DIR
    problems: list[Problem] = []
    for check in (lambda: load_definitions(feeds_dir, taxonomy), lambda: site_host(site)):
        try:
            check()
        except KbpressError as error:
            problems += error.problems
    return problems
