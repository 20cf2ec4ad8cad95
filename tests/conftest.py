"""Fixtures shared by every test area: fixture projects and the sample site."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.projects import BIN, HOME, MINIMAL_MKDOCS, REPO, BuildResult, FixtureProject, new_project

__all__ = ["BIN", "HOME", "MINIMAL_MKDOCS", "REPO", "BuildResult", "FixtureProject"]

# Tests never depend on the wall clock or on the machine's git history.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T09:00:00+09:00
os.environ.setdefault("KBPRESS_NOW", "2026-11-01T12:00:00+09:00")


@pytest.fixture
def fixture_project(tmp_path: Path) -> FixtureProject:
    """A small valid project: mkdocs.yml, the real vocabulary, a home page."""
    return new_project(tmp_path / "project")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's own sample knowledge base, built once with --strict."""
    out = tmp_path_factory.mktemp("sample") / "site"
    done = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out
