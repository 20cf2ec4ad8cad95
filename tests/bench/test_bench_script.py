"""The benchmark script still runs end to end and reports every figure.

Not a timing test: a tiny corpus goes through every step of bench/run.py
(baseline and full builds, EPUB against pandoc, feeds, mkdocs serve) so
the script cannot rot between benchmark runs. The figures themselves
mean nothing at this size; only their presence and type are checked.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REQUIRED = (
    "build_ratio_warm",
    "build_ratio_cold",
    "scaling_3000_over_1500",
    "epub_step_share",
    "feed_5000_seconds",
    "peak_memory_ratio",
    "preview_seconds",
    # the raw figures printed beside each ratio
    "full_warm_seconds",
    "baseline_warm_seconds",
    "full_cold_seconds",
    "baseline_cold_seconds",
    "epub_step_seconds",
    "epub_build_seconds",
    "epub_standalone_seconds",
    "feed_build_seconds",
    "full_peak_mb",
    "baseline_peak_mb",
)
PANDOC_KEYS = ("epub_speedup_vs_pandoc", "pandoc_seconds")

pytestmark = pytest.mark.slow  # builds whole (tiny) sites


def test_tiny_bench_run_reports_every_figure_as_a_number(tmp_path):
    results_path = tmp_path / "results.json"
    command = [
        sys.executable, str(REPO / "bench" / "run.py"),
        "--articles", "12", "--topics", "12", "--epub-chapters", "10", "--feed-topics", "30",
        "--repeat", "1", "--extra-runs", "0", "--serve-edits", "1",  # no repeats for a contended machine
        "--workdir", str(tmp_path / "work"), "--results", str(results_path),
    ]
    has_pandoc = shutil.which("pandoc") is not None
    if not has_pandoc:
        command.append("--skip-pandoc")
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    results = json.loads(results_path.read_text(encoding="utf-8"))
    wanted = REQUIRED + (PANDOC_KEYS if has_pandoc else ())
    not_numbers = {key: results.get(key) for key in wanted if not _is_number(results.get(key))}
    assert not not_numbers, f"missing or not numeric: {not_numbers}"
    assert results["full_warm_seconds"] > 0 and results["baseline_warm_seconds"] > 0
    assert results["epub_step_seconds"] > 0, "the EPUB step was not measured inside the build"
    assert set(results["targets"]) >= {key for key in REQUIRED[:7]}
    for key in ("build ratio, warm", "peak memory ratio", "edit to preview", "speed-up against pandoc" if has_pandoc else "EPUB step share"):
        assert key in done.stdout, f"'{key}' not printed"


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def test_warm_builds_are_repeated_only_while_the_machine_is_contended():
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from measure import Run
        from steps import BuildRun, wants_another_run
    finally:
        sys.path.remove(str(REPO / "bench"))

    def build(seconds: float, cpu_seconds: float) -> BuildRun:
        return BuildRun(Run(seconds, cpu_seconds, 50.0, 0, Path("build.log")))

    calm, waited = [build(1.0, 0.95)], [build(2.0, 1.0)]
    assert wants_another_run(0, 1, 2, [], [])
    assert not wants_another_run(1, 1, 2, calm, calm), "the best runs did not wait"
    assert wants_another_run(1, 1, 2, calm, waited), "one project's best run waited for the machine"
    assert wants_another_run(2, 1, 2, calm, waited + waited)
    assert not wants_another_run(3, 1, 2, calm, waited * 3), "at most `extra` more"
    assert not wants_another_run(1, 1, 0, calm, waited), "--extra-runs 0: a smoke run"
    assert not wants_another_run(1, 1, 2, calm, waited + [build(1.0, 0.9)]), "the fastest run counts"
