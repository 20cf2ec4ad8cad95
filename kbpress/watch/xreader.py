"""Reading X lists and accounts for candidates, through the X API v2 with tweepy.

Read access needs either an app bearer token (``X_BEARER_TOKEN``) or the
OAuth 1.0a keys ``kbpress publish`` uses. Without them X sources are
skipped with a note, never a failure: the feeds are still worth reading.
Credentials are never printed; errors are described by status alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Mapping

import requests
import tweepy

from ..model import JST
from ..social.redact import Redactor, redacted_logging
from ..social.xapi import (
    API_BASE_VARIABLE,
    API_HOST,
    ClientSettings,
    Credentials,
    CredentialsError,
    LoopbackAdapter,
    TimeoutAdapter,
    build_client,
    check_api_base,
    describe_error,
)
from .feedparse import FeedItem, shorten
from .sources import X_LIST, Source

BEARER_VARIABLE = "X_BEARER_TOKEN"
MAX_RESULTS = 50
_JAPANESE_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_FIELDS = {"tweet_fields": ["created_at", "entities"], "expansions": ["author_id"], "user_fields": ["username"]}


class XSkipped(Exception):
    """No credentials for reading X: the source is skipped, not failed."""


class XReadError(Exception):
    pass


@dataclass(frozen=True)
class XItems:
    items: list[FeedItem]
    newest_id: str | None


class XReader:
    def __init__(self, env: Mapping[str, str], timeout: tuple[float, float]):
        self.env = env
        self.timeout = timeout
        self._client: tweepy.Client | None = None
        self._user_auth = False
        self._secrets: list[str] = []

    def read(self, source: Source, since_id: str | None) -> XItems:
        client = self._get_client()
        with redacted_logging(self._secrets):
            try:
                if source.kind == X_LIST:
                    response = client.get_list_tweets(source.location, user_auth=self._user_auth, max_results=MAX_RESULTS, **_FIELDS)
                else:
                    response = client.get_users_tweets(self._user_id(client, source.location), user_auth=self._user_auth, max_results=MAX_RESULTS, since_id=since_id, **_FIELDS)
            except (tweepy.TweepyException, requests.RequestException) as error:
                raise XReadError(f"X API: {describe_error(error, Redactor(self._secrets))}") from None
        return _items(response, since_id)

    def _user_id(self, client: tweepy.Client, username: str) -> str:
        response = client.get_user(username=username, user_auth=self._user_auth)
        if response.data is None:
            raise XReadError(f"X のアカウント @{username} が見つかりません。x_user: の綴りを確かめてください")
        return str(response.data.id)

    def _get_client(self) -> tweepy.Client:
        if self._client is None:
            self._client = self._build_client()
        return self._client

    def _build_client(self) -> tweepy.Client:
        bearer = self.env.get(BEARER_VARIABLE, "").strip()
        api_base = self.env.get(API_BASE_VARIABLE) or None
        try:
            if bearer:
                self._secrets = [bearer]
                return self._bearer_client(bearer, api_base)
            credentials = Credentials.from_env(self.env)
        except CredentialsError as error:
            if bearer:
                raise XReadError(str(error)) from None
            raise XSkipped(
                f"X の認証情報がないため読みませんでした ({BEARER_VARIABLE} か X_API_KEY などの環境変数を設定すると読みます)"
            ) from None
        self._user_auth = True
        self._secrets = credentials.secrets()
        settings = ClientSettings(connect_timeout=self.timeout[0], read_timeout=self.timeout[1], api_base=api_base)
        try:
            return build_client(credentials, settings)
        except CredentialsError as error:
            raise XReadError(str(error)) from None

    def _bearer_client(self, bearer: str, api_base: str | None) -> tweepy.Client:
        """App-only access (enough to read public lists and accounts)."""
        client = tweepy.Client(bearer_token=bearer, wait_on_rate_limit=False)
        adapter = LoopbackAdapter(self.timeout, check_api_base(api_base)) if api_base else TimeoutAdapter(self.timeout)
        client.session.mount("https://", adapter)
        client.session.mount("http://", adapter)
        return client

    @staticmethod
    def host() -> str:
        return API_HOST


def _items(response, since_id: str | None) -> XItems:
    users = {str(user.id): user.username for user in (response.includes or {}).get("users", [])}
    items, newest = [], since_id
    for tweet in response.data or []:
        tweet_id = str(tweet.id)
        if since_id and int(tweet_id) <= int(since_id):
            continue  # lists take no since_id: filter here
        if newest is None or int(tweet_id) > int(newest):
            newest = tweet_id
        account = users.get(str(tweet.author_id), "i/web")
        text = _expanded_text(tweet)
        published = tweet.created_at.astimezone(JST) if isinstance(tweet.created_at, datetime) else None
        first_line = text.split("\n", 1)[0]
        items.append(FeedItem(shorten(first_line, 80), f"https://x.com/{account}/status/{tweet_id}", published, shorten(" ".join(text.split()))))
    return XItems(items, newest)


def _expanded_text(tweet) -> str:
    """The text with X's t.co links replaced by what they point to, so a reader sees the source."""
    text = tweet.text or ""
    for url in (tweet.entities or {}).get("urls", []):
        if url.get("url") and url.get("expanded_url"):
            text = text.replace(url["url"], url["expanded_url"])
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def suggested_x_action(text: str) -> str:
    """A post in Japanese can be reposted as it is; one in another language needs our words: a quote."""
    return "repost" if _JAPANESE_RE.search(text) else "quote"
