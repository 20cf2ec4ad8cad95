"""Measure search recall: the portal's own search vs Material's built-in search.

    .venv/bin/python tests/portal/measure_search.py [--before SITE_DIR]

Builds the sample site twice into a temporary directory (once as
configured, once with ``kbpress-search`` replaced by Material's
``search: {lang: ja}``), runs every query of :mod:`searchrecall` and the
reader query set (:mod:`readerqueries`) through each site's own search
box in headless Chromium, and prints recall in the top 3 with the misses,
the median time from Enter to results and the search page's layout shift.
``--before`` adds a site built by an earlier version of kbpress (its own
search.js) for comparison. The figures are recorded in MAINTAINERS.md
("Search"). Not collected by pytest (the file name does not start with
``test_``).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

import searchrecall  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, _QuietHandler  # noqa: E402
from readerqueries import QUERIES  # noqa: E402

MATERIAL_CONFIG = """\
INHERIT: mkdocs.yml
plugins:
  - kbpress:
      taxonomy: taxonomy.yml
      organisation: みなと中小企業サイバーセキュリティ支援センター
  - search:
      lang: ja
  - kbpress-feeds:
      feeds_dir: feeds
  - kbpress-epub:
      guidebook_dir: guidebook
"""


def build(site_dir: Path, config: Path | None = None) -> float:
    command = [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--site-dir", str(site_dir)]
    if config is not None:
        command += ["--config-file", str(config)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)
    return time.perf_counter() - started


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def run(browser, root: Path, queries, search) -> dict:
    server, base = serve(root)
    page = browser.new_page()
    try:
        return {query: search(page, base, query.text) for query in queries}
    finally:
        page.close()
        server.shutdown()


def report(name: str, found: dict) -> None:
    misses = [(q, urls[:3]) for q, urls in found.items() if q.expected not in urls[: searchrecall.TOP]]
    for kind in ("title", "phrase"):
        subset = {q: u for q, u in found.items() if q.kind == kind}
        print(f"{name} {kind}: {searchrecall.recall(subset):.0%} ({len(subset)} queries)")
    print(f"{name} all: {searchrecall.recall(found):.0%} of {len(found)}")
    for query, urls in misses:
        print(f"  miss [{query.kind}] {query.text} -> want {query.expected}, got {urls}")


def reader_queries() -> list:
    """The reader set as recall queries; a query meaning two pages counts for the first it finds."""
    return [searchrecall.Query(text, pages if isinstance(pages, str) else pages[0], kind) for text, kind, pages in QUERIES]


def reader_report(name: str, found: dict) -> None:
    acceptable = {text: (pages if isinstance(pages, tuple) else (pages,)) for text, _kind, pages in QUERIES}
    hits = [query for query, urls in found.items() if set(acceptable[query.text]) & set(urls[: searchrecall.TOP])]
    empty = [query.text for query, urls in found.items() if not urls]
    print(f"{name} reader set: {len(hits) / len(found):.1%} of {len(found)} in the top 3, {len(empty)} with no result")
    for kind in sorted({query.kind for query in found}):
        subset = [query for query in found if query.kind == kind]
        print(f"  {kind}: {sum(1 for query in subset if query in hits)}/{len(subset)}")
    for query, urls in found.items():
        if query not in hits:
            print(f"  miss [{query.kind}] {query.text} -> want {acceptable[query.text]}, got {urls[:3]}")


def timing_and_shift(browser, root: Path, queries) -> None:
    """Median milliseconds from Enter to the results shown, and the layout shift of the search page."""
    server, base = serve(root)
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(base + "search/")
        page.wait_for_selector("form[data-kb-search][data-kb-ready]")
        page.evaluate("""() => { window.kbShift = 0; new PerformanceObserver(list => {
            for (const e of list.getEntries()) if (!e.hadRecentInput) window.kbShift += e.value; }).observe({type: "layout-shift", buffered: true}); }""")
        times = []
        for query in queries:
            page.fill("#kb-search-q", query.text)
            times.append(page.evaluate("""q => new Promise(resolve => {
                const list = document.getElementById("kb-search-results");
                const start = performance.now();
                const done = () => list.getAttribute("data-query") === q && list.getAttribute("aria-busy") === "false";
                new MutationObserver((_, observer) => { if (done()) { observer.disconnect(); resolve(performance.now() - start); } })
                    .observe(list, {attributes: true});
                document.querySelector("form[data-kb-search]").requestSubmit();
            })""", query.text.strip()))
        print(f"  Enter to results: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms over {len(times)} queries")
        print(f"  layout shift over the session: {page.evaluate('() => window.kbShift'):.3f}")
    finally:
        page.close()
        server.shutdown()


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, help="a site built by an earlier kbpress, for comparison")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        temp_dir = Path(temp)
        material_config = REPO / f".measure-search-{os.getpid()}.yml"  # INHERIT is relative to the file
        material_config.write_text(MATERIAL_CONFIG, encoding="utf-8")
        try:
            print(f"build (kbpress): {build(temp_dir / 'kbpress'):.1f} s")
            print(f"build (Material search): {build(temp_dir / 'material', material_config):.1f} s")
        finally:
            material_config.unlink()
        queries = searchrecall.all_queries(temp_dir / "kbpress")
        readers = reader_queries()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            report("kbpress", run(browser, temp_dir / "kbpress", queries, searchrecall.portal_results))
            reader_report("kbpress", run(browser, temp_dir / "kbpress", readers, searchrecall.portal_results))
            timing_and_shift(browser, temp_dir / "kbpress", readers)
            if options.before:
                reader_report("before", run(browser, options.before, readers, searchrecall.portal_results))
                timing_and_shift(browser, options.before, readers)
            report("Material", run(browser, temp_dir / "material", queries, searchrecall.material_results))
            reader_report("Material", run(browser, temp_dir / "material", readers, searchrecall.material_results))
            browser.close()


if __name__ == "__main__":
    main()
