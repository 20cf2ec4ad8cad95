"""What the build's processes share: worker priority, spare cores, returning memory.

The build process renders the pages everything waits for; workers (link
cards, the search index) use the other cores. How many workers a build
starts is decided in one place, :class:`kbpress.scheduler.Scheduler`,
from :func:`spare_cores`: on a two-core machine a second worker would
only take time from the first and add its memory.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os

WORKER_NICENESS = 10
MAX_WORKERS = 4  # each worker holds its own fonts and index; more cores than this add little


def lower_priority() -> None:
    """Let the build process keep its core; a worker takes the time left over."""
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):
        pass


def usable_cores() -> int:
    """The CPUs this process may run on: the affinity mask, not the machine's core count
    (a container limited to two CPUs on a large host has two)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 2


def spare_cores(cores: int | None = None) -> int:
    """Cores beyond the build process's own, of ``cores`` (default: :func:`usable_cores`);
    at least one, at most ``MAX_WORKERS``."""
    return max(1, min(MAX_WORKERS, (cores or usable_cores()) - 1))


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> None:
    """Hand memory freed by a large step back to the system (glibc only; elsewhere nothing).

    Python frees the objects of a finished step, but the C heap keeps the
    pages; the rest of the build (and the workers beside it) then run with
    that memory still counted against the build.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
