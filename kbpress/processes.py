"""What the build's processes share: worker priority, spare cores, returning memory.

The build process renders the pages everything waits for; workers (link
cards, the search index) use the other cores. Never more workers than
spare cores: on a two-core machine a second worker would only take time
from the first and add its memory.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os

WORKER_NICENESS = 10
MAX_WORKERS = 4  # each worker holds its own fonts and index; more cores than this add little
_workers: list = []  # worker processes started by this build (anything with is_alive())


def lower_priority() -> None:
    """Let the build process keep its core; a worker takes the time left over."""
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):
        pass


def spare_cores() -> int:
    """Cores this process may use beyond its own (at least one, at most ``MAX_WORKERS``).

    The affinity mask, not the machine's core count: a container limited to
    two CPUs on a large host has one spare core.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 2
    return max(1, min(MAX_WORKERS, cores - 1))


def register_worker(process) -> None:
    _workers.append(process)


def free_worker_slots() -> int:
    """How many more workers fit on the spare cores now."""
    _workers[:] = [process for process in _workers if process.is_alive()]
    return max(0, spare_cores() - len(_workers))


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
