"""Active HTML in rendered pages: what is found, and that the quick screens never hide a finding."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kbpress.unsafe import _ACTIVE_HTML, find_active_html


def _unscreened(html: str) -> list:
    """Every pattern run over the whole text, as before the screens existed."""
    findings = []
    for what, _screen, pattern in _ACTIVE_HTML:
        for match in pattern.finditer(html):
            findings.append((what, html.count("\n", 0, match.start()) + 1, match.group(0)))
    return sorted(findings, key=lambda finding: (finding[1], finding[0]))


def _found(html: str) -> list:
    return [(finding.what, finding.line, finding.snippet) for finding in find_active_html(html)]


def test_each_kind_is_found_on_its_line():
    html = ('<p>ok</p>\n<SCRIPT>x()</SCRIPT>\n<iframe src="a"></iframe>\n<embed src="b">\n<form action="c"></form>\n'
            '<a href="#" ONCLICK="x()">a</a>\n<a href=" javascript:alert(1)">b</a>\n')
    kinds = {(what, line) for what, line, _ in _found(html)}
    assert kinds == {("<script>", 2), ("<iframe>", 3), ("<object>/<embed>", 4), ("<form>", 5), ("on* 属性", 6),
                     ("javascript: URL", 7)}


def test_plain_pages_have_no_findings():
    html = "<p>オンライン = online = 接続。JSON の button 要素と formula、scripture を説明します。</p><pre><code>&lt;script&gt;</code></pre>"
    assert _found(html) == []


FRAGMENTS = ["<p>", "</p>", "<script", "<SCRIPT ", "<scripts", "<iframe>", "<Embed ", "<object", "<form", "<forms",
             ' onclick="x"', " ONLOAD = ", " online", "href=", ' src = "', "javascript:", "JavaScript:", "action='",
             "\n", "本文", " ", ">", "<a", "<img", "=", '"', "'", "ſ", "K"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_screens_never_hide_a_finding(html):
    assert _found(html) == _unscreened(html)


def test_only_ascii_letters_make_the_markup_active():
    # Browsers know <script> and javascript: in ASCII only; a dotless ı is not an i.
    assert _found('<scrıpt>x</scrıpt><a href="javascrıpt:x">a</a>') == []
    assert [what for what, _, _ in _found("<ScRiPt>x</ScRiPt>")] == ["<script>"]
