"""What ``kbpress check`` reports about the watch: the sources file and the decisions in the inbox."""

from __future__ import annotations

from pathlib import Path

from ..model import Problem
from .pick import decided_in_inbox
from .sources import SOURCES_NAME, load_sources

SOCIAL_DIR = "social"


def check_watch(project_dir: Path) -> list[Problem]:
    social_dir = Path(project_dir) / SOCIAL_DIR
    _sources, problems = load_sources(social_dir / SOURCES_NAME, f"{SOCIAL_DIR}/{SOURCES_NAME}")
    _decided, inbox_problems = decided_in_inbox(social_dir, SOCIAL_DIR)
    return problems + inbox_problems


def check_watch_project(project, site, taxonomy) -> list[Problem]:
    """The hook ``kbpress check`` calls (see kbpress.extensions)."""
    return check_watch(project.project_dir)
