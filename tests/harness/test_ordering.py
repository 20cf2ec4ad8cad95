"""The order the parallel run hands test files out in (tests/ordering.py), and the record it comes from."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

from tests import ordering
from tests.projects import REPO


@dataclass
class Item:
    nodeid: str


def ids(items) -> list[str]:
    return [item.nodeid for item in items]


def test_the_costliest_file_goes_first_and_a_file_keeps_its_own_order():
    items = [Item("tests/a/test_few.py::test_one"), Item("tests/a/test_few.py::test_two"),
             Item("tests/b/test_many.py::test_x[1]"), Item("tests/b/test_many.py::test_x[2]"),
             Item("tests/b/test_many.py::test_z"), Item("tests/c/test_single.py::test_long")]
    costs = {"tests/a/test_few.py": 3.0, "tests/b/test_many.py": 8.5, "tests/c/test_single.py": 14.0}
    assert ids(ordering.heaviest_first(items, costs)) == [
        "tests/c/test_single.py::test_long",
        "tests/b/test_many.py::test_x[1]", "tests/b/test_many.py::test_x[2]", "tests/b/test_many.py::test_z",
        "tests/a/test_few.py::test_one", "tests/a/test_few.py::test_two",
    ]


def test_a_file_the_record_does_not_know_goes_before_every_known_one():
    items = [Item("tests/test_known.py::test_a"), Item("tests/test_new.py::test_b"), Item("tests/test_newer.py::test_c")]
    ordered = ids(ordering.heaviest_first(items, {"tests/test_known.py": 99.0}))
    assert ordered == ["tests/test_new.py::test_b", "tests/test_newer.py::test_c", "tests/test_known.py::test_a"]


def test_files_of_equal_cost_keep_their_collection_order():
    items = [Item(f"tests/test_{name}.py::test") for name in "qwerty"]
    assert ids(ordering.heaviest_first(items, dict.fromkeys((ordering.file_of(item.nodeid) for item in items), 1.0))) == ids(items)


def test_nothing_is_dropped_or_doubled():
    items = [Item(f"tests/test_{n % 7}.py::test_{n}") for n in range(60)]
    ordered = ordering.heaviest_first(items, {f"tests/test_{n}.py": float(n % 3) for n in range(5)})
    assert len(ordered) == 60 and sorted(ids(ordered)) == sorted(ids(items))


def test_the_record_names_only_test_files_that_exist():
    costs = ordering.read_costs()
    assert len(costs) >= 40, "tests/file-costs.json lost its figures: run make test-costs"
    missing = [name for name in costs if not (REPO / name).is_file()]
    assert missing == [], f"remove or re-record (make test-costs): {missing}"
    assert all(isinstance(seconds, (int, float)) and seconds >= 0 for seconds in costs.values())


def test_a_recorded_run_writes_each_files_seconds_and_keeps_the_other_figures(tmp_path):
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_quick.py").write_text("def test_a():\n    pass\n\ndef test_b():\n    pass\n", encoding="utf-8")
    (tests / "test_slower.py").write_text("import time\n\ndef test_c():\n    time.sleep(0.3)\n", encoding="utf-8")
    record = tmp_path / "costs.json"
    record.write_text(json.dumps({"tests/test_elsewhere.py": 12.5, "tests/test_quick.py": 40.0}), encoding="utf-8")
    (tmp_path / "conftest.py").write_text(
        "from pathlib import Path\nfrom tests import ordering\n\n"
        "def pytest_configure(config):\n"
        f"    config.pluginmanager.register(ordering.CostRecorder(Path({str(record)!r})), 'costs')\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stdout + done.stderr
    costs = json.loads(record.read_text(encoding="utf-8"))
    assert set(costs) == {"tests/test_elsewhere.py", "tests/test_quick.py", "tests/test_slower.py"}
    assert costs["tests/test_elsewhere.py"] == 12.5, "a file this run did not touch keeps its figure"
    assert costs["tests/test_quick.py"] < 1.0, "a file this run measured gets the new figure"
    assert costs["tests/test_slower.py"] >= 0.3
