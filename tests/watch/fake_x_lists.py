"""A fake X API v2 read side on 127.0.0.1: list timelines, user lookup and user timelines.

Shaped like X's answers (``data``, ``includes.users``, ``meta``), with
t.co links in the text and the original URLs in ``entities.urls``, so the
real tweepy client parses them as it would parse X's.
"""

from __future__ import annotations

import json
import re
import threading

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


class FakeXLists:
    def __init__(self, server: HTTPServer):
        self.server = server
        self.lists: dict[str, list[dict]] = {}
        self.users: dict[str, dict] = {}  # username -> {"id", "name", "username"}
        self.requests: list[tuple[str, dict, str]] = []  # (path, query, Authorization header)
        self._lock = threading.Lock()
        # Only the read routes, so the posting fake (tests/social/fake_x_api.py) can answer the rest on the same server.
        routes = re.compile(r"/2/(?:lists/\d+/tweets|users/by/username/\w+|users/1\d{6,}/tweets)")
        server.expect_request(routes, method="GET").respond_with_handler(self.handle)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def add_user(self, user_id: str, username: str, name: str) -> dict:
        self.users[username.lower()] = {"id": user_id, "username": username, "name": name}
        return self.users[username.lower()]

    def add_post(self, list_id: str | None, user: dict, post_id: str, text: str, created_at: str, links: dict | None = None) -> None:
        """A post by ``user`` (in list ``list_id`` when given); ``links`` maps t.co links to the pages they stand for."""
        tweet = {"id": post_id, "text": text, "author_id": user["id"], "created_at": created_at, "edit_history_tweet_ids": [post_id]}
        if links:
            tweet["entities"] = {"urls": [{"url": short, "expanded_url": long, "display_url": long.split("://", 1)[1][:24]} for short, long in links.items()]}
        user.setdefault("posts", []).append(tweet)
        if list_id:
            self.lists.setdefault(list_id, []).append(tweet)

    def handle(self, request: Request) -> Response:
        with self._lock:
            self.requests.append((request.path, dict(request.args), request.headers.get("Authorization", "")))
        match = re.fullmatch(r"/2/lists/(\d+)/tweets", request.path)
        if match:
            return self._timeline(self.lists.get(match.group(1)), request)
        match = re.fullmatch(r"/2/users/by/username/(\w+)", request.path)
        if match:
            user = self.users.get(match.group(1).lower())
            if user is None:
                return _json(200, {"errors": [{"detail": f"Could not find user with username: [{match.group(1)}].", "title": "Not Found Error"}]})
            return _json(200, {"data": _public(user)})
        match = re.fullmatch(r"/2/users/(\d+)/tweets", request.path)
        if match:
            posts = next((user.get("posts", []) for user in self.users.values() if user["id"] == match.group(1)), None)
            return self._timeline(posts, request)
        return _json(404, {"title": "Not Found Error", "detail": "no such route"})

    def _timeline(self, posts: list[dict] | None, request: Request) -> Response:
        if posts is None:
            return _json(404, {"title": "Not Found Error", "type": "https://api.twitter.com/2/problems/resource-not-found"})
        since = request.args.get("since_id")
        shown = sorted((post for post in posts if not since or int(post["id"]) > int(since)), key=lambda post: -int(post["id"]))
        if not shown:
            return _json(200, {"meta": {"result_count": 0}})
        authors = {post["author_id"] for post in shown}
        users = [_public(user) for user in self.users.values() if user["id"] in authors]
        meta = {"result_count": len(shown), "newest_id": shown[0]["id"], "oldest_id": shown[-1]["id"]}
        return _json(200, {"data": shown, "includes": {"users": users}, "meta": meta})


def _public(user: dict) -> dict:
    return {key: user[key] for key in ("id", "name", "username")}


def _json(status: int, body: dict) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, content_type="application/json; charset=utf-8")
