"""Measure search recall: the portal's own search vs Material's built-in search.

    .venv/bin/python tests/portal/measure_search.py

Builds the sample site twice into a temporary directory (once as
configured, once with ``kbpress-search`` replaced by Material's
``search: {lang: ja}``), runs every query of :mod:`searchrecall` through
each site's own search box in headless Chromium, and prints recall in the
top 3 with the misses. The figures are recorded in MAINTAINERS.md
("Search"). Not collected by pytest (the file name does not start with
``test_``).
"""

from __future__ import annotations

import functools
import http.server
import os
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
from conftest import CHROMIUM, CHROMIUM_ARGS, _QuietHandler  # noqa: E402

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


def main() -> None:
    from playwright.sync_api import sync_playwright

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
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            report("kbpress", run(browser, temp_dir / "kbpress", queries, searchrecall.portal_results))
            report("Material", run(browser, temp_dir / "material", queries, searchrecall.material_results))
            browser.close()


if __name__ == "__main__":
    main()
