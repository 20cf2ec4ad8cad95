"""Fixtures for the portal's browser tests: one server, one browser per session.

The sample site is served by a small threaded http.server on 127.0.0.1
and driven by the system's Chromium (Debian ``chromium``) through
Playwright. Playwright never downloads a browser here. Every request the
browser makes is recorded so a test can prove the portal works on a
closed network.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.chromium import CHROMIUM, CHROMIUM_ARGS

__all__ = ["CHROMIUM", "CHROMIUM_ARGS"]  # lighthouse.py and measure_search.py launch it themselves

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # The EPUB download must carry its real media type.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".epub": "application/epub+zip"}

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@dataclass
class PortalServer:
    root: Path
    base_url: str  # http://127.0.0.1:PORT/

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")


@dataclass
class RequestLog:
    """Every URL any page of the session asked for."""

    urls: list[str] = field(default_factory=list)

    def record(self, request) -> None:
        self.urls.append(request.url)

    def foreign(self, allowed_host: str) -> list[str]:
        return [url for url in self.urls if not _is_local(url, allowed_host)]


def _is_local(url: str, allowed_host: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.netloc == allowed_host


@pytest.fixture(scope="session")
def portal(sample_site: Path):
    handler = functools.partial(_QuietHandler, directory=str(sample_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield PortalServer(sample_site, f"http://127.0.0.1:{server.server_port}/")
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def request_log() -> RequestLog:
    return RequestLog()


@pytest.fixture(scope="session")
def browser(chromium_browser):
    return chromium_browser


@pytest.fixture(scope="session")
def browser_context(browser, request_log):
    context = browser.new_context(viewport=DESKTOP, locale="ja-JP", service_workers="block")
    context.on("request", request_log.record)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    """A fresh tab in the shared context; console errors fail the test."""
    tab = browser_context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield tab
    tab.close()
    assert not errors, f"ブラウザのコンソールにエラーがあります: {errors}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


NODE_MODULES = Path(__file__).resolve().parent / "node_modules"


def node_tool(relative: str) -> Path:
    """A file of the npm packages pinned in tests/portal/package-lock.json (installed by `make test`)."""
    path = NODE_MODULES / relative
    if not path.exists():
        pytest.fail(f"{path} がありません。`make test` (または npm ci --prefix tests/portal) で入れてください")
    return path


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The newest axe-core from npm, not the older copy bundled with the Python wrapper."""
    return node_tool("axe-core/axe.min.js").read_text(encoding="utf-8")


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """``mkdocs serve`` of a fixture project on 127.0.0.1 (a context manager); ``get`` waits for the first build."""

    def __init__(self, project_root: Path):
        self.root = project_root
        self.port = free_port()
        self.log_path = project_root / "serve.log"

    def __enter__(self) -> "Preview":
        import subprocess
        import sys

        with open(self.log_path, "w", encoding="utf-8") as log:
            self.server = subprocess.Popen(
                [str(Path(sys.executable).parent / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{self.port}", "--no-livereload"],
                cwd=self.root, stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy(),
            )
        return self

    def get(self, path: str, wait: float = 60) -> str:
        import time
        import urllib.request

        deadline = time.monotonic() + wait
        while True:
            try:
                return urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=5).read().decode("utf-8")
            except OSError:
                assert time.monotonic() < deadline and self.server.poll() is None, self.output
                time.sleep(0.3)

    @property
    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def __exit__(self, *exc) -> None:
        self.server.terminate()
        self.server.wait(timeout=30)
