"""Site-relative URL arithmetic used by every output."""

import pytest

from kbpress.urls import relative_src, relative_url


@pytest.mark.parametrize(
    "from_url,to_url,expected",
    [
        ("articles/a/", "categories/mail/", "../../categories/mail/"),
        ("", "articles/a/", "articles/a/"),
        ("articles/a/", "", "../../"),
        ("topics/2025/x/", "topics/2025/x/", "./"),
        ("404.html", "feeds/", "feeds/"),
        ("a/b.html", "a/c/", "c/"),
    ],
)
def test_relative_url(from_url, to_url, expected):
    assert relative_url(from_url, to_url) == expected


def test_relative_src():
    assert relative_src("categories/mail/index.md", "articles/a.md") == "../../articles/a.md"
    assert relative_src("updates.md", "topics/2025/x.md") == "topics/2025/x.md"


def test_relative_url_agrees_with_posixpath_on_every_shape_of_url():
    """The fast path skips relpath's normalising; URLs with odd segments still get it."""
    import posixpath
    import random

    def by_relpath(from_url: str, to_url: str) -> str:
        base = "/" + from_url.lstrip("/")
        base = base if base.endswith("/") else posixpath.dirname(base) + "/"
        target = "/" + to_url.lstrip("/")
        relative = posixpath.relpath(target, base)
        if relative == ".":
            return "./"
        return relative + "/" if target.endswith("/") and not relative.endswith("/") else relative

    segments = ["articles", "topics", "2024", "phishing-mail", "カテゴリ", "index.html", "feed.xml", "", ".", "..",
                ".well-known", "a b", "page?x=1", "search", "tags"]
    pick = random.Random(20261201)
    pairs = []
    for _ in range(3000):
        urls = []
        for _side in range(2):
            path = "/".join(pick.choice(segments) for _ in range(pick.randint(0, 4)))
            urls.append(pick.choice(["", "/"]) + path + pick.choice(["", "/"]))
        pairs.append(tuple(urls))
    assert len(set(pairs)) > 2000
    for from_url, to_url in pairs:
        assert relative_url(from_url, to_url) == by_relpath(from_url, to_url), (from_url, to_url)
