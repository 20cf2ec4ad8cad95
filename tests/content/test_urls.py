"""Site-relative URL arithmetic used by every output."""

import pytest

from kbpress.urls import relative_src, relative_url, resolve_href


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


@pytest.mark.parametrize(
    "page_url,href,expected",
    [
        ("articles/a/", "../b/#x", "articles/b/#x"),
        ("articles/a/", "../../images/x.png", "images/x.png"),
        ("", "articles/b/", "articles/b/"),
        ("articles/a/", "#y", "articles/a/#y"),
        ("articles/a/", "https://example.jp/", None),
        ("articles/a/", "/absolute/", None),
        ("articles/a/", "../../../outside/", None),
    ],
)
def test_resolve_href(page_url, href, expected):
    assert resolve_href(page_url, href) == expected


def test_relative_src():
    assert relative_src("categories/mail/index.md", "articles/a.md") == "../../articles/a.md"
    assert relative_src("updates.md", "topics/2025/x.md") == "topics/2025/x.md"
