"""A fake X API v2 on 127.0.0.1, enough for real tweepy to post, quote, repost and look up.

It behaves like X where it matters to us: URLs in stored posts become
t.co links (with the original in ``entities.urls``), an identical text is
refused with 403 "duplicate content", and a test can script failures
(429 with or without reset headers, 500, a hanging response, a crash
after the post was accepted).
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

from pytest_httpserver import HTTPServer
from twitter_text import extract_urls_with_indices
from werkzeug import Request, Response

USER_ID = "42"
CREATE, RETWEET, TIMELINE, RETWEETERS = "create", "retweet", "timeline", "retweeters"


@dataclass
class Behaviour:
    status: int = 200
    body: dict | None = None
    headers: dict = field(default_factory=dict)
    accept: bool = False  # store the post before answering with the error (outcome unknown to the client)
    hang: float = 0.0  # seconds to wait before answering
    on_accept: callable = None  # called after the post was stored
    echo: bool = False  # the error body repeats the request's headers, as some gateways' errors do
    html: bool = False  # an HTML error page instead of JSON (with the echo inside, when echo is set)
    drop: bool = False  # close the connection without any answer
    # A harsher X: the answer's bytes as given (any status, any content type), optionally
    # gzip-encoded, or cut short after the headers promised more.
    raw: bytes | callable | None = None  # a callable gets the newest stored post (for its id)
    content_type: str = "application/json"
    gzip: bool = False
    cut_short: bool = False


class FakeX:
    def __init__(self, server: HTTPServer):
        self.server = server
        self.tweets: list[dict] = []  # newest last
        self.retweeted: set[str] = set()
        self.calls: list[tuple[str, str, dict | None]] = []  # (method, path, json body)
        self.authorizations: list[str] = []
        self.scripts: dict[str, list[Behaviour]] = {}
        self._ids = itertools.count(1850000000000000001)
        self._lock = threading.Lock()
        self.release = threading.Event()  # ends every hang early at teardown
        self.refuse_duplicates = True  # X does not always: a test can turn it off
        self.lagging = False  # new posts stay off the timeline until catch_up()
        self.persistent: dict[str, Behaviour] = {}  # an endpoint that always answers so
        self.answered_after_hang = 0  # a client without a timeout waits for these
        # The timeline as other servers may give it: this many posts a page (with next_token),
        # oldest first, created_at in another spelling (a strftime format, or None to leave it out).
        self.page_size = 100
        self.oldest_first = False
        self.created_at_format: str | None = "%Y-%m-%dT%H:%M:%S.000Z"
        self.clock_behind = 0.0  # X's clock against ours (created_at, Date, start_time all use it)
        server.expect_request(re.compile(".*")).respond_with_handler(self.handle)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def script(self, endpoint: str, *behaviours: Behaviour) -> None:
        self.scripts.setdefault(endpoint, []).extend(behaviours)

    def always(self, endpoint: str, behaviour: Behaviour) -> None:
        self.persistent[endpoint] = behaviour

    def catch_up(self) -> None:
        """The timeline shows every stored post again."""
        with self._lock:
            for tweet in self.tweets:
                tweet["_hidden"] = False

    def count(self, method: str, path_pattern: str) -> int:
        return sum(1 for m, p, _ in self.calls if m == method and re.fullmatch(path_pattern, p))

    @property
    def creates(self) -> list[dict]:
        return [body for method, path, body in self.calls if method == "POST" and path == "/2/tweets"]

    def add_existing(self, text: str, **extra) -> dict:
        """A post already on the account (made by an earlier, interrupted run)."""
        return self._store(text, extra.get("quote_tweet_id"))

    # -- request handling ----------------------------------------------------

    def handle(self, request: Request) -> Response:
        response = self._route(request)
        response.headers["Date"] = format_datetime(self.now(), usegmt=True)  # X's clock, as X tells it
        return response

    def now(self) -> datetime:
        """X's clock: ``clock_behind`` seconds behind this machine's."""
        return datetime.now(timezone.utc) - timedelta(seconds=self.clock_behind)

    def _route(self, request: Request) -> Response:
        body = request.get_json(silent=True)
        with self._lock:
            self.calls.append((request.method, request.path, body))
            self.authorizations.append(request.headers.get("Authorization", ""))
        if request.method == "POST" and request.path == "/2/tweets":
            return self._scripted(CREATE, lambda: self._create(body), request)
        if request.method == "POST" and request.path == f"/2/users/{USER_ID}/retweets":
            return self._scripted(RETWEET, lambda: self._retweet(body), request)
        if request.method == "GET" and request.path == f"/2/users/{USER_ID}/tweets":
            return self._scripted(TIMELINE, lambda: self._timeline(request), request)
        match = re.fullmatch(r"/2/tweets/(\d+)/retweeted_by", request.path)
        if request.method == "GET" and match:
            return self._scripted(RETWEETERS, lambda: self._retweeters(match.group(1)), request)
        return _json(404, {"title": "Not Found", "detail": f"no route {request.method} {request.path}"})

    def _scripted(self, endpoint: str, default, request: Request) -> Response:
        queue = self.scripts.get(endpoint)
        behaviour = queue.pop(0) if queue else self.persistent.get(endpoint)
        if behaviour is None:
            return default()
        if behaviour.accept:
            default()
            if behaviour.on_accept:
                behaviour.on_accept()
        if behaviour.hang:
            self.release.wait(behaviour.hang)
            with self._lock:
                self.answered_after_hang += 1
        if behaviour.drop:
            _drop_connection(request)
        if behaviour.raw is not None:
            newest = self.tweets[-1] if self.tweets else None
            return _raw(behaviour, behaviour.raw(newest) if callable(behaviour.raw) else behaviour.raw)
        body = dict(behaviour.body or {"title": "scripted"})
        if behaviour.echo:
            body = _echoing(body, request)
        if behaviour.html:
            page = f"<html><body><h1>{behaviour.status}</h1><pre>{json.dumps(body)}</pre></body></html>"
            return Response(page, status=behaviour.status, headers=behaviour.headers, content_type="text/html")
        return _json(behaviour.status, body, behaviour.headers)

    def _create(self, body: dict) -> Response:
        text = body.get("text", "")
        with self._lock:
            if self.refuse_duplicates and any(tweet["_original_text"] == text for tweet in self.tweets):
                return _json(
                    403,
                    {
                        "detail": "You are not allowed to create a Tweet with duplicate content.",
                        "type": "about:blank",
                        "title": "Forbidden",
                        "status": 403,
                    },
                )
            quote = (body.get("quote_tweet_id") or None) and str(body["quote_tweet_id"])
            tweet = self._store(text, quote)
        return _json(201, {"data": {"id": tweet["id"], "text": tweet["text"], "edit_history_tweet_ids": [tweet["id"]]}})

    def _store(self, text: str, quote_id: str | None) -> dict:
        tweet_id = str(next(self._ids))
        shown, urls = _shorten_links(text)
        tweet = {
            "id": tweet_id,
            "text": shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
            "_created": self.now(),
            "edit_history_tweet_ids": [tweet_id],
            "_original_text": text,
            "_hidden": self.lagging,
        }
        if urls:
            tweet["entities"] = {"urls": urls}
        if quote_id:
            tweet["referenced_tweets"] = [{"type": "quoted", "id": quote_id}]
        self.tweets.append(tweet)
        return tweet

    def _retweet(self, body: dict) -> Response:
        target = str(body["tweet_id"])
        with self._lock:
            if target not in self.retweeted:
                self.retweeted.add(target)
                tweet_id = str(next(self._ids))
                self.tweets.append(
                    {
                        "id": tweet_id,
                        "text": "RT @example_account: ...",
                        "referenced_tweets": [{"type": "retweeted", "id": target}],
                        "edit_history_tweet_ids": [tweet_id],
                        "_original_text": None,
                        "_hidden": self.lagging,
                    }
                )
        return _json(200, {"data": {"retweeted": True}})

    def _timeline(self, request: Request) -> Response:
        with self._lock:
            since = _iso(request.args.get("start_time"))
            visible = [
                self._shown(tweet)
                for tweet in reversed(self.tweets)
                if not tweet.get("_hidden") and (since is None or _created(tweet) is None or _created(tweet) >= since)
            ]
        start = int(request.args.get("pagination_token") or 0)
        page = visible[start : start + self.page_size]
        if not page:
            return _json(200, {"meta": {"result_count": 0}})
        meta = {"result_count": len(page), "newest_id": page[0]["id"]}
        if start + self.page_size < len(visible):
            meta["next_token"] = str(start + self.page_size)
        return _json(200, {"data": page[::-1] if self.oldest_first else page, "meta": meta})

    def _shown(self, tweet: dict) -> dict:
        shown = {k: v for k, v in tweet.items() if not k.startswith("_")}
        if tweet.get("_created") and self.created_at_format and "created_at" not in tweet:
            shown["created_at"] = tweet["_created"].strftime(self.created_at_format)
        return shown

    def _retweeters(self, tweet_id: str) -> Response:
        if tweet_id in self.retweeted:
            return _json(200, {"data": [{"id": USER_ID, "name": "支援センター", "username": "center"}], "meta": {"result_count": 1}})
        return _json(200, {"meta": {"result_count": 0}})


def _drop_connection(request: Request) -> None:
    """Cut the client off mid-request: it sees the connection closed, with no status line."""
    connection = request.environ.get("werkzeug.socket")
    if connection is not None:
        connection.shutdown(socket.SHUT_RDWR)
        connection.close()


def _iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def _created(tweet: dict) -> datetime | None:
    """When X says the post was made: as shown (a test may set it), else as stored."""
    return _iso(tweet.get("created_at")) or tweet.get("_created")


def _raw(behaviour: Behaviour, raw: bytes) -> Response:
    body = gzip.compress(raw, mtime=0) if behaviour.gzip else raw
    headers = dict(behaviour.headers)
    if behaviour.gzip:
        headers["Content-Encoding"] = "gzip"
    response = Response(body, status=behaviour.status, headers=headers, content_type=behaviour.content_type)
    if behaviour.cut_short:  # promise more than is sent: the client's read fails mid-body
        response.headers["Content-Length"] = str(len(body) + 64)
    return response


def _echoing(body: dict, request: Request) -> dict:
    """The problem with the request repeated in it: the detail quotes the Authorization header."""
    headers = dict(request.headers)
    echoed = dict(body)
    echoed["detail"] = f"{body.get('detail', 'Request refused')} (Authorization: {headers.get('Authorization', '')})"
    echoed["request"] = {"method": request.method, "url": request.url, "headers": headers, "body": request.get_data(as_text=True)}
    return echoed


def problem(status: int, detail: str, *, title: str = "Forbidden", type_name: str | None = None) -> Behaviour:
    """An X problem answer; ``type_name`` is the last part of the type URI (about:blank without it)."""
    kind = f"https://api.twitter.com/2/problems/{type_name}" if type_name else "about:blank"
    return Behaviour(status=status, body={"title": title, "detail": detail, "type": kind, "status": status})


def _shorten_links(text: str) -> tuple[str, list[dict]]:
    urls = []
    for index, url in enumerate(sorted(extract_urls_with_indices(text), key=lambda u: u["indices"][0], reverse=True)):
        start, end = url["indices"]
        short = f"https://t.co/fake{index:04d}"
        text = text[:start] + short + text[end:]
        urls.append({"url": short, "expanded_url": url["url"], "display_url": url["url"].split("://", 1)[-1]})
    return text, urls


def _json(status: int, body: dict, headers: dict | None = None) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, headers=headers or {}, content_type="application/json")


def reset_in(seconds: int) -> str:
    return str(int(time.time()) + seconds)
