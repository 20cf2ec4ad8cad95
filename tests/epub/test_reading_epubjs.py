"""Both sample volumes paginated by epub.js, a real reading-system engine, at phone and tablet sizes.

Each volume is opened once per size and every spine document is then
displayed in turn, as a reader moves through the table of contents;
screenshots, taken once the document's fonts and images are in, go to
test-artifacts/epub/.
"""

from __future__ import annotations

import shutil

import pytest

from readingsupport import ARTIFACTS, JS_DIR, MANIFESTS, READER_PAGE, SIZES, ensure_npm_tools, serve, spine

pytestmark = pytest.mark.slow

WAIT_MS = 30_000  # for the book to open or one document to be shown


def test_epubjs_pages_through_every_volume(browser, sample_site, unpacked, tmp_path):
    ensure_npm_tools()
    (tmp_path / "node_modules").symlink_to(JS_DIR / "node_modules")
    shutil.copy(READER_PAGE, tmp_path / "reader.html")
    for manifest in MANIFESTS:
        shutil.copy(sample_site / "guidebook" / manifest.file_name, tmp_path / manifest.file_name)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shots = 0
    with serve(tmp_path) as base:
        for manifest in MANIFESTS:
            documents = spine(unpacked[manifest.slug])
            for width, height in SIZES:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(f"{base}reader.html?book={base}{manifest.file_name}&w={width}&h={height}")
                page.wait_for_function("window.readerState.ready", timeout=WAIT_MS)
                assert page.evaluate("window.readerState.error") is None, manifest.slug
                for href in documents:
                    state = page.evaluate("([href, ms]) => window.show(href, ms)", [href, WAIT_MS])
                    assert state["error"] is None and state["location"] == href, (manifest.slug, href, state)
                    assert state["pages"] >= 1
                    name = f"{manifest.slug}-{width}x{height}-{href.replace('/', '_').removesuffix('.xhtml')}.png"
                    page.screenshot(path=str(ARTIFACTS / name))
                    shots += 1
                page.close()
    assert shots == len(SIZES) * sum(len(spine(unpacked[m.slug])) for m in MANIFESTS)
