"""Checks contributed by the outputs to ``kbpress check``.

Each output module offers a check function; registering them here, not in
the core checker, keeps the checker independent of the outputs.
"""

from __future__ import annotations

from .check import EXTRA_CHECKS
from .epub import check_guidebook
from .feeds import check_feeds
from .social import check_social_project
from .watch.check import check_watch_project


def register_checks() -> None:
    """Register each output's check once."""
    for check in (check_guidebook, check_feeds, check_social_project, check_watch_project):
        if check not in EXTRA_CHECKS:
            EXTRA_CHECKS.append(check)
