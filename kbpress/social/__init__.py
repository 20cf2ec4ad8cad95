"""Announcing the knowledge base on X: page posts, reposts and quotes.

Core package: no MkDocs imports. ``kbpress check`` calls
:func:`check_social`; ``kbpress publish`` calls
:func:`kbpress.social.cli.run_publish` (or :func:`publish_command`).
"""

from .check import check_social, check_social_project
from .cli import publish_command, run_publish
from .compose import compose_page_post
from .plan import PlannedPost
from .statusurl import parse_status_url
from .textfit import MAX_WEIGHTED_LENGTH, weighted_length

__all__ = [
    "MAX_WEIGHTED_LENGTH",
    "PlannedPost",
    "check_social",
    "check_social_project",
    "compose_page_post",
    "parse_status_url",
    "publish_command",
    "run_publish",
    "weighted_length",
]
