"""All-or-nothing output: files and whole directories appear complete or not at all.

A build writes the site into a staging directory beside the final one and
swaps it in only when every output succeeded. On Linux the swap is one
``renameat2(RENAME_EXCHANGE)`` call, so at every instant ``site/`` is
either the previous complete site or the new complete site; elsewhere two
renames leave a window of microseconds.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_STAGING_MARK = ".building-"


def staging_dir_for(final: Path) -> Path:
    """A fresh, empty staging directory next to ``final`` (same filesystem)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(final)
    return Path(tempfile.mkdtemp(prefix=f".{final.name}{_STAGING_MARK}{os.getpid()}-", dir=final.parent))


def remove_stale_staging(final: Path) -> None:
    """Delete staging directories left by builds that were killed."""
    prefix = f".{final.name}{_STAGING_MARK}"
    for candidate in final.parent.glob(prefix + "*"):
        pid_text = candidate.name[len(prefix) :].split("-", 1)[0]
        if pid_text.isdigit() and _alive(int(pid_text)) and int(pid_text) != os.getpid():
            continue  # another build is running right now
        shutil.rmtree(candidate, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def swap_in(staging: Path, final: Path) -> None:
    """Replace ``final`` with ``staging`` atomically, then delete the old tree."""
    if final.is_symlink() or final.is_file():
        raise OSError(f"{final} is not a directory; remove it or choose another site_dir")
    if not final.exists():
        os.rename(staging, final)
        return
    if not _exchange(staging, final):
        retired = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.rename(final, retired)
        os.rename(staging, final)
        staging = retired
    shutil.rmtree(staging, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths with renameat2; False where the call is unavailable."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: filesystem cannot exchange
        return False
    raise OSError(errno, os.strerror(errno), str(second))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write a file so readers see the old content or the new, never a part."""
    write_chunks_atomic(path, (data,))


def write_chunks_atomic(path: Path, chunks, *, durable: bool = True) -> None:
    """Like :func:`write_bytes_atomic`, for content produced piece by piece.

    ``durable=False`` skips the fsync: for caches, where a file lost in a
    crash is only rebuilt.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
