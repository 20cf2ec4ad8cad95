"""Edit-to-preview time under ``mkdocs serve``.

The server is started as ``make serve`` starts it; once the first build
is served, one article is saved with a new line of text and the served
page is polled until that text appears. The time from the save to the
page carrying the edit is what a specialist waits for.
"""

from __future__ import annotations

import signal
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

POLL_SECONDS = 0.05


@dataclass(frozen=True)
class PreviewResult:
    initial_seconds: float  # from start until the page is first served
    edits: tuple[float, ...]  # seconds from each save to the edited page

    @property
    def median(self) -> float:
        return statistics.median(self.edits)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure_preview(
    mkdocs: Path, project: Path, source: str, page_url: str, *, env: dict, log: Path,
    edits: int = 3, extra_args: tuple[str, ...] = (), timeout: float = 900,
) -> PreviewResult:
    """Serve ``project``, edit docs/``source`` ``edits`` times, time each until ``page_url`` shows it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{page_url}"
    path = project / "docs" / source
    original = path.read_bytes()
    command = [str(mkdocs), "serve", "--livereload", "-a", f"127.0.0.1:{port}", *extra_args]
    with open(log, "wb") as output:
        start = time.perf_counter()
        server = subprocess.Popen(command, cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT,
                                  preexec_fn=_default_interrupt)
        try:
            _wait_for(url, lambda body: True, server, start + timeout)
            initial = time.perf_counter() - start
            times = []
            for number in range(edits):
                time.sleep(1.0)  # let the watcher settle after the previous rebuild
                marker = f"bench-edit-{number}-{time.time_ns()}"
                path.write_bytes(original + f"\n\n{marker}\n".encode())
                saved = time.perf_counter()
                _wait_for(url, lambda body, marker=marker: marker in body, server, saved + timeout)
                times.append(time.perf_counter() - saved)
        finally:
            path.write_bytes(original)
            _stop(server)
    return PreviewResult(initial, tuple(times))


def _wait_for(url: str, ready, server: subprocess.Popen, deadline: float) -> None:
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8", "replace")):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"{url} was not ready in time")


def _default_interrupt() -> None:
    # A shell starting the bench in the background ignores SIGINT for its children;
    # the server must take it, to shut down cleanly (and run plugins' on_shutdown).
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGINT)  # mkdocs serve shuts down cleanly on Ctrl+C
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
