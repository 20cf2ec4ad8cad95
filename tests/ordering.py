"""The heaviest test files first, so that the parallel run ends with every worker busy.

`make test` gives pytest-xdist whole files (``--dist loadfile``) in
collection order (``--no-loadscope-reorder``): a worker that runs low
takes the next file. xdist's own order (the files with the most tests
first) puts a file of one long test (Ace reading both volumes, the wheel
install) at the end, where one worker runs it while the other has nothing
left: half a minute of a 3-minute run. Longest processing time first
leaves only short files for the end.

Each file's cost is what it took in the last recorded run
(``tests/file-costs.json``, written by ``make test-costs``). The order
only decides when a file runs, never whether: a stale figure costs time,
not a test. A file the record does not know yet goes first, since a
heavy file late costs the most and a light file early costs nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

COSTS_FILE = Path(__file__).with_name("file-costs.json")


def file_of(nodeid: str) -> str:
    """``tests/a/test_b.py::test_c[x]`` → ``tests/a/test_b.py``."""
    return nodeid.split("::", 1)[0]


def heaviest_first(items: list, costs: Mapping[str, float]) -> list:
    """``items`` (anything with a ``nodeid``) grouped by file, the costliest file first, unknown ones before all.

    The order inside a file is kept (some files rely on it); files of equal cost keep their collection order.
    """
    by_file: dict[str, list] = {}
    for item in items:
        by_file.setdefault(file_of(item.nodeid), []).append(item)
    ranked = sorted(enumerate(by_file), key=lambda pair: (-costs.get(pair[1], float("inf")), pair[0]))
    return [item for _, name in ranked for item in by_file[name]]


def read_costs(path: Path = COSTS_FILE) -> dict[str, float]:
    """The recorded seconds per test file; none when the record is missing."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


class CostRecorder:
    """A pytest plugin adding up each test file's setup, call and teardown seconds, written at the end of the run.

    Registered in the controller, which receives every worker's reports.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seconds: defaultdict[str, float] = defaultdict(float)

    def pytest_runtest_logreport(self, report) -> None:
        self.seconds[file_of(report.nodeid)] += report.duration

    def pytest_sessionfinish(self) -> None:
        """Merged into the existing record: a run of some files keeps the others' figures."""
        costs = read_costs(self.path)
        costs.update({name: round(seconds, 1) for name, seconds in self.seconds.items()})
        self.path.write_text(json.dumps(dict(sorted(costs.items())), indent=1) + "\n", encoding="utf-8")
