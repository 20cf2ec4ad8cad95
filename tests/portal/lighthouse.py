"""Lighthouse (npm, pinned in tests/portal/package-lock.json) against the built portal.

The site is served on 127.0.0.1 by a small server that compresses text
the way any production web server does (``python -m http.server`` sends
everything uncompressed, which costs performance points by itself).
Lighthouse drives the system Chromium (``CHROME_PATH``) through its Node
API (lighthouse-batch.mjs: one process and one browser for a list of
audits); nothing leaves the machine.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from conftest import CHROMIUM, node_tool

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


class CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-encoded for clients that accept it, cached like a release build's assets."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "application/javascript"}

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        media_type = self.guess_type(str(path))
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        if not media_type.startswith(COMPRESSED_TYPES):
            return super().send_head()
        if Path(self.translate_path(self.path)).is_dir() and not self.path.split("?")[0].endswith("/"):
            return super().send_head()  # the redirect to the directory URL
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", media_type + ("; charset=utf-8" if media_type.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        # Material's and kbpress's assets carry a content hash or change only with a release.
        cached = "/assets/" in self.path
        self.send_header("Cache-Control", "public, max-age=31536000" if cached else "no-cache")
        self.end_headers()
        return _BytesFile(body)


class _BytesFile:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(CompressingHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


# Lighthouse's mobile preset emulates a low-tier phone by slowing the host's CPU
# 4x, which assumes a host scoring about 4 x 264 on Lighthouse's own CPU
# benchmark (264: the low-tier phone's score in Chrome DevTools' CPU
# calibration; 1000: a mid-tier phone). A busy shared machine scores far
# less, and 4x then emulates a phone slower than any Lighthouse means.
LOW_TIER_PHONE_BENCHMARK = 264
DEFAULT_MOBILE_SLOWDOWN = 4


def calibrated_slowdown(report: dict) -> float | None:
    """The CPU slowdown that emulates the same phone on the host this report ran on (None: the default fits)."""
    index = report["environment"]["benchmarkIndex"]
    if index >= DEFAULT_MOBILE_SLOWDOWN * LOW_TIER_PHONE_BENCHMARK:
        return None
    return max(1.0, round(index / LOW_TIER_PHONE_BENCHMARK, 1))


BATCH = Path(__file__).resolve().parent / "lighthouse-batch.mjs"


@dataclass(frozen=True)
class Audit:
    """One Lighthouse run: a page at a form factor, its report kept at ``output``."""

    url: str
    form_factor: str  # "mobile" (Lighthouse's default) or "desktop" (its desktop preset)
    output: Path
    cpu_slowdown: float | None = None  # None: the preset's own multiplier


def run_all(audits: list[Audit]) -> list[dict]:
    """Run the audits in order in one Node process and one Chromium; returns their reports."""
    assert audits, "no audit to run"
    node_tool("lighthouse/core/index.js")  # a clear failure when `make test` has not installed it
    jobs = [
        {"url": audit.url, "formFactor": audit.form_factor, "output": str(audit.output),
         "categories": list(CATEGORIES), "cpuSlowdown": audit.cpu_slowdown}
        for audit in audits
    ]
    for audit in audits:
        audit.output.unlink(missing_ok=True)
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(["node", str(BATCH)], input=json.dumps(jobs), capture_output=True, text=True,
                          timeout=180 * len(audits), env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(audit.output.read_text(encoding="utf-8")) for audit in audits]


def run(url: str, form_factor: str, output: Path, cpu_slowdown: float | None = None) -> dict:
    """One Lighthouse run; returns the report (its JSON is kept at ``output``)."""
    return run_all([Audit(url, form_factor, output, cpu_slowdown)])[0]


def scores(report: dict) -> dict[str, float]:
    return {name: report["categories"][name]["score"] for name in CATEGORIES}


def failing_audits(report: dict, category: str) -> list[str]:
    """The audits that cost a category points, for the failure message."""
    refs = report["categories"][category]["auditRefs"]
    audits = report["audits"]
    return [
        f"{ref['id']}: {audits[ref['id']].get('displayValue') or audits[ref['id']]['title']} ({audits[ref['id']]['score']})"
        for ref in refs
        if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    ]
