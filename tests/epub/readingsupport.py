"""Opening EPUBs the way reading systems do: unpacked for Chromium, through epub.js, and through Ace.

The npm tools (Ace by DAISY, epub.js) are pinned in ``tests/js/package.json``
and installed by the Makefile with the system Chromium; nothing downloads a
browser. Servers listen on 127.0.0.1 with an ephemeral port.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import subprocess
import threading
import zipfile
from pathlib import Path

from lxml import etree

from kbpress.epub import load_manifests
from tests.chromium import CHROMIUM

REPO = Path(__file__).resolve().parents[2]
JS_DIR = REPO / "tests" / "js"
NPM_STAMP = JS_DIR / "node_modules" / ".kbpress-installed"
ARTIFACTS = REPO / "test-artifacts" / "epub"
OPF_NS = {"opf": "http://www.idpf.org/2007/opf", "c": "urn:oasis:names:tc:opendocument:xmlns:container"}
PROBE = (Path(__file__).parent / "layoutprobe.js").read_text(encoding="utf-8")
READER_PAGE = Path(__file__).parent / "reader.html"
MANIFESTS = load_manifests(REPO / "guidebook", REPO / "docs", REPO)  # the sample's volumes
SIZES = ((360, 640), (390, 844), (820, 1180))  # phones and a tablet, portrait


def ensure_npm_tools() -> None:
    """The pinned npm tools, installed by the Makefile's rule when missing."""
    if NPM_STAMP.exists():
        return
    done = subprocess.run(["make", "-s", str(NPM_STAMP.relative_to(REPO))], cwd=REPO, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, f"npm のツールを入れられません (make {NPM_STAMP.relative_to(REPO)}):\n{done.stderr[-2000:]}"


def unpack(epub: Path, directory: Path) -> Path:
    """The package document's folder of ``epub`` unpacked into ``directory``."""
    with zipfile.ZipFile(epub) as archive:
        archive.extractall(directory)
    container = etree.parse(str(directory / "META-INF" / "container.xml"))
    rootfile = container.find(".//c:rootfile", OPF_NS).get("full-path")
    return (directory / rootfile).parent


def spine(package_dir: Path) -> list[str]:
    """Every spine document's href (relative to the package folder), in reading order."""
    opf = etree.parse(str(next(package_dir.glob("*.opf"))))
    items = {item.get("id"): item.get("href") for item in opf.iterfind(".//opf:manifest/opf:item", OPF_NS)}
    return [items[ref.get("idref")] for ref in opf.iterfind(".//opf:spine/opf:itemref", OPF_NS)]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".epub": "application/epub+zip",
                      ".xhtml": "application/xhtml+xml"}

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """``directory`` over HTTP on 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def measure(page, url: str) -> dict:
    """What layoutprobe.js sees in the document at ``url``."""
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")
    return page.evaluate(PROBE)


def ace_violations(epub: Path, out_dir: Path) -> list[str]:
    """Every failed Ace by DAISY assertion: ``document: rule (impact)``."""
    ensure_npm_tools()
    environment = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    done = subprocess.run(
        [str(JS_DIR / "node_modules" / ".bin" / "ace-puppeteer"), "--silent", "--force", "--outdir", str(out_dir), str(epub)],
        capture_output=True, text=True, timeout=600, env=environment,
    )
    report_path = out_dir / "report.json"
    assert done.returncode == 0 and report_path.exists(), done.stdout[-2000:] + done.stderr[-2000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    problems = []
    for document in report["assertions"]:
        for assertion in document["assertions"]:
            if assertion["earl:result"]["earl:outcome"] != "pass":
                test = assertion["earl:test"]
                problems.append(f"{document['earl:testSubject']['url']}: {test['dct:title']} ({test['earl:impact']})")
    if not problems:
        assert report["earl:result"]["earl:outcome"] == "pass"
    return problems
