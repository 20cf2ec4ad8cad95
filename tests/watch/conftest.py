"""Fixtures for the watch tests: a feed site and a fake X read API on 127.0.0.1, and a project."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The social tests' project and fake X posting API serve the pick-to-publish tests as well.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "social"))

from fake_x_api import FakeX  # noqa: E402
from fake_x_lists import FakeXLists  # noqa: E402
from socialsupport import make_project  # noqa: E402
from watchsupport import FeedSite  # noqa: E402

from tests.loopback import fresh_fake, serve_loopback  # noqa: E402


@pytest.fixture(scope="session")
def watch_server():
    yield from serve_loopback()


@pytest.fixture
def site(watch_server):
    yield from fresh_fake(watch_server, FeedSite)


@pytest.fixture
def x_lists(site, watch_server):
    """The fake X read API, beside the feed site on the same server (its paths start with /2/)."""
    return FakeXLists(watch_server)


@pytest.fixture
def fake_x(x_lists, watch_server):
    """The posting side of the fake X API, registered after the read side on the same server."""
    fake = FakeX(watch_server)
    yield fake
    fake.release.set()


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "project", pages=False, queue=False)


@pytest.fixture
def social_dir(project) -> Path:
    path = project.root / "social"
    path.mkdir(exist_ok=True)
    return path
