"""Posting with the ledger: exactly once, bounded retries, clear stops.

Order of work for one post: write ``pending`` (fsynced), call the API,
write the outcome. Whenever the outcome of a call is unknown (server
error, timeout, crash) the post is looked up on the account's timeline
before it is ever sent again.
"""

from __future__ import annotations

import html
import re
import time as time_module
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

import requests
import tweepy
from twitter_text import extract_urls_with_indices

from ..model import JST
from .ledger import DONE, DUPLICATE, NOT_POSTED, PENDING, REJECTED, Ledger, LedgerRecord
from .plan import NETWORK, POST, QUOTE, REPOST, PlannedPost
from .statusurl import parse_status_url
from .xapi import ClientSettings, describe_error, is_duplicate, is_unsent, rate_limit_of

EXIT_OK, EXIT_ERROR, EXIT_TEMPFAIL = 0, 1, 75
_LOOKUP_PAGES = 3  # at most 300 of the account's latest posts
_LOOKUP_MARGIN = timedelta(minutes=5)  # clock skew between us and X


class StopRun(Exception):
    """Posting must stop now; what has not been sent stays queued for the next run."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Result:
    source_id: str
    file: str | None
    kind: str
    status: str  # a ledger status, or "pending" when left for reconciliation
    remote_id: str | None = None
    note: str | None = None
    reconciled: bool = False


class Publisher:
    def __init__(
        self,
        client: tweepy.Client,
        user_id: str,
        ledger: Ledger,
        settings: ClientSettings,
        *,
        on_result: Callable[[Result], None],
        clock: Callable[[], datetime] = lambda: datetime.now(JST),
        sleep: Callable[[float], None] = time_module.sleep,
    ):
        self.client = client
        self.user_id = user_id
        self.ledger = ledger
        self.settings = settings
        self.on_result = on_result
        self.clock = clock
        self.sleep = sleep
        self.had_rejections = False

    def run(self, posts: list[PlannedPost], limit: int | None) -> int:
        """Reconcile leftovers, then post up to ``limit`` items; returns the exit code.

        Raises :class:`StopRun` when posting has to stop early.
        """
        self.reconcile_pending()
        attempted = 0
        for post in posts:
            if self.ledger.is_settled(post.source_id, post.network):
                continue  # found on X while reconciling
            if limit is not None and attempted >= limit:
                break
            attempted += 1
            self.publish_one(post)
        return EXIT_ERROR if self.had_rejections else EXIT_OK

    # -- reconciliation ---------------------------------------------------

    def reconcile_pending(self) -> None:
        for record in self.ledger.pending(NETWORK):
            since = datetime.fromisoformat(record.time)
            remote_id = self._look_up(record.kind, record.text, record.target, since)
            if remote_id:
                self._settle(record, DONE, remote_id=remote_id, note="reconciled: found on X", reconciled=True)
            else:
                self._settle(record, NOT_POSTED, note="reconciled: not found on X", reconciled=True)

    def _look_up(self, kind: str, text: str | None, target: str | None, since: datetime) -> str | None:
        """Our post for this item on X, if it exists; StopRun when X cannot be asked."""
        try:
            return self._find_posted(kind, text, target, since)
        except tweepy.TooManyRequests as error:
            raise StopRun(rate_limit_of(error).describe() + " (未確認の投稿は台帳で pending のまま残しました)", EXIT_TEMPFAIL) from None
        except (tweepy.TweepyException, requests.RequestException) as error:
            raise StopRun(
                f"X で投稿済みかどうかを確かめられませんでした ({describe_error(error)})。"
                "台帳では pending のまま残しました。次の実行で改めて確かめます",
                EXIT_TEMPFAIL,
            ) from None

    def _find_posted(self, kind: str, text: str | None, target: str | None, since: datetime) -> str | None:
        target_id = parse_status_url(target) if target and kind != POST else None
        token = None
        for _page in range(_LOOKUP_PAGES):
            params = dict(
                max_results=100,
                start_time=since - _LOOKUP_MARGIN,
                tweet_fields=["created_at", "entities", "referenced_tweets"],
                user_auth=True,
            )
            if token:
                params["pagination_token"] = token
            response = self.client.get_users_tweets(self.user_id, **params)
            for tweet in response.data or []:
                if _matches(tweet.data, kind, text, target, target_id):
                    return target_id if kind == REPOST else str(tweet.id)
            token = (response.meta or {}).get("next_token")
            if not token:
                break
        if kind == REPOST and target_id:
            response = self.client.get_retweeters(target_id, max_results=100, user_auth=True)
            if any(str(user.id) == self.user_id for user in response.data or []):
                return target_id
        return None

    # -- posting ----------------------------------------------------------

    def publish_one(self, post: PlannedPost) -> None:
        pending = LedgerRecord(
            source=post.source_id,
            hash=post.content_hash,
            network=post.network,
            kind=post.kind,
            status=PENDING,
            time=self._now(),
            target=post.target,
            text=post.text,
            file=post.source_path,
        )
        self.ledger.append(pending)
        attempts = max(1, self.settings.attempts)
        for attempt in range(1, attempts + 1):
            try:
                remote_id = self._send(post)
            except tweepy.TooManyRequests as error:
                self._settle(pending, NOT_POSTED, note="rate limited")
                raise StopRun(rate_limit_of(error).describe() + " 残りは次の実行で投稿します", EXIT_TEMPFAIL) from None
            except tweepy.Forbidden as error:
                if is_duplicate(error):
                    self._settle(pending, DUPLICATE, note=describe_error(error))
                    return
                self._settle(pending, NOT_POSTED, note=describe_error(error))
                raise StopRun(
                    f"X に投稿を拒否されました ({describe_error(error)})。アプリの権限が Read and Write か、"
                    "アクセストークンを権限変更後に再発行したかを確かめてください",
                    EXIT_ERROR,
                ) from None
            except tweepy.Unauthorized as error:
                self._settle(pending, NOT_POSTED, note=describe_error(error))
                raise StopRun(
                    "X の認証に失敗しました (HTTP 401)。X_API_KEY などの 4 つの値が正しいか確かめてください", EXIT_ERROR
                ) from None
            except tweepy.TwitterServerError as error:
                if self._after_unknown_outcome(post, pending, error, attempt, attempts):
                    return
            except tweepy.HTTPException as error:  # other 4xx: the request itself is refused
                self._settle(pending, REJECTED, note=describe_error(error))
                self.had_rejections = True
                return
            except requests.RequestException as error:
                if self._after_unknown_outcome(post, pending, error, attempt, attempts):
                    return
            except Exception as error:  # e.g. an unreadable answer: X may or may not have the post
                self.on_result(Result(post.source_id, post.source_path, post.kind, PENDING, note=type(error).__name__))
                raise StopRun(
                    f"予期しないエラーです ({type(error).__name__})。投稿されたかどうか分からないため台帳では "
                    "pending のまま残し、次の実行で X を確かめてから続けます",
                    EXIT_ERROR,
                ) from error
            else:
                self._settle(pending, DONE, remote_id=remote_id)
                return

    def _after_unknown_outcome(
        self, post: PlannedPost, pending: LedgerRecord, error: Exception, attempt: int, attempts: int
    ) -> bool:
        """After a server error or timeout: True when settled, False to try again."""
        if attempt >= attempts:
            self.on_result(Result(post.source_id, post.source_path, post.kind, PENDING, note=describe_error(error)))
            raise StopRun(
                f"X が応答しないかエラーを返しました ({describe_error(error)}、{attempts} 回試行)。"
                "投稿されたかどうか分からないため台帳では pending のまま残し、次の実行で X を確かめてから続けます",
                EXIT_TEMPFAIL,
            )
        self.sleep(self.settings.backoff * 2 ** (attempt - 1))
        if is_unsent(error):
            return False
        remote_id = self._look_up(post.kind, post.text, post.target, datetime.fromisoformat(pending.time))
        if remote_id:
            self._settle(pending, DONE, remote_id=remote_id, note="found on X after " + describe_error(error))
            return True
        return False

    def _send(self, post: PlannedPost) -> str:
        if post.kind == REPOST:
            self.client.retweet(post.target_id, user_auth=True)
            return post.target_id
        response = self.client.create_tweet(
            text=post.text, quote_tweet_id=post.target_id if post.kind == QUOTE else None, user_auth=True
        )
        return str(response.data["id"])

    def _settle(
        self, record: LedgerRecord, status: str, *, remote_id=None, note=None, reconciled: bool = False
    ) -> None:
        self.ledger.append(record.with_status(status, self._now(), remote_id=remote_id, note=note))
        self.on_result(Result(record.source, record.file, record.kind, status, remote_id, note, reconciled))

    def _now(self) -> str:
        return self.clock().astimezone(JST).isoformat(timespec="seconds")


def _matches(tweet: dict, kind: str, text: str | None, target: str | None, target_id: str | None) -> bool:
    references = {(ref.get("type"), str(ref.get("id"))) for ref in tweet.get("referenced_tweets") or []}
    if kind == REPOST:
        return ("retweeted", target_id) in references
    if kind == QUOTE and ("quoted", target_id) in references:
        return True
    if kind == POST and target and _links_to(tweet, target):
        return True
    return text is not None and _comparable(tweet.get("text", "")) == _comparable(text)


def _links_to(tweet: dict, url: str) -> bool:
    wanted = url.rstrip("/")
    for link in (tweet.get("entities") or {}).get("urls") or []:
        for key in ("expanded_url", "unwound_url"):
            if str(link.get(key) or "").rstrip("/") == wanted:
                return True
    return False


def _comparable(text: str) -> str:
    """X returns text with t.co links and HTML entities: compare without both."""
    text = unicodedata.normalize("NFC", html.unescape(text))
    for url in sorted(extract_urls_with_indices(text), key=lambda url: url["indices"][0], reverse=True):
        start, end = url["indices"]
        text = text[:start] + "<url>" + text[end:]
    return re.sub(r"\s+", " ", text).strip()
