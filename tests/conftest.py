"""Fixtures shared by every test area: fixture projects and the sample site."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests import ordering
from tests.chromium import launched
from tests.projects import BIN, HOME, MINIMAL_MKDOCS, REPO, BuildResult, FixtureProject, new_project
from tests.sharing import built_once, shared_root

__all__ = ["BIN", "HOME", "MINIMAL_MKDOCS", "REPO", "BuildResult", "FixtureProject"]

# Tests never depend on the wall clock or on the machine's git history.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T09:00:00+09:00
os.environ.setdefault("KBPRESS_NOW", "2026-11-01T12:00:00+09:00")
# EPUBCheck's JVM is short-lived: the quick compiler alone and the serial collector halve its CPU time
# (10 s to 5 s for a sample volume) and change nothing in what it reports.
os.environ.setdefault("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")


@pytest.fixture
def fixture_project(tmp_path: Path) -> FixtureProject:
    """A small valid project: mkdocs.yml, the real vocabulary, a home page."""
    return new_project(tmp_path / "project")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config) -> int:
    """``-n auto``: one worker per CPU this process may run on (a container's or taskset's share, not the host's)."""
    configured = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS")
    return int(configured) if configured else len(os.sched_getaffinity(0))


def pytest_addoption(parser) -> None:
    parser.addoption("--record-file-costs", metavar="PATH", default=None,
                     help="write each test file's seconds to PATH (merged), for the order of later runs (tests/ordering.py)")


def pytest_configure(config) -> None:
    path = config.getoption("--record-file-costs")
    if path and not hasattr(config, "workerinput"):  # the controller sees every worker's reports
        config.pluginmanager.register(ordering.CostRecorder(Path(path)), "kbpress-file-costs")


def pytest_collection_modifyitems(config, items) -> None:
    """The costliest files first (tests/ordering.py): xdist hands files out in this order."""
    items[:] = ordering.heaviest_first(items, ordering.read_costs())


@pytest.fixture(scope="session")
def epubchecker(tmp_path_factory):
    """EPUBCheck for this test process: ``epubchecker.problems(book)`` lists its fatal errors, errors and warnings."""
    from tests.epubcheckrun import EpubChecker, compile_batch

    checker = EpubChecker(built_once(shared_root(tmp_path_factory), "epubcheck-batch", compile_batch))
    yield checker
    checker.close()


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's own sample knowledge base, built once with --strict for every test process; read only."""
    return built_once(shared_root(tmp_path_factory), "sample-site", _build_sample_site)


@pytest.fixture(scope="session")
def chromium_browser():
    """The one headless Chromium of this test process (portal and EPUB reading tests alike)."""
    with launched() as browser:
        yield browser


def _build_sample_site(out: Path) -> None:
    done = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
