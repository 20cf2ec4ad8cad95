"""Recognising the address of a post on X (formerly Twitter).

Reposts and quotes need the numeric id of the original post. Only status
addresses on x.com and twitter.com (with or without www. / mobile.) are
accepted; anything else is reported at check time instead of being
silently skipped when posting.
"""

from __future__ import annotations

import re

_STATUS_URL_RE = re.compile(
    r"""^https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/
        (?:i/web|i|[A-Za-z0-9_]{1,15})/status(?:es)?/
        (?P<id>[0-9]{1,20})
        (?:[/?#]\S*)?$""",
    re.IGNORECASE | re.VERBOSE,
)

EXAMPLE_STATUS_URL = "https://x.com/アカウント名/status/1790000000000000001"


def parse_status_url(url: str) -> str | None:
    """The post id in an x.com / twitter.com status URL, or None for any other URL."""
    match = _STATUS_URL_RE.match(url.strip())
    return match.group("id") if match else None


def canonical_status_url(status_id: str) -> str:
    """A stable form for output and the ledger (the account name does not matter to X)."""
    return f"https://x.com/i/web/status/{status_id}"
