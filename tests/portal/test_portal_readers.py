"""The portal as SME owners and staff use it, on phones and desktops, in a real browser.

The newest axe-core from npm (tests/portal/package-lock.json) on every page
type at phone and desktop size, the keyboard on the phone menu and the
tabs, tap-to-call contacts as cards, readable block sizes, no page wider
than a phone, and phone screenshots in test-artifacts/.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGE_TYPES = {
    "home": "",
    "article": "articles/backup-basics/",
    "article with tabs": "articles/passwords-and-mfa/",
    "quick list": "articles/quick-list/",
    "topic": "topics/2025/fake-delivery-sms-2025-06/",
    "topics archive": "topics/",
    "topics of a year": "topics/2025/",
    "categories": "categories/",
    "category": "categories/mail/",
    "tags": "tags/",
    "tag": "tags/backup/",
    "search results": "search/?q=" + quote("パスワード管理"),
    "search without results": "search/?q=" + quote("該当なしの語ですよ"),
    "guidebook": "guidebook/",
    "feeds": "feeds/",
    "what's new": "updates/",
    "faq": "faq/",
    "about": "about/",
    "not found": "404.html",
}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
PHONE_SCREENSHOTS = {
    "home": "", "quick-list": "articles/quick-list/", "article": "articles/backup-basics/",
    "404": "404.html", "feeds": "feeds/", "guidebook": "guidebook/",
}


def _open(page, portal, path: str) -> None:
    response = page.goto(portal.url(path))
    assert response is not None and (response.ok or path == "404.html"), path
    if path.startswith("search/"):
        page.wait_for_selector("#kb-search-results[aria-busy='false'][data-query]", state="attached")


@pytest.fixture
def phone(browser_context):
    tab = browser_context.new_page()
    tab.set_viewport_size(PHONE)
    yield tab
    tab.close()


def _axe(page, axe_source: str) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source)
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
            .then(r => ({version: axe.version, violations: r.violations.map(v => ({
                id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))}))""",
        WCAG_22_AA,
    )


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_newest_axe_finds_no_violation(browser_context, portal, axe_source, name, size):
    page = browser_context.new_page()
    try:
        page.set_viewport_size(SIZES[size])
        _open(page, portal, PAGE_TYPES[name])
        result = _axe(page, axe_source)
        assert result["version"].startswith("4.14"), result["version"]
        assert result["violations"] == [], f"{name} ({size})"
    finally:
        page.close()


def test_newest_axe_finds_no_violation_with_the_phone_menu_open(phone, portal, axe_source):
    _open(phone, portal, "articles/backup-basics/")
    _open_menu(phone)
    assert _axe(phone, axe_source)["violations"] == []


@pytest.mark.parametrize("size", list(SIZES))
def test_no_label_on_an_element_without_a_role(browser_context, portal, size):
    """axe 4.14's aria-prohibited-attr, checked directly after the portal's script has run."""
    page = browser_context.new_page()
    try:
        page.set_viewport_size(SIZES[size])
        _open(page, portal, "articles/backup-basics/")
        labelled = page.evaluate("() => document.querySelectorAll('[aria-label]').length")
        assert labelled > 5
        bare = page.evaluate(
            """() => [...document.querySelectorAll('[aria-label]')]
                .filter(e => !e.hasAttribute('role') && ['DIV', 'SPAN', 'LABEL', 'P', 'LI', 'UL', 'OL'].includes(e.tagName))
                .map(e => e.outerHTML.slice(0, 120))"""
        )
        assert bare == []
    finally:
        page.close()


# -- keyboard ----------------------------------------------------------------------------------


def _open_menu(page) -> None:
    page.focus(".kb-menu-button")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    page.wait_for_timeout(350)  # the drawer slides in


def _focus_in_drawer(page) -> bool:
    return page.evaluate("() => !!document.activeElement.closest('.md-sidebar--primary')")


def test_a_closed_phone_menu_is_out_of_the_tab_order(phone, portal):
    _open(phone, portal, "articles/backup-basics/")
    links = phone.eval_on_selector_all(".md-sidebar--primary a[href]", "links => links.length")
    assert links > 10, "the drawer holds the whole menu"
    visited = []
    for _ in range(60):
        phone.keyboard.press("Tab")
        visited.append(phone.evaluate("() => document.activeElement.className + ' ' + (document.activeElement.textContent || '').trim().slice(0, 20)"))
        assert not _focus_in_drawer(phone), f"focus went into the hidden menu after {visited}"
    assert any("kb-pager" in v or "md-footer" in v or "kb-related" in v for v in visited) or len(set(visited)) > 20


def test_the_open_phone_menu_holds_focus_and_escape_returns_it(phone, portal):
    _open(phone, portal, "articles/backup-basics/")
    _open_menu(phone)
    assert phone.get_attribute(".kb-menu-button", "aria-expanded") == "true"
    assert phone.get_attribute(".md-sidebar--primary", "aria-modal") == "true"
    assert _focus_in_drawer(phone)
    reachable = phone.evaluate(
        "() => [...document.querySelectorAll('.md-sidebar--primary a[href], .md-sidebar--primary [tabindex=\"0\"]')]"
        ".filter(e => e.offsetParent !== null && getComputedStyle(e).visibility === 'visible').length"
    )
    assert reachable >= 5
    for key in ["Tab"] * (reachable + 4) + ["Shift+Tab"] * (reachable + 4):
        phone.keyboard.press(key)
        assert _focus_in_drawer(phone), f"{key} left the open menu"
    phone.keyboard.press("Escape")
    assert not phone.evaluate("() => document.getElementById('__drawer').checked")
    assert phone.evaluate("() => document.activeElement.classList.contains('kb-menu-button')")
    assert phone.get_attribute(".kb-menu-button", "aria-expanded") == "false"
    phone.wait_for_timeout(350)  # the drawer slides out
    assert phone.evaluate("() => getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility") == "hidden"
    assert not phone.evaluate("() => document.querySelector('.md-main__inner > .md-content').closest('[inert]')"), "the page is usable again"


def test_desktop_menu_stays_in_the_tab_order(page, portal):
    _open(page, portal, "articles/backup-basics/")
    assert not page.evaluate("() => !!document.querySelector('.md-sidebar--primary').closest('[inert]')")
    for _ in range(30):
        page.keyboard.press("Tab")
        if _focus_in_drawer(page):
            return
    raise AssertionError("the desktop sidebar's links cannot be reached")


def test_tabs_show_where_the_keyboard_is(page, portal):
    _open(page, portal, "articles/passwords-and-mfa/")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.tabbed-set > input')"):
            break
    else:
        raise AssertionError("no tab reached with the keyboard")
    ring = page.evaluate(
        """() => {
            const input = document.activeElement;
            const set = input.closest('.tabbed-set');
            const index = [...set.querySelectorAll(':scope > input')].indexOf(input);
            const label = set.querySelectorAll(':scope > .tabbed-labels > label')[index];
            const box = label.getBoundingClientRect();
            return {width: parseFloat(getComputedStyle(label).outlineWidth), style: getComputedStyle(label).outlineStyle,
                    w: box.width, h: box.height, index};
        }"""
    )
    assert ring["style"] == "solid" and ring["width"] >= 2 and ring["w"] > 20 and ring["h"] > 10, ring
    page.keyboard.press("ArrowRight")
    moved = page.evaluate(
        "() => [...document.activeElement.closest('.tabbed-set').querySelectorAll(':scope > input')].indexOf(document.activeElement)"
    )
    assert moved == ring["index"] + 1
    label_ring = page.evaluate(
        """i => getComputedStyle(document.activeElement.closest('.tabbed-set')
                .querySelectorAll(':scope > .tabbed-labels > label')[i]).outlineStyle""",
        moved,
    )
    assert label_ring == "solid"


# -- phones: contacts, readable blocks, nothing wider than the screen ------------------------


def test_quick_list_is_cards_with_tap_to_call_on_phones_and_a_table_on_desktops(phone, page, portal):
    _open(phone, portal, "articles/quick-list/")
    rows = phone.eval_on_selector_all(
        ".kb-contacts--emergency tbody tr",
        "rows => rows.map(r => ({display: getComputedStyle(r).display, width: r.getBoundingClientRect().width}))",
    )
    assert len(rows) >= 8
    assert all(row["display"] == "block" and row["width"] <= PHONE["width"] for row in rows), rows
    size = phone.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.kb-contacts--emergency td')).fontSize)")
    assert size >= 16
    taps = phone.eval_on_selector_all(
        ".kb-contacts a[href^='tel:']", "links => links.map(a => [a.getAttribute('href'), a.getBoundingClientRect().height])"
    )
    assert {"tel:188", "tel:%239110", "tel:03-0000-0000"} <= {href for href, _ in taps}
    assert all(height >= 44 for _, height in taps), "numbers are finger-sized targets"
    _open(page, portal, "articles/quick-list/")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.kb-contacts--emergency')).display") == "table"


@pytest.mark.parametrize("selector, path", [
    (".admonition p:not(.admonition-title)", "articles/quick-list/"),
    ("details", "articles/quick-list/"),
    ("table:not([class]) td", "articles/backup-basics/"),
    (".tabbed-block", "articles/passwords-and-mfa/"),
])
def test_warnings_tables_and_details_are_body_size_on_phones(phone, portal, selector, path):
    _open(phone, portal, path)
    sizes = phone.eval_on_selector_all(
        ".md-content " + selector,
        "els => els.map(e => [parseFloat(getComputedStyle(e).fontSize), parseFloat(getComputedStyle(e).lineHeight)])",
    )
    assert sizes, selector
    assert all(size >= 16 and height / size >= 1.6 for size, height in sizes), sizes


@pytest.mark.parametrize("path", list(PHONE_SCREENSHOTS.values()) + ["topics/2025/fake-delivery-sms-2025-06/", "faq/", "search/?q=" + quote("バックアップ")])
def test_no_page_is_wider_than_a_phone(phone, portal, path):
    _open(phone, portal, path)
    widths = phone.evaluate(
        """() => ({page: document.scrollingElement.scrollWidth,
                   widest: Math.max(...[...document.querySelectorAll('.md-content table, .md-content pre')]
                       .map(e => e.getBoundingClientRect().right), 0)})"""
    )
    assert widths["page"] <= PHONE["width"], widths
    assert widths["widest"] <= PHONE["width"] or path != "feeds/", widths


def test_feeds_page_speaks_to_phone_and_desktop_readers(phone, portal):
    _open(phone, portal, "feeds/")
    text = phone.inner_text("article")
    assert "右クリック" not in text and "コピー" in text
    addresses = phone.eval_on_selector_all(".kb-feeds__url", "spans => spans.map(s => s.getBoundingClientRect().right)")
    assert len(addresses) >= 3 and max(addresses) <= PHONE["width"]


def test_phone_screenshots(phone, portal, artifacts):
    for name, path in PHONE_SCREENSHOTS.items():
        _open(phone, portal, path)
        phone.wait_for_timeout(200)
        target = artifacts / f"portal-phone-{name}.png"
        phone.screenshot(path=str(target))
        assert target.stat().st_size > 10_000, name
        assert phone.evaluate("() => document.scrollingElement.scrollWidth") <= PHONE["width"], name
    # The parts below the first screen: the contact cards and the audience entry points.
    for name, path, selector in (("quick-list-cards", "articles/quick-list/", ".kb-contacts--emergency"),
                                 ("home-audiences", "", ".kb-audiences"),
                                 ("home-desk", "", ".kb-contacts--centre")):
        _open(phone, portal, path)
        phone.eval_on_selector(selector, "e => window.scrollTo(0, e.getBoundingClientRect().top + scrollY - 60)")
        phone.wait_for_timeout(200)
        target = artifacts / f"portal-phone-{name}.png"
        phone.screenshot(path=str(target))
        assert target.stat().st_size > 10_000, name
