"""The X API through tweepy: credentials, timeouts and what each failure means.

tweepy's ``Client`` sends requests without a timeout and, with
``wait_on_rate_limit``, retries forever; we mount an adapter that gives
every request a timeout and never enable waiting. Credentials come only
from environment variables and are never printed.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Callable, Mapping
from urllib.parse import urlsplit

import requests
import tweepy
from requests.adapters import HTTPAdapter
from urllib3.exceptions import NewConnectionError

from ..model import JST
from .problems import problem_of

API_HOST = "https://api.twitter.com"
CREDENTIAL_VARIABLES = ("X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET")
# Tests (and only tests) point the client at a fake API on this machine.
API_BASE_VARIABLE = "KBPRESS_X_API_BASE"


RESET_HEADER = "x-rate-limit-reset"


class CredentialsError(ValueError):
    pass


class UnreadableAnswer(Exception):
    """X answered a post with success but without a post id we can read: it may or may not exist."""


@dataclass(frozen=True)
class Credentials:
    api_key: str
    api_secret: str
    access_token: str
    access_token_secret: str

    def __repr__(self) -> str:  # never show the values, even in a traceback
        return "Credentials(<hidden>)"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Credentials:
        missing = [name for name in CREDENTIAL_VARIABLES if not env.get(name, "").strip()]
        if missing:
            raise CredentialsError(
                f"環境変数 {', '.join(missing)} が設定されていません。X の開発者ポータルで発行した "
                "OAuth 1.0a のキーとトークンを、GitHub ではリポジトリの Secrets に登録して渡してください"
            )
        values = [env[name].strip() for name in CREDENTIAL_VARIABLES]
        credentials = cls(*values)
        if not credentials.user_id:
            raise CredentialsError(
                "環境変数 X_ACCESS_TOKEN の形式が正しくありません (「数字-英数字」の形のはずです)。"
                "開発者ポータルの Access Token をそのまま設定してください"
            )
        return credentials

    @property
    def user_id(self) -> str:
        """The account's numeric id: OAuth 1.0a access tokens start with it ("42-...")."""
        prefix, dash, _rest = self.access_token.partition("-")
        return prefix if dash and prefix.isdigit() else ""

    def secrets(self) -> list[str]:
        return [self.api_key, self.api_secret, self.access_token, self.access_token_secret]


@dataclass(frozen=True)
class ClientSettings:
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    attempts: int = 3  # sends of one post that surely never reached X; unknown outcomes in a row before stopping
    backoff: float = 2.0  # seconds before the 2nd attempt (or the look-up after an unknown outcome); doubled after that
    api_base: str | None = None  # loopback only, for tests
    # X's timeline can lag behind a post for a while: "not found" counts only
    # once the post's pending record is this old.
    settle_seconds: float = 600.0
    # A post whose outcome is still unknown after this long fails the run.
    stall_hours: float = 24.0


class TimeoutAdapter(HTTPAdapter):
    """Gives every request a timeout unless the caller chose one."""

    def __init__(self, timeout: tuple[float, float]):
        super().__init__(max_retries=0)
        self.timeout = timeout
        self.x_behind = timedelta(0)  # how far X's clock (its Date header) is behind ours

    def send(self, request, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        response = super().send(request, **kwargs)
        self._read_clock(response.headers.get("Date"))
        # tweepy reads this header with int() before raising TooManyRequests: a value
        # that is not a number would turn a plain rate limit into an unexplained error.
        if not response.headers.get(RESET_HEADER, "0").strip().isdigit():
            del response.headers[RESET_HEADER]
        return response


    def _read_clock(self, date: str | None) -> None:
        """A proxy may add its own Date: the earliest one counts (it only ever widens a lookup)."""
        said = [_http_date(one) for one in _HTTP_DATE.findall(date or "")]
        said = [moment for moment in said if moment is not None and moment.tzinfo is not None]
        if said:
            self.x_behind = max(timedelta(0), datetime.now(timezone.utc) - min(said))


_HTTP_DATE = re.compile(r"[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} (?:GMT|UTC|[+-]\d{4})")


def _http_date(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None


def x_behind(client: tweepy.Client) -> timedelta:
    """How far X's clock is behind ours, as last seen; a post's ``created_at`` is in X's time."""
    adapter = client.session.get_adapter(API_HOST)
    return getattr(adapter, "x_behind", timedelta(0))


class LoopbackAdapter(TimeoutAdapter):
    """Sends requests signed for api.twitter.com to a fake API on this machine."""

    def __init__(self, timeout: tuple[float, float], api_base: str):
        super().__init__(timeout)
        self.api_base = api_base.rstrip("/")

    def send(self, request, **kwargs):
        if request.url.startswith(API_HOST):
            request.url = self.api_base + request.url[len(API_HOST) :]
        kwargs["proxies"] = {}  # proxies were chosen for the real host
        return super().send(request, **kwargs)


def check_api_base(api_base: str) -> str:
    """Only a loopback address may stand in for the X API: credentials must not leave."""
    parts = urlsplit(api_base)
    host = parts.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if parts.scheme not in ("http", "https") or not loopback:
        raise CredentialsError(f"{API_BASE_VARIABLE} にはこのマシン上の URL (http://127.0.0.1:ポート) だけを指定できます")
    return api_base


def build_client(credentials: Credentials, settings: ClientSettings) -> tweepy.Client:
    client = tweepy.Client(
        consumer_key=credentials.api_key,
        consumer_secret=credentials.api_secret,
        access_token=credentials.access_token,
        access_token_secret=credentials.access_token_secret,
        wait_on_rate_limit=False,  # True retries immediately and forever without a reset header
    )
    timeout = (settings.connect_timeout, settings.read_timeout)
    if settings.api_base:
        adapter: HTTPAdapter = LoopbackAdapter(timeout, check_api_base(settings.api_base))
    else:
        adapter = TimeoutAdapter(timeout)
    client.session.mount("https://", adapter)
    client.session.mount("http://", adapter)
    # A redirect would send the post (and the signed request) to another address; it is
    # not followed, and the post's outcome is found out like any other lost answer.
    client.session.max_redirects = 0
    return client


# -- what a failure means -------------------------------------------------


@dataclass(frozen=True)
class RateLimit:
    reset: datetime | None  # when posting may resume
    daily: bool  # the 24-hour posting cap, not the 15-minute window

    def describe(self) -> str:
        what = "1 日の投稿数の上限" if self.daily else "API の回数制限"
        if self.reset is None:
            return f"X の{what}に達しました。解除時刻は返されませんでした。しばらく (15 分以上) 待ってから再実行してください。"
        return f"X の{what}に達しました。{self.reset.astimezone(JST):%Y-%m-%d %H:%M} (日本時間) 以降に再実行してください。"


# X's windows are 15 minutes and 24 hours: a reset further away than this is not believed.
LONGEST_WAIT = timedelta(hours=25)


def rate_limit_of(error: tweepy.TooManyRequests, now: datetime) -> RateLimit:
    """When posting may resume: X's reset time, else ``retry-after`` (seconds or an HTTP date);
    a time already past, or further away than any of X's windows, says nothing."""
    headers = error.response.headers
    daily = headers.get("x-user-limit-24hour-remaining") == "0"
    raw = headers.get("x-user-limit-24hour-reset") if daily else headers.get(RESET_HEADER)
    for reset in (_epoch(raw), _retry_after(headers.get("retry-after"), now)):
        if reset is not None and now < reset <= now + LONGEST_WAIT:
            return RateLimit(reset, daily)
    return RateLimit(None, daily)


def _epoch(raw: str | None) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(raw), JST) if raw else None
    except (ValueError, OverflowError, OSError):
        return None


def _retry_after(raw: str | None, now: datetime) -> datetime | None:
    raw = (raw or "").strip()
    if raw.isdigit():
        return now + timedelta(seconds=min(int(raw), 10**8))
    moment = _http_date(raw) if raw else None
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def is_unsent(error: Exception) -> bool:
    """The request never reached X (so it certainly created nothing): no connection was made."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    if isinstance(error, requests.ConnectionError):
        reason = getattr(error.args[0], "reason", None) if error.args else None
        return isinstance(reason, NewConnectionError)
    return False


def describe_error(error: Exception, clean: Callable[[str], str]) -> str:
    """A one-line cause: X's title, detail and type only (an error body can echo credentials)."""
    if isinstance(error, tweepy.HTTPException):
        return problem_of(error.response, clean).describe()
    if isinstance(error, UnreadableAnswer):
        return f"X は成功と答えましたが、応答から投稿の結果を読めません ({error})"
    if isinstance(error, requests.TooManyRedirects):
        status = getattr(error.response, "status_code", "?")
        return f"X の API が別の場所への転送 (HTTP {status}) を返しました。転送先には送っていません"
    if isinstance(error, requests.Timeout):
        return "応答がありません (タイムアウト)"
    if isinstance(error, requests.ConnectionError):
        return "接続が切れたか、接続できません"
    return type(error).__name__
