"""Test support for the watch: a feed site on 127.0.0.1 and runs of the watch."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

from werkzeug import Request, Response

from kbpress.model import JST
from kbpress.watch.client import ClientSettings
from kbpress.watch.run import WatchOptions, watch_command

FEEDS = Path(__file__).resolve().parent / "feeds"
SITE_URL = "https://kb.example.jp/"
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=JST)
# Short limits keep the failure cases quick; the feeds themselves answer at once.
FAST = ClientSettings(connect_timeout=2.0, total_timeout=2.0, max_bytes=5 * 1024 * 1024, attempts=2, backoff=0.01)


@dataclass
class Served:
    path: str
    requests: list[dict] = field(default_factory=list)  # the headers of each request


class FeedSite:
    """Serves fixture feeds with ETag and Last-Modified, answering 304 when asked with them."""

    def __init__(self, server):
        self.server = server
        self.served: dict[str, Served] = {}
        self.release = threading.Event()  # ends slow answers at teardown
        self._active = 0
        self.max_active = 0  # the most requests the site was answering at once
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.port}{path}"

    def feed(self, path: str, fixture: str, content_type: str = "application/rss+xml") -> str:
        data = (FEEDS / fixture).read_bytes()
        etag = f'"{abs(hash(data)) % 10**12:x}"'
        modified = format_datetime(datetime(2026, 10, 31, 8, 0, tzinfo=JST).astimezone(), usegmt=False)

        def answer(request: Request) -> Response:
            if request.headers.get("If-None-Match") == etag:
                return Response(status=304, headers={"ETag": etag})
            return Response(data, content_type=content_type, headers={"ETag": etag, "Last-Modified": modified})

        return self.handler(path, answer)

    def handler(self, path: str, answer) -> str:
        served = self.served.setdefault(path, Served(path))

        def counted(request: Request) -> Response:
            with self._lock:
                served.requests.append(dict(request.headers))
                self._active += 1
                self.max_active = max(self.max_active, self._active)
            try:
                return answer(request)
            finally:
                with self._lock:
                    self._active -= 1

        self.server.expect_request(path).respond_with_handler(counted)
        return self.url(path)

    def slow(self, path: str, seconds: float) -> str:
        def answer(request: Request) -> Response:
            self.release.wait(seconds)
            return Response((FEEDS / "nisc.xml").read_bytes(), content_type="application/rss+xml")

        return self.handler(path, answer)

    def requests(self, path: str) -> list[dict]:
        return self.served[path].requests


def sources_yml(entries: list[dict]) -> str:
    """A sources.yml as a specialist writes it: a name and a URL (or X list) per source."""
    lines = ["# kbpress watch が読む情報源", "sources:"]
    for entry in entries:
        first = True
        for key, value in entry.items():
            if isinstance(value, list):
                value = "[" + ", ".join(value) + "]"
            lines.append(f"  {'- ' if first else '  '}{key}: {value}")
            first = False
    return "\n".join(lines) + "\n"


@dataclass
class WatchRun:
    code: int
    out: str
    err: str


def run_watch(social_dir: Path, *, fmt: str = "text", env: dict | None = None, settings: ClientSettings = FAST, now: datetime = NOW) -> WatchRun:
    out, err = io.StringIO(), io.StringIO()
    options = WatchOptions(site_url=SITE_URL, now=now, fmt=fmt, client=settings)
    code = watch_command(social_dir, "social", options, env=env or {}, out=out, err=err)
    return WatchRun(code, out.getvalue(), err.getvalue())

