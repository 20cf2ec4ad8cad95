"""Checks contributed by the outputs to ``kbpress check``.

Each output module offers a check function; importing them here, not in
the core checker, keeps the checker independent of the outputs.
"""

from __future__ import annotations

from .check import EXTRA_CHECKS


def register_checks() -> None:
    """Register each available output's check once."""
    if EXTRA_CHECKS:
        return
    for module_name, function_name in (
        ("kbpress.epub", "check_guidebook"),
        ("kbpress.feeds", "check_feeds"),
        ("kbpress.social", "check_social_project"),
    ):
        try:
            module = __import__(module_name, fromlist=[function_name])
        except ImportError:
            continue
        function = getattr(module, function_name, None)
        if function is not None:
            EXTRA_CHECKS.append(function)
