"""Vertical volumes: 縦中横 chosen at build time, tables and code moved to horizontal documents."""

from __future__ import annotations

import pytest
from lxml import etree

from epubsupport import NS, OpenedEpub
from kbpress.epub import render_volume
from kbpress.epub.sanitize import XHTML_NS
from kbpress.epub.vertical import COMBINED_CLASS, UPRIGHT_CLASS, move_horizontal_blocks, set_upright_runs, upright_class

X = f"{{{XHTML_NS}}}"


def fragment(markup: str) -> etree._Element:
    return etree.fromstring(f'<section xmlns="{XHTML_NS}">{markup}</section>')


def marked(root: etree._Element) -> list[tuple[str, str]]:
    return [(span.get("class"), span.text) for span in root.iter(X + "span") if span.get("class")]


@pytest.mark.parametrize(("run", "expected"), [
    ("5", COMBINED_CLASS), ("20", COMBINED_CLASS), ("PC", COMBINED_CLASS), ("A", COMBINED_CLASS),
    ("3G", COMBINED_CLASS), ("!?", COMBINED_CLASS), ("!!", COMBINED_CLASS),
    ("110", UPRIGHT_CLASS), ("2025", UPRIGHT_CLASS), ("USB", UPRIGHT_CLASS), ("VPN", UPRIGHT_CLASS),
    ("12345", None), ("Wi-Fi", None), ("Windows", None), ("10:05", None), ("3.5", None), ("20%", None),
    ("https://example.jp/", None), ("iPhone", None), ("abc", None),
])
def test_which_ascii_runs_stand_upright(run, expected):
    assert upright_class(run) == expected


def test_runs_in_running_text_are_wrapped_and_text_is_kept_in_order():
    root = fragment("<p>会議は12月3日の10:05から、20分。<a href='#x'>第2部</a>を見る。Wi-Fi と USB、2025年。</p>")
    text_before = "".join(root.itertext())
    assert set_upright_runs(root) == 6
    assert "".join(root.itertext()) == text_before
    assert marked(root) == [
        ("tcy", "12"), ("tcy", "3"), ("tcy", "20"), ("tcy", "2"), ("upright", "USB"), ("upright", "2025"),
    ]


def test_code_tables_and_marked_runs_are_left_alone():
    root = fragment(
        "<p>手順<code>chmod 600 ~/.ssh/id_ed25519</code>を実行<kbd>Ctrl</kbd>+<kbd>C</kbd></p>"
        "<pre>10 20 30</pre><table><tr><td>第1部</td></tr></table>"
        '<p><span class="tcy">24</span>時間</p>'
    )
    assert set_upright_runs(root) == 0
    assert set_upright_runs(fragment("<p>約<b>7</b>割、<i>3</i>人に<em>1</em>人</p>")) == 3


def test_a_run_in_the_tail_after_an_inline_element_keeps_its_place():
    root = fragment("<p><b>重要</b>：毎月1日と15日に確認</p>")
    set_upright_runs(root)
    paragraph = root[0]
    assert [(child.tag.split("}")[1], child.text, child.tail) for child in paragraph] == [
        ("b", "重要", "：毎月"), ("span", "1", "日と"), ("span", "15", "日に確認"),
    ]


def test_tables_and_code_move_to_a_horizontal_document_with_links_both_ways():
    root = fragment(
        '<h2 id="a">手順</h2><p>本文<a href="#t-row">表の行へ</a></p>'
        "<table><caption>連絡先の一覧</caption><tr><th>方法</th></tr>"
        '<tr><td id="t-row"><a href="#a">上の見出し</a><a href="#t-row">この行</a></td></tr></table>'
        '<div class="highlight"><span class="filename">memo.txt</span><pre><code>10:05 連絡</code></pre></div>'
        "<p>後の本文</p>"
    )
    moved = move_horizontal_blocks(root, "text/ch0004.xhtml", "初動対応")
    assert moved.file_name == "text/ch0004-yoko.xhtml"
    assert root.find(f".//{X}table") is None and root.find(f".//{X}pre") is None
    references = root.findall(f"{X}p[@class='horizontal-ref']")
    assert ["".join(p.itertext()) for p in references] == ["表1「連絡先の一覧」（横組み）を見る", "例1（横組み）を見る"]
    assert references[0].find(f"{X}a").get("href") == "ch0004-yoko.xhtml#yoko-table-1"
    assert {span.get("id") for span in references[0].iter(X + "span")} == {"t-row"}  # links to the row land here
    assert "".join(root.itertext()).endswith("後の本文")
    blocks = moved.body.findall(f"{X}div[@class='horizontal-block']")
    assert [block.get("id") for block in blocks] == ["yoko-table-1", "yoko-pre-1"]
    assert blocks[1].find(f".//{X}span[@class='filename']").text == "memo.txt"  # the wrapper moved with its code
    links = {a.text: a.get("href") for a in moved.body.iter(X + "a")}
    assert links["上の見出し"] == "ch0004.xhtml#a"  # now in another document
    assert links["この行"] == "#t-row"  # still in the same one
    backs = [a.get("href") for a in moved.body.iter(X + "a") if a.text == "本文に戻る"]
    assert backs == ["ch0004.xhtml#yoko-ref-table-1", "ch0004.xhtml#yoko-ref-pre-1"]
    assert moved.body.find(f"{X}h1").text == "初動対応（横組みの表と例）"


def test_a_table_without_caption_is_named_by_its_column_headings():
    root = fragment("<table><tr><th>段階</th><th>やること</th></tr><tr><td>1</td><td>止める</td></tr></table>")
    move_horizontal_blocks(root, "text/ch0001.xhtml", "題")
    assert "".join(root.itertext()) == "表1「段階・やること」（横組み）を見る"


def test_chapter_without_tables_or_code_has_no_horizontal_document():
    assert move_horizontal_blocks(fragment("<p>本文だけ</p>"), "text/ch0001.xhtml", "題") is None


def test_vertical_volume_documents(rich, tmp_path):
    path = tmp_path / "vertical.epub"
    path.write_bytes(render_volume(rich.with_mode("vertical"), rich.site).data)
    book = OpenedEpub.open(path)
    spine = book.spine_files()
    assert "EPUB/text/ch0001-yoko.xhtml" == spine[spine.index("EPUB/text/ch0001.xhtml") + 1]
    chapter = book.documents()["EPUB/text/ch0001.xhtml"]
    assert chapter.find(".//x:table", NS) is None
    assert chapter.findall(".//x:span[@class='tcy']", NS)
    part = book.documents()["EPUB/text/part01.xhtml"]
    assert [s.text for s in part.iterfind(".//x:span[@class='tcy']", NS)] == ["1"]  # 第1部
    nav = book.documents()["EPUB/nav.xhtml"]
    assert nav.findall(".//x:nav[@role='doc-toc']//x:span[@class='tcy']", NS)
    meta = book.opf.find("opf:metadata/opf:meta[@name='primary-writing-mode']", NS)
    assert meta.get("content") == "vertical-rl"
    css = book.entries["EPUB/styles/epub-vertical.css"].decode()
    assert css.index("-webkit-text-combine: horizontal") < css.index("text-combine-upright: all")


def test_horizontal_volume_is_not_changed_for_vertical_reading(rich, tmp_path):
    path = tmp_path / "horizontal.epub"
    path.write_bytes(render_volume(rich.manifest, rich.site).data)
    book = OpenedEpub.open(path)
    assert not [file for file in book.spine_files() if file.endswith("-yoko.xhtml")]
    for name, root in book.documents().items():
        assert root.find(".//x:span[@class='tcy']", NS) is None, name
    assert book.opf.find("opf:metadata/opf:meta[@name='primary-writing-mode']", NS) is None
