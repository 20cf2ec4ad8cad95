"""The system Chromium (Debian ``chromium``) driven through Playwright, which never downloads a browser here.

One browser serves a whole test process (the ``chromium_browser`` session
fixture): Playwright's synchronous API allows one running instance per
process, and a launch costs a second or two.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

CHROMIUM = os.environ.get("KBPRESS_CHROMIUM", "/usr/bin/chromium")

# Playwright starts Chromium with a --disable-features list of its own, and Chromium keeps only the
# last --disable-features of its command line: ours repeats Playwright's (1.65.2) before adding to it.
# tests/harness/test_chromium.py compares it with what a plain Playwright launch passes.
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect", "TcpPortRandomizationWin", "OptimizationHints", "NetworkTimeServiceQuerying",
    "AimEnabled", "PreconnectToSearch", "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion",
)
# Headless Chromium is the whole browser, address bar included: it keeps the address bar's two
# suggestion popups (WebUI pages) loaded in a renderer that works at every new tab and navigation,
# although nothing ever shows them. Without them the portal's axe runs take a fifth less CPU.
UNSHOWN_BROWSER_UI = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + UNSHOWN_BROWSER_UI),
]
MISSING = f"{CHROMIUM} がありません。`scripts/ensure-system-packages test` で chromium を入れてください"


@contextlib.contextmanager
def launched():
    """Headless Chromium for the time of the ``with`` block."""
    assert Path(CHROMIUM).exists(), MISSING
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
