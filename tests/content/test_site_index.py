"""Lookups by source path and URL follow every change of the site's page list."""

from __future__ import annotations

from datetime import datetime

from kbpress.model import JST, Kind, Page, PageMeta, Site


def _page(src: str, url: str) -> Page:
    return Page(src_path=src, url=url, meta=PageMeta(kind=Kind.ARTICLE, title=src))


def _site() -> Site:
    return Site(name="知識の保管庫", url="https://kb.example.jp/", description="", organisation="支援センター",
                docs_dir="/docs", site_dir="/site", build_time=datetime(2026, 1, 1, tzinfo=JST))


def test_replacing_a_page_in_place_is_seen_although_the_count_is_unchanged():
    site = _site()
    site.pages.extend([_page("articles/a.md", "articles/a/"), _page("articles/b.md", "articles/b/")])
    assert site.page_by_src("articles/a.md").url == "articles/a/"
    site.pages[0] = _page("articles/c.md", "articles/c/")
    assert site.page_by_src("articles/a.md") is None
    assert site.page_by_url("articles/c/").src_path == "articles/c.md"


def test_removing_and_adding_one_page_is_seen():
    site = _site()
    site.pages = [_page("faq.md", "faq/")]
    assert site.page_by_url("/faq/") is not None
    site.pages.pop()
    site.pages.append(_page("about.md", "about/"))
    assert site.page_by_url("faq/") is None and site.page_by_src("about.md").url == "about/"


def test_a_new_list_of_the_same_length_is_seen():
    site = _site()
    site.pages = [_page("a.md", "a/")]
    assert site.page_by_src("a.md") is not None
    site.pages = [_page("b.md", "b/")]
    assert site.page_by_src("a.md") is None and site.page_by_src("b.md") is not None
