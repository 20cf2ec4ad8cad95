"""Asking X whether a post kbpress sent is there: the account's timeline and a post's reposters.

The answer is one of the verdicts of :mod:`.match`. When X cannot be
asked, :class:`LookupFailed` says why; a lookup that fails never counts as
"not posted".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta, timezone
from typing import Callable

import requests
import tweepy

from .match import EXACT, NEAR, NONE, Sent, compare
from .plan import REPOST
from .statusurl import canonical_status_url
from .xapi import describe_error, x_behind

LOOKUP_PAGES = 3  # at most 300 of the account's latest posts
CLOCK_MARGIN = timedelta(minutes=5)  # clock skew between us and X


class LookupFailed(Exception):
    """X could not be asked. ``temporary``: rate limit, server error, no answer; otherwise refused."""

    def __init__(self, reason: str, *, temporary: bool, auth: bool = False, error: Exception | None = None):
        super().__init__(reason)
        self.reason = reason
        self.temporary = temporary
        self.auth = auth
        self.error = error


@dataclass(frozen=True)
class Found:
    verdict: str  # EXACT, NEAR or NONE
    remote_id: str | None = None  # our post (for a repost: the reposted post)

    @property
    def near_address(self) -> str | None:
        return canonical_status_url(self.remote_id) if self.verdict == NEAR and self.remote_id else None


class Lookup:
    def __init__(self, client: tweepy.Client, user_id: str, clean: Callable[[str], str]):
        self.client = client
        self.user_id = user_id
        self.clean = clean

    def find(self, sent: Sent) -> Found:
        """Our post for ``sent`` on X; raises :class:`LookupFailed` when absence cannot be shown.

        The search starts before the pending record by the clock margin and by how far X's
        clock is behind ours; when X's answer shows it further behind than known, once more."""
        behind = x_behind(self.client)
        found = self._find(sent, behind)
        if found.verdict == NONE and x_behind(self.client) - behind > CLOCK_MARGIN / 5:
            found = self._find(sent, x_behind(self.client))
        return found

    def _find(self, sent: Sent, behind: timedelta) -> Found:
        sent = Sent(sent.kind, sent.text, sent.target, sent.since - CLOCK_MARGIN - behind)
        failure = None
        if sent.kind == REPOST and sent.target_id:
            try:
                if self._reposted(sent.target_id):
                    return Found(EXACT, sent.target_id)
            except LookupFailed as error:
                failure = error  # the timeline may still answer
        try:
            found = self._on_timeline(sent)
        except LookupFailed as error:
            raise failure if failure and not error.temporary else error from None
        if found.verdict == NONE and failure is not None:
            raise failure  # the timeline is not proof enough for a repost: X may leave reposts out of it
        return found

    def _on_timeline(self, sent: Sent) -> Found:
        token, near = None, None
        for _page in range(LOOKUP_PAGES):
            params = {
                "max_results": 100,
                "start_time": sent.since.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "tweet.fields": "author_id,created_at,entities,referenced_tweets",
            }
            if token:
                params["pagination_token"] = token
            data, meta = self._get(f"/2/users/{self.user_id}/tweets", params)
            for tweet in data:
                if str(tweet.get("author_id") or self.user_id) != self.user_id:
                    continue  # not this account's post, whatever the endpoint says
                verdict = compare(tweet, sent)
                if verdict == EXACT:
                    return Found(EXACT, sent.target_id if sent.kind == REPOST else str(tweet["id"]))
                if verdict == NEAR and near is None:
                    near = Found(NEAR, str(tweet["id"]))
            token = meta.get("next_token")
            if not token or not isinstance(token, str):
                return near or Found(NONE)
        # More posts since then than one lookup reads: absence is not shown.
        raise LookupFailed(f"{LOOKUP_PAGES * 100} 件を超える投稿があり、最後まで調べきれませんでした", temporary=False)

    def _reposted(self, target_id: str) -> bool:
        data, _meta = self._get(f"/2/tweets/{target_id}/retweeted_by", {"max_results": 100})
        return any(str(user.get("id")) == self.user_id for user in data)

    def _get(self, route: str, params: dict) -> tuple[list[dict], dict]:
        """A page of results as plain JSON: tweepy's own reading of a post fails on answers X
        also gives (``created_at`` without fractions), and that must not stop a lookup."""
        response = self._ask(lambda: self.client.request("GET", route, params=params, user_auth=True))
        body = self._ask(response.json)
        data = body.get("data", []) if isinstance(body, dict) else None
        meta = body.get("meta") if isinstance(body, dict) else None
        items = data if isinstance(data, list) else None
        if items is None or not all(isinstance(item, dict) and item.get("id") not in (None, "") for item in items):
            raise LookupFailed("X の応答を読めませんでした (投稿の一覧の形が想定と違います)", temporary=True)
        return items, meta if isinstance(meta, dict) else {}

    def _ask(self, call):
        try:
            return call()
        except tweepy.TooManyRequests as error:
            raise LookupFailed(describe_error(error, self.clean), temporary=True, error=error) from None
        except tweepy.TwitterServerError as error:
            raise LookupFailed(describe_error(error, self.clean), temporary=True) from None
        except tweepy.HTTPException as error:
            # A 403 here often means only that the API tier has no reads: posting may still work.
            auth = error.response.status_code == 401
            raise LookupFailed(describe_error(error, self.clean), temporary=False, auth=auth) from None
        except (tweepy.TweepyException, requests.RequestException) as error:
            raise LookupFailed(describe_error(error, self.clean), temporary=True) from None
