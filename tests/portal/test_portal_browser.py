"""The portal in a real browser: search, accessibility, keyboard, downloads, feeds.

Headless Chromium (the system's /usr/bin/chromium) against the sample site
on 127.0.0.1; one browser, one server for the whole session.
"""

from __future__ import annotations

from urllib.parse import quote

import feedparser
import pytest

import searchrecall
from conftest import DESKTOP, PHONE
from kbpress.search.tokens import search_terms

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITE_URL = "https://kb.example.jp/"
TEMPLATES = {
    "home": "",
    "article": "articles/backup-basics/",
    "topic": "topics/2025/fake-delivery-sms-2025-06/",
    "topics archive": "topics/",
    "topics of a year": "topics/2025/",
    "category": "categories/mail/",
    "tag": "tags/backup/",
    "search results": "search/?q=" + quote("パスワード管理"),
    "supplement downloads": "guidebook/",
    "feeds": "feeds/",
    "what's new": "updates/",
    "faq (collapsible answers)": "faq/",
    "quick list (code block, footnote, contact cards)": "articles/quick-list/",
    "not found": "404.html",
}


def _open(page, portal, path: str):
    response = page.goto(portal.url(path))
    assert response is not None and (response.ok or path == "404.html"), path
    if path.startswith("search/"):
        page.wait_for_selector("form[data-kb-ready]", state="attached")
        if "?q=" in path:
            page.wait_for_selector("#kb-search-results[aria-busy='false'][data-query]", state="attached")
    return response


# -- search --------------------------------------------------------------------


def test_search_finds_every_title_and_phrase_in_the_top_3(page, portal):
    queries = searchrecall.all_queries(portal.root)
    assert len(queries) >= 20
    found = {query: searchrecall.portal_results(page, portal.base_url, query.text) for query in queries}
    misses = [f"{q.text} -> {q.expected} (got {urls[:3]})" for q, urls in found.items() if q.expected not in urls[:3]]
    assert not misses, "\n".join(misses)
    assert searchrecall.recall(found) == 1.0


def test_browser_and_build_cut_queries_the_same_way(page, portal):
    _open(page, portal, "search/")
    samples = ["パスワード管理", "VPN機器の脆弱性", "Ｗｉ－Ｆｉとｶﾀｶﾅ", "取引先を装う「振込先変更」", "2026年度の支援", "々〆ー", "\u3400\u4dbf\u4e00\u9fff\uf900\ufaffヿ"]
    for text in samples:
        terms = page.evaluate("text => window.kbpressSearch.searchTerms(text)", text)
        assert terms == search_terms(text), text


def test_search_results_show_title_excerpt_and_marks(page, portal):
    _open(page, portal, "search/?q=" + quote("身代金の支払い"))
    first = page.locator("#kb-search-results li").first
    assert first.locator("a.kb-search__title").inner_text() == "ランサムウェアに備える"
    assert "身代金の支払い" in first.locator("mark").first.inner_text()
    assert "件" in page.inner_text("#kb-search-status")


def test_a_phrase_no_page_has_whole_still_leads_somewhere(page, portal):
    _open(page, portal, "search/?q=" + quote("バックアップの取得"))
    assert "一部の言葉を含むページ" in page.inner_text("#kb-search-status")
    assert page.locator("#kb-search-results a").count() > 0


# -- accessibility ---------------------------------------------------------------
# axe-core runs in test_portal_readers.py: the newest release from npm, WCAG 2.2 AA, on every
# page type (these templates included) at phone and desktop size.


def _tab_until(page, selector: str, limit: int = 25) -> int:
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return count
    raise AssertionError(f"{selector} not reached with {limit} Tab presses")


def test_keyboard_reaches_the_search_box_and_searches(page, portal):
    _open(page, portal, "articles/backup-basics/")
    _tab_until(page, "#kb-header-search-q")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineWidth")
    assert float(outline.rstrip("px")) >= 2, "focus must be visible"
    page.keyboard.type("多要素認証")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.wait_for_selector("#kb-search-results[aria-busy='false'][data-query]", state="attached")
    assert page.locator("#kb-search-results a").first.inner_text() == "パスワードと多要素認証"


def _focus_is_visible(page) -> bool:
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            const box = element.getBoundingClientRect();
            const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            return getComputedStyle(element).visibility === "visible" && box.width > 0
                && box.left >= 0 && box.right <= innerWidth && (hit === element || element.contains(hit));
        }"""
    )


def _focused_name(page) -> str:
    return page.evaluate("() => document.activeElement.getAttribute('aria-label') || document.activeElement.textContent.trim()")


def test_keyboard_opens_the_menu_on_a_phone(browser_context, portal):
    page = browser_context.new_page()
    try:
        page.set_viewport_size(PHONE)
        _open(page, portal, "articles/backup-basics/")
        _tab_until(page, ".kb-menu-button")
        assert page.get_attribute(".kb-menu-button", "aria-expanded") == "false"
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('__drawer').checked")
        assert page.get_attribute(".kb-menu-button", "aria-expanded") == "true"
        page.wait_for_timeout(400)  # the drawer slides in
        assert _focused_name(page) == "ホーム" and _focus_is_visible(page), "the drawer opens at the top level"
        _tab_until(page, "[aria-label='「トピックス」の項目を開く']", limit=6)
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        assert _focused_name(page) == "戻る: トピックス" and _focus_is_visible(page)
        page.keyboard.press("Tab")
        assert _focused_name(page) == "2026年" and _focus_is_visible(page), "covered links are out of the tab order"
        page.keyboard.press("Enter")
        page.wait_for_url("**/topics/2026/")
        assert page.inner_text("article h1").startswith("2026年")
    finally:
        page.close()


def test_escape_closes_the_menu(browser_context, portal):
    page = browser_context.new_page()
    try:
        page.set_viewport_size(PHONE)
        _open(page, portal, "")
        page.focus(".kb-menu-button")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('__drawer').checked")
        page.keyboard.press("Escape")
        assert not page.evaluate("() => document.getElementById('__drawer').checked")
        assert page.evaluate("() => document.activeElement.classList.contains('kb-menu-button')")
    finally:
        page.close()


def test_every_image_has_alt_text(page, portal):
    for path in ("", "articles/phishing-drill/", "articles/incident-first-response/", "guidebook/"):
        _open(page, portal, path)
        missing = page.eval_on_selector_all("img", "imgs => imgs.filter(i => !i.hasAttribute('alt')).map(i => i.src)")
        assert not missing, f"/{path}: {missing}"


# -- navigation, downloads, feeds ---------------------------------------------------


def test_clicking_through_the_navigation(page, portal):
    top_level = (
        ".md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link,"
        ".md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__container > a.md-nav__link"
    )
    _open(page, portal, "")
    labels = [text.strip() for text in page.locator(top_level).filter(visible=True).all_inner_texts()]
    assert {"解説記事", "トピックス", "よくある質問", "ガイドブック追補資料", "フィード"} <= set(labels)
    for label in labels:
        _open(page, portal, "")
        page.locator(top_level).filter(visible=True, has_text=label).first.click()
        page.wait_for_load_state()
        assert page.locator("article h1").count() == 1, label
    # From the section index into a category, then an article with breadcrumbs.
    _open(page, portal, "categories/")
    page.locator("article a", has_text="バックアップ・データ保護").first.click()
    page.locator("article a", has_text="バックアップの基本").first.click()
    page.wait_for_url("**/articles/backup-basics/")
    crumbs = page.eval_on_selector_all(".md-path__link", "links => links.map(a => a.textContent.trim())")
    assert crumbs[:2] == ["ホーム", "解説記事"]


def test_supplement_download_link_returns_an_epub(page, portal):
    _open(page, portal, "guidebook/")
    hrefs = page.eval_on_selector_all("article a[href$='.epub']", "links => links.map(a => a.href)")
    assert hrefs
    for href in hrefs:
        response = page.request.get(href)
        assert response.ok, href
        assert response.headers["content-type"] == "application/epub+zip"
        assert response.body()[:2] == b"PK"


def test_feed_autodiscovery_links_return_feeds(page, portal):
    _open(page, portal, "")
    links = page.eval_on_selector_all(
        "link[rel~='alternate'][type]", "links => links.map(l => [l.getAttribute('type'), l.getAttribute('href')])"
    )
    assert {kind for kind, _ in links} >= {"application/rss+xml", "application/atom+xml"}
    for kind, href in links:
        local = portal.url(href[len(SITE_URL) :]) if href.startswith(SITE_URL) else href
        response = page.request.get(local)
        assert response.ok, href
        if kind == "application/feed+json":
            assert response.json()["version"].startswith("https://jsonfeed.org/version/")
        else:
            parsed = feedparser.parse(response.body())
            assert not parsed.bozo and parsed.entries, href


# -- closed network and screenshots ---------------------------------------------------


def test_screenshots(browser_context, portal, artifacts):
    page = browser_context.new_page()
    try:
        for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            for name in ("home", "article", "search results"):
                _open(page, portal, TEMPLATES[name])
                target = artifacts / f"portal-{name.replace(' ', '-')}-{size_name}.png"
                page.screenshot(path=str(target))
                assert target.stat().st_size > 10_000
    finally:
        page.close()


def test_zz_every_request_of_the_session_stayed_on_127_0_0_1(page, portal, request_log):
    # Named to run last in this module: it checks what all the tests above loaded, every template
    # of the site, and three pages left until the network is quiet (late requests included).
    assert len(TEMPLATES) >= 14
    for path in TEMPLATES.values():
        _open(page, portal, path)
    for path in ("", "articles/passwords-and-mfa/", "search/?q=" + quote("ランサムウェア")):
        _open(page, portal, path)
        page.wait_for_load_state("networkidle")
    host = portal.base_url.split("/")[2]
    assert len(request_log.urls) > 50
    assert request_log.foreign(host) == []
