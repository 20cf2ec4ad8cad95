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
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
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
