"""Fixtures for the social publishing tests: a project on disk and a fake X API."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from fake_x_api import FakeX
from kbpress.social.xapi import ClientSettings
from socialsupport import FAKE_CREDENTIALS, make_project


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "project")


@pytest.fixture
def fake_x():
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    fake = FakeX(server)
    try:
        yield fake
    finally:
        fake.release.set()
        server.clear()
        if server.is_running():
            server.stop()


@pytest.fixture
def settings(fake_x) -> ClientSettings:
    """Short timeouts and backoff so failure tests stay fast."""
    return ClientSettings(connect_timeout=2.0, read_timeout=0.5, attempts=3, backoff=0.01, api_base=fake_x.base_url)


@pytest.fixture
def credentials() -> dict:
    return dict(FAKE_CREDENTIALS)
