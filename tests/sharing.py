"""Products built once per `make test` and read by every test process.

`make test` runs pytest in parallel worker processes (pytest-xdist) and
then the load-sensitive tests alone. A session fixture runs once per
process, so an expensive product (the sample site) is built once into a
directory every process sees, under a file lock: the first process to
ask builds it, the others wait and read it. Tests only read a shared
product; a test that changes one works on a copy.

Where products go: ``KBPRESS_TEST_SHARED`` (set by `make test` for both
of its pytest runs, emptied first), else the run's base temporary
directory, which every worker of one pytest run shares.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

SHARED_ENV = "KBPRESS_TEST_SHARED"


def shared_root(tmp_path_factory) -> Path:
    """The directory this run's test processes share."""
    configured = os.environ.get(SHARED_ENV)
    if configured:
        root = Path(configured)
    elif os.environ.get("PYTEST_XDIST_WORKER"):
        root = tmp_path_factory.getbasetemp().parent  # the workers' base temporary directories sit side by side here
    else:
        root = tmp_path_factory.getbasetemp()
    root.mkdir(parents=True, exist_ok=True)
    return root


def built_once(root: Path, name: str, build: Callable[[Path], None]) -> Path:
    """``root/name`` made by ``build(path)`` exactly once among the processes sharing ``root``.

    A build that fails leaves no completion mark, so the next process to
    ask builds again and fails in its own test with its own message.
    """
    product = root / name
    done = root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            shutil.rmtree(product, ignore_errors=True)
            build(product)
            done.touch()
    return product
