"""The loopback HTTP server the fake X API and the fake feed sites answer on.

Fixture bodies shared by the social, watch and hardening tests: each
yields from these generators, so the server's start and stop and a fake's
clean-up are written once.
"""

from __future__ import annotations

from typing import Callable, Iterator, TypeVar

from pytest_httpserver import HTTPServer

Fake = TypeVar("Fake")


def serve_loopback() -> Iterator[HTTPServer]:
    """A threaded pytest-httpserver on 127.0.0.1 with an ephemeral port, stopped afterwards."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.stop()


def fresh_fake(server: HTTPServer, make: Callable[[HTTPServer], Fake]) -> Iterator[Fake]:
    """A fake made on a cleared server; afterwards its hanging handlers are released and the server cleared."""
    server.clear()
    fake = make(server)
    yield fake
    fake.release.set()  # let hanging handlers finish
    server.clear()
