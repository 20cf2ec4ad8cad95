"""Watching for hot news: candidate posts gathered from feeds and X, reviewed in git.

Core package: no MkDocs imports. ``kbpress watch`` fetches the sources of
``social/sources.yml`` into ``social/inbox/``; ``kbpress social pick`` and
``drop`` turn a candidate into a queue item or set it aside.
"""

from .check import check_watch_project

__all__ = ["check_watch_project"]
