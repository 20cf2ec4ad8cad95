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
