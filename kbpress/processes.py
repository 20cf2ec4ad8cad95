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
def _libc():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


def _malloc_trim():
    return getattr(_libc(), "malloc_trim", None)


def release_freed_memory() -> None:
    """Hand memory freed by a large step back to the system (glibc only; elsewhere nothing).

    Python frees the objects of a finished step, but the C heap keeps the
    pages; the rest of the build (and the workers beside it) then run with
    that memory still counted against the build.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


MADV_DONTNEED = 4  # Linux: drop the pages from this process; a read-only file mapping re-reads them on use


def drop_mapped_file_pages(file_name: str) -> int:
    """Drop this process's resident pages of read-only mappings of ``file_name`` (a path, or a
    file name matched as the path's last part); returns the bytes advised.

    A library that maps a large file may touch much more of it while
    opening it than the work after needs (SudachiPy reads about 26 MB of
    its 109 MB dictionary to open it; the look-ups the index makes need
    about 7 MB). Those pages stay counted against the process until it
    ends. Dropping them is safe only for a mapping nothing can write, so
    writable mappings are left alone; the pages stay in the page cache
    and come back on the next access. Linux only; elsewhere nothing.
    """
    advised = 0
    try:
        madvise = _libc().madvise
        madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        with open("/proc/self/maps", encoding="utf-8") as maps:
            lines = maps.readlines()
    except (OSError, AttributeError, TypeError):
        return 0
    for line in lines:
        fields = line.split(maxsplit=5)
        mapped = fields[5].rstrip("\n") if len(fields) == 6 else ""
        if not (mapped == file_name or mapped.endswith("/" + file_name)) or "w" in fields[1]:
            continue
        start, end = (int(address, 16) for address in fields[0].split("-"))
        if madvise(start, end - start, MADV_DONTNEED) == 0:
            advised += end - start
    return advised
