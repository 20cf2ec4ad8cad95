"""The test browser's command line: Playwright's own switches kept, the address bar's unseen popups off."""

from __future__ import annotations

import pytest

from tests.chromium import CHROMIUM, PLAYWRIGHT_DISABLED_FEATURES, UNSHOWN_BROWSER_UI

pytestmark = pytest.mark.browser


def started_with(browser) -> tuple[set[str], list[str]]:
    """The features the running browser turned off and its browser-UI pages, with one tab open (the popups belong to a window)."""
    page = browser.new_page()
    session = browser.new_browser_cdp_session()
    try:
        page.goto("chrome://version")  # the command line as the browser took it
        switches = page.inner_text("#command_line").split()
        targets = session.send("Target.getTargets")["targetInfos"]
    finally:
        session.detach()
        page.close()
    # Chromium applies the last --disable-features of its command line.
    disabled = [switch.split("=", 1)[1] for switch in switches if switch.startswith("--disable-features=")]
    assert disabled, switches
    return set(disabled[-1].split(",")), [target["url"] for target in targets if target["type"] == "browser_ui"]


def test_the_test_browser_keeps_every_feature_playwright_turns_off(chromium_browser):
    # A second browser from the session's Playwright (one Playwright per process), with nothing of ours.
    plain = chromium_browser.browser_type.launch(executable_path=CHROMIUM, headless=True)
    try:
        playwrights_own, ui_pages = started_with(plain)
    finally:
        plain.close()
    assert any("omnibox-popup" in url for url in ui_pages), f"the popups the test browser turns off: {ui_pages}"
    assert len(playwrights_own) >= 5, playwrights_own
    missing = playwrights_own - set(PLAYWRIGHT_DISABLED_FEATURES)
    assert not missing, f"Playwright now also turns off {sorted(missing)}: add them to tests/chromium.py"


def test_the_test_browser_loads_no_address_bar_popup(chromium_browser):
    """The session's browser, as every portal and EPUB reading test gets it (tests/chromium.py)."""
    disabled, ui_pages = started_with(chromium_browser)
    assert disabled == set(PLAYWRIGHT_DISABLED_FEATURES) | set(UNSHOWN_BROWSER_UI)
    assert ui_pages == []
