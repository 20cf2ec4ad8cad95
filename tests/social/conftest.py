"""Fixtures for the social publishing tests: a project on disk and a fake X API."""

from __future__ import annotations

import pytest
from fake_x_api import FakeX
from kbpress.social.xapi import ClientSettings
from socialsupport import FAKE_CREDENTIALS, make_project

from tests.loopback import fresh_fake, serve_loopback


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def x_server():
    yield from serve_loopback()


@pytest.fixture
def fake_x(x_server):
    """A fresh fake X account on the shared loopback server."""
    yield from fresh_fake(x_server, FakeX)


@pytest.fixture
def settings(fake_x) -> ClientSettings:
    """Short timeouts and backoff so failure tests stay fast; X's timeline shown up to date at once."""
    return ClientSettings(
        connect_timeout=2.0, read_timeout=0.5, attempts=3, backoff=0.01, api_base=fake_x.base_url, settle_seconds=0
    )


@pytest.fixture
def credentials() -> dict:
    return dict(FAKE_CREDENTIALS)
