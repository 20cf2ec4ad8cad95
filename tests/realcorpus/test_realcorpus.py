"""Five real OWASP cheat sheets (see README.md here) built as a knowledge base of their own.

Security documents are full of attacks shown as code; the build must show
them, not refuse them, in the portal and in an English EPUB volume.
"""

from __future__ import annotations

import html as html_lib
import re
import shutil
import zipfile

import lxml.html
import pytest

from tests.conftest import FixtureProject
from tests.realcorpus.corpus import build_corpus

SHEETS = ("xss-prevention", "dom-xss-prevention", "xss-filter-evasion", "content-security-policy", "clickjacking-defense")

pytestmark = pytest.mark.slow



@pytest.fixture(scope="module")
def built(tmp_path_factory) -> FixtureProject:
    return build_corpus(tmp_path_factory.mktemp("realcorpus") / "kb")


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


def test_the_english_volume_says_english_and_passes_epubcheck(built, epubchecker):
    epub = built.site / "guidebook" / "xss.epub"
    with zipfile.ZipFile(epub) as archive:
        names = archive.namelist()
        opf = archive.read(next(name for name in names if name.endswith(".opf"))).decode("utf-8")
        chapters = [archive.read(name).decode("utf-8") for name in names if name.startswith("EPUB/text/")]
    assert '<dc:language>en</dc:language>' in opf and 'xml:lang="en"' in opf
    assert len(chapters) == 5, names
    assert all('xml:lang="en"' in chapter for chapter in chapters)
    assert any("&lt;SCRIPT SRC=" in html_lib.unescape(re.sub(r"<[^>]+>", "", chapter)).replace("<", "&lt;") for chapter in chapters)
    assert epubchecker.problems(epub) == []


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
