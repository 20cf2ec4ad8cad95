"""What the build's worker processes (search index, link cards) share."""

from __future__ import annotations

import os

WORKER_NICENESS = 10


def lower_priority() -> None:
    """Let the build process keep its core: it renders the pages everything waits for.

    Workers take the time left over; on a two-core machine the build gets
    one core and the workers share the other.
    """
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):
        pass
