"""A polite HTTP client for feeds: the sites we read are the sites we cite.

Every request names the site in its User-Agent, has a connect and a total
time limit, stops reading past a size cap, asks "only if changed" with the
ETag / Last-Modified of the last answer, retries a 5xx or a dropped
connection a few times with growing pauses, and waits for any other
request to the same host to finish first.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests

from .. import __version__


class FetchError(Exception):
    """A source could not be read; the message says why, in words for the specialist."""


@dataclass(frozen=True)
class ClientSettings:
    connect_timeout: float = 10.0
    total_timeout: float = 30.0  # for the whole answer: a server trickling bytes is cut off too
    max_bytes: int = 5 * 1024 * 1024
    attempts: int = 3
    backoff: float = 2.0  # seconds before the second attempt, doubled after that


@dataclass(frozen=True)
class Validators:
    """What the server said identifies its last answer (ETag, Last-Modified)."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    not_modified: bool
    body: bytes = b""
    content_type: str = ""
    validators: Validators = field(default_factory=Validators)


def user_agent(site_url: str) -> str:
    return f"kbpress-watch/{__version__} (+{site_url or 'https://github.com/'})"


class PoliteClient:
    def __init__(self, site_url: str, settings: ClientSettings | None = None):
        self.settings = settings or ClientSettings()
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": user_agent(site_url), "Accept": _ACCEPT})
        self._host_locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()

    def host_lock(self, url: str) -> threading.Lock:
        """One request at a time per host, shared with the X reader."""
        host = (urlsplit(url).hostname or "").lower()
        with self._locks_lock:
            return self._host_locks.setdefault(host, threading.Lock())

    def fetch(self, url: str, validators: Validators) -> Fetched:
        attempt = 1
        while True:
            try:
                with self.host_lock(url):
                    return self._fetch_once(url, validators)
            except _Retryable as error:
                if attempt >= self.settings.attempts:
                    raise FetchError(f"{error} ({attempt} 回試しました)") from None
                time.sleep(self.settings.backoff * 2 ** (attempt - 1))
                attempt += 1

    def _fetch_once(self, url: str, validators: Validators) -> Fetched:
        started = time.monotonic()
        try:
            response = self.session.get(
                url,
                headers=validators.headers(),
                timeout=(self.settings.connect_timeout, self.settings.total_timeout),
                stream=True,
            )
        except requests.Timeout:
            raise _Retryable("応答がありません (タイムアウト)") from None
        except requests.ConnectionError:
            raise _Retryable("接続できません") from None
        except requests.RequestException as error:
            raise FetchError(f"取得できません ({type(error).__name__})") from None
        with response:
            if response.status_code == 304:
                return Fetched(response.url, True, validators=_validators(response, validators))
            if response.status_code >= 500:
                raise _Retryable(f"サーバーのエラー HTTP {response.status_code}")
            if response.status_code != 200:
                raise FetchError(f"HTTP {response.status_code} が返りました。URL が正しいか確かめてください")
            body = self._read_capped(response, started)
            content_type = response.headers.get("Content-Type", "")
            return Fetched(response.url, False, body, content_type, _validators(response, Validators()))

    def _read_capped(self, response: requests.Response, started: float) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.settings.max_bytes:
            raise FetchError(_too_large(self.settings.max_bytes))
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > self.settings.max_bytes:
                    raise FetchError(_too_large(self.settings.max_bytes))
                if time.monotonic() - started > self.settings.total_timeout:
                    raise _Retryable("応答が遅すぎます (タイムアウト)")
                chunks.append(chunk)
        except (requests.Timeout, requests.exceptions.ChunkedEncodingError, requests.ConnectionError):
            raise _Retryable("応答が途中で途切れました (タイムアウト)") from None
        return b"".join(chunks)


class _Retryable(Exception):
    pass


_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1"
)


def _validators(response: requests.Response, previous: Validators) -> Validators:
    """The new validators; a 304 without them keeps the old ones."""
    return Validators(
        response.headers.get("ETag") or previous.etag,
        response.headers.get("Last-Modified") or previous.last_modified,
    )


def _too_large(limit: int) -> str:
    return f"フィードが大きすぎます ({limit // (1024 * 1024)} MB を超えたので読むのをやめました)"
