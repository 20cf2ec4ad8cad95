"""The search page in headless Chromium: readers' queries, a search that finds
nothing, and a page that does not move while results arrive."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest

import searchrecall
from conftest import PHONE
from noderecall import TOP, expected_pages
from readerqueries import QUERIES

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LARGE_DESKTOP = {"width": 1350, "height": 940}  # Lighthouse's desktop screen

# Layout shifts of the page, as Chromium reports them (the CLS of web vitals:
# shifts right after input do not count).
CLS_SCRIPT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(total), 300)));
})"""


def _ready(page) -> None:
    page.wait_for_selector("form[data-kb-ready]", state="attached")
    page.wait_for_selector("#kb-search-results[aria-busy='false'][data-query]", state="attached")


def test_reader_queries_typed_into_the_search_box(page, portal):
    assert len(QUERIES) >= 200
    found = {query: searchrecall.portal_results(page, portal.base_url, query) for query, _kind, _pages in QUERIES}
    assert len(found) == len(QUERIES)
    assert not [query for query, urls in found.items() if not urls]
    misses = [query for query, _kind, pages in QUERIES if not set(expected_pages(pages)) & set(found[query][:TOP])]
    assert 1 - len(misses) / len(QUERIES) >= 0.95, misses


def test_a_search_that_finds_nothing_offers_a_way_on(page, portal):
    page.goto(portal.url("search/?q=" + quote("VPM")))
    _ready(page)
    assert page.locator("#kb-search-results li").count() == 0
    assert "見つかりませんでした" in page.inner_text("#kb-search-status")
    way_on = page.locator("#kb-search-way-on")
    assert way_on.is_visible()
    assert "VPN" in page.locator("#kb-search-suggestions a").all_inner_texts(), "もしかして: a word of the pages"
    categories = page.locator(".kb-search__categories a")
    assert categories.count() >= 5
    assert way_on.locator("a", has_text="相談窓口の使い方").count() == 1, "the consultation desk"
    page.locator("#kb-search-suggestions a", has_text="VPN").click()
    _ready(page)
    assert page.locator("#kb-search-results li").count() > 0
    assert not way_on.is_visible()


def test_the_way_on_links_lead_to_pages(page, portal):
    page.goto(portal.url("search/?q=" + quote("量子暗号")))
    _ready(page)
    hrefs = page.eval_on_selector_all("#kb-search-way-on a[href]", "links => links.map(a => a.href)")
    assert len(hrefs) >= 6
    for href in hrefs:
        if "?q=" in href:
            continue
        assert page.request.get(href).ok, href


def _slow_index(route):
    """The index a little late, as over a real network: results arrive after the first paint.

    Only the index's first file (meta.json) waits: every search reads it before any other, and
    Playwright handles routes one at a time, so a wait on each of the forty shard files would only
    make the test slower, not the page later."""
    time.sleep(0.3)
    route.continue_()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_results_arrive_without_moving_the_page(browser_context, portal, size):
    page = browser_context.new_page()
    try:
        page.set_viewport_size(PHONE if size == "phone" else LARGE_DESKTOP)
        page.route("**/search/index/meta.json", _slow_index)
        page.goto(portal.url("search/?q=" + quote("パスワード")))
        _ready(page)
        assert page.locator("#kb-search-results li").count() >= 5
        assert page.evaluate(CLS_SCRIPT) < 0.1
        # A second search from the box, and a third that finds nothing.
        for query in ("バックアップ", "量子暗号"):
            page.fill("#kb-search-q", query)
            page.press("#kb-search-q", "Enter")
            page.wait_for_function("q => document.getElementById('kb-search-results').getAttribute('data-query') === q", arg=query)
            assert page.evaluate(CLS_SCRIPT) < 0.1, query
    finally:
        page.close()
