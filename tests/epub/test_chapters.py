"""Chapter content: links, images, footnotes, flattened widgets, sanitising."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from lxml import etree

from epubsupport import NS, OpenedEpub, internal_link_problems
from kbpress.epub import Part, build_volume, build_volumes

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
NCNAME_ASCII = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


@pytest.fixture
def built(rich):
    result = build_volume(rich.manifest, rich.site, rich.root / "out" / "rich.epub")
    return result, OpenedEpub.open(rich.root / "out" / "rich.epub")


def chapter(book: OpenedEpub, number: int) -> etree._Element:
    return etree.fromstring(book.entries[f"EPUB/text/ch{number:04d}.xhtml"])


def hrefs(root: etree._Element) -> dict[str, str]:
    """Link text -> href for every link with text."""
    return {"".join(a.itertext()).strip(): a.get("href") for a in root.iter(f"{{{NS['x']}}}a")}


def test_spine_follows_the_manifest_after_cover_and_contents(built):
    _, book = built
    assert book.spine_files() == [
        "EPUB/cover.xhtml",
        "EPUB/nav.xhtml",
        "EPUB/text/part01.xhtml",  # 第1部 データを守る: its title page before its chapter
        "EPUB/text/ch0001.xhtml",
        "EPUB/text/ch0002.xhtml",  # a part without a title has no page
        "EPUB/text/part02.xhtml",  # 付録
        "EPUB/text/ch0003.xhtml",
    ]
    assert book.chapter_titles()[2:] == ["第1部 データを守る", "バックアップの基本", "パスワード管理", "付録", "よくある質問"]


def test_every_internal_href_and_fragment_resolves(built):
    _, book = built
    assert internal_link_problems(book) == []


def test_links_point_into_the_volume_or_to_the_portal(built):
    _, book = built
    links = hrefs(chapter(book, 1))
    first_heading = chapter(book, 2).find(".//x:h2", NS).get("id")
    faq_heading = chapter(book, 3).find(".//x:h2", NS).get("id")
    assert links["多要素認証"] == f"ch0002.xhtml#{first_heading}"
    assert links["よくある質問"] == f"ch0003.xhtml#{faq_heading}"  # appendix pages are in the volume too
    assert links["同じページの表"].startswith("#") and links["同じページの表"] != "#"
    assert links["公式サイト"] == "https://www.ipa.go.jp/"
    assert links["トップ"] == "https://kb.example.jp/"
    assert links["ポータルの記事"] == "https://kb.example.jp/articles/outside/"
    assert links["PDF"] == "https://kb.example.jp/files/checklist.pdf"
    assert links["最初の章へ"] == "ch0002.xhtml"
    assert links["危ないリンク"] is None


def test_link_to_a_missing_heading_warns_and_points_to_the_chapter(built):
    result, book = built
    assert hrefs(chapter(book, 2))["存在しない見出し"] == "ch0001.xhtml"
    assert any(
        p.path == "docs/articles/passwords.md" and "#nothing" in p.message and p.severity == "warning"
        for p in result.warnings
    )


def test_nothing_active_or_remote_survives(built):
    _, book = built
    for name, root in book.documents().items():
        for element in root.iter():
            local = etree.QName(element).localname
            assert local not in ("script", "style", "form", "input", "button", "iframe", "font", "details", "summary", "label"), name
            for attribute, value in element.attrib.items():
                assert not etree.QName(attribute).localname.startswith(("on", "data-")), (name, attribute)
                if attribute == "style":
                    assert re.fullmatch(r"text-align: (left|right|center);", value), value
                if attribute in ("href", "src"):
                    assert not value.lower().startswith(("javascript:", "data:")), value
            if local == "img":
                assert "://" not in element.get("src"), element.get("src")
        text = etree.tostring(root, encoding="unicode")
        assert "¶" not in text and "headerlink" not in text and "alert(" not in text and "steal()" not in text


def test_remote_images_become_alt_text_or_links_and_players_links(built):
    _, book = built
    text = "".join(chapter(book, 1).itertext())
    assert "［画像: 外部の画像］" in text
    assert hrefs(chapter(book, 1))["［画像］"] == "https://example.com/no-alt.png"
    assert hrefs(chapter(book, 1))["https://www.youtube.com/embed/abc"] == "https://www.youtube.com/embed/abc"
    assert "古いタグ" in text and "危険な属性の段落。" in text


def test_collapsible_blocks_and_tabs_are_flattened(built):
    _, book = built
    root = chapter(book, 1)
    titles = ["".join(p.itertext()).strip() for p in root.iterfind(".//x:p[@class='admonition-title']", NS)]
    assert titles == ["ポイント", "注意", "折りたたみの補足", "開いた状態の警告", "見出しとして書いた題"]
    # A title written as a heading: a paragraph may hold no heading, so its text and anchor go in a span.
    heading_title = root.find(".//x:p[@class='admonition-title']/x:span[@id]", NS)
    assert heading_title is not None and heading_title.text == "見出しとして書いた題"
    assert not root.findall(".//x:p//x:h1", NS) + root.findall(".//x:p//x:h3", NS)
    labels = [p.text for p in root.iterfind(".//x:p[@class='tabbed-label']", NS)]
    assert labels == ["Windows", "Windows 11", "Windows 10", "macOS"]
    blocks = root.findall(".//x:div[@class='tabbed-block']", NS)
    assert len(blocks) == 4 and "Time Machine" in "".join(blocks[-1].itertext())
    assert [li.text for li in root.iterfind(".//x:span[@class='task-mark']", NS)] == ["☑\u00a0", "☐\u00a0"]


def test_code_keeps_pygments_classes_with_a_static_stylesheet(built):
    _, book = built
    code = chapter(book, 1).find(".//x:div[@class='highlight']/x:pre/x:code", NS)
    assert code is not None and code.find("x:span[@class='k']", NS).text == "def"
    css = book.entries["EPUB/styles/highlight.css"].decode()
    assert ".highlight .k " in css


def test_footnotes_carry_epub_and_aria_semantics(built):
    _, book = built
    root = chapter(book, 1)
    notes = root.findall(".//x:aside", NS)
    assert [n.get(EPUB_TYPE) for n in notes] == ["footnote", "footnote"]
    assert [n.get("role") for n in notes] == ["doc-footnote", "doc-footnote"]
    refs = [a for a in root.iter(f"{{{NS['x']}}}a") if a.get(EPUB_TYPE) == "noteref"]
    assert [a.get("role") for a in refs] == ["doc-noteref", "doc-noteref"]
    assert [a.get("href") for a in refs] == [f"#{n.get('id')}" for n in notes]
    assert "".join(notes[0].itertext()).strip() == "1\u3000最初の脚注です。"
    backlinks = [a.get("href")[1:] for n in notes for a in n.iter(f"{{{NS['x']}}}a") if a.get("role") == "doc-backlink"]
    assert backlinks == [ref.getparent().get("id") for ref in refs]
    navigation = etree.tostring(etree.fromstring(book.entries["EPUB/nav.xhtml"]), encoding="unicode")
    assert "page-list" not in navigation  # footnotes must not become "pages"


def test_ids_are_ascii_xml_names_and_unique(built):
    _, book = built
    for name, root in book.documents().items():
        ids = [element.get("id") for element in root.iter() if element.get("id")]
        assert len(ids) == len(set(ids)), name
        assert all(NCNAME_ASCII.match(value) for value in ids), (name, ids)


def test_images_are_embedded_once_with_the_media_type_of_their_bytes(built):
    _, book = built
    items = {href: media_type for href, media_type, _ in book.manifest.values() if href.startswith("media/")}
    assert items == {
        "media/cover.png": "image/png",
        "media/images/consultation-flow.png": "image/png",
        "media/images/photo.png.jpg": "image/jpeg",
        "media/images/ok.svg": "image/svg+xml",
    }
    sources = [img.get("src") for n in (1, 2) for img in chapter(book, n).iter(f"{{{NS['x']}}}img")]
    assert sources.count("../media/images/consultation-flow.png") == 2


def test_images_without_alt_text_and_unusable_images_are_warnings_naming_the_page(built):
    result, _ = built
    messages = [(p.path, p.message) for p in result.warnings]
    assert ("docs/articles/backup.md", "画像 images/photo.png に代替テキストがありません。![画像の説明](パス) の形で説明を書いてください") in messages
    assert any(path == "docs/articles/backup.md" and "images/bad.svg" in message for path, message in messages)
    assert all(p.severity == "warning" for p in result.warnings)


def test_every_document_is_japanese_with_a_title(built):
    _, book = built
    assert book.opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "ja"
    assert book.metadata("dc:language") == ["ja"]
    for name, root in book.documents().items():
        assert root.get("lang") == "ja" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ja", name
        assert (root.findtext("x:head/x:title", namespaces=NS) or "").strip(), name


def test_chapter_without_a_level_one_heading_gets_the_page_title(built):
    _, book = built
    assert chapter(book, 3).findtext(".//x:h1", namespaces=NS) == "よくある質問"
    assert [h.text for h in chapter(book, 1).iterfind(".//x:h1", NS)] == ["バックアップの基本"]
    appendix = chapter(book, 3).find("x:body/x:section", NS)
    assert appendix.get(EPUB_TYPE) == "appendix" and appendix.get("role") == "doc-appendix"


def test_non_ascii_image_names_get_ascii_names_in_the_book(rich, tmp_path):
    from urllib.parse import quote

    from epubsupport import article

    source = rich.root / "docs/images/consultation-flow.png"
    (rich.root / "docs/images/相談の流れ.png").write_bytes(source.read_bytes())
    body = f"# 画像\n\n![図の説明](../../images/相談の流れ.png)\n\n![同じ図](../../images/{quote('相談の流れ.png')})\n"
    rich.site.pages.append(article("articles/japanese.md", "日本語の画像", body))
    manifest = replace(rich.manifest, parts=(Part(None, ("articles/japanese.md",)),))
    build_volume(manifest, rich.site, tmp_path / "j.epub")
    book = OpenedEpub.open(tmp_path / "j.epub")
    assert all(name.isascii() for name in book.names)
    sources = {img.get("src") for img in chapter(book, 1).iter(f"{{{NS['x']}}}img")}
    assert len(sources) == 1 and re.fullmatch(r"\.\./media/[0-9a-f]{12}\.png", sources.pop())
    assert internal_link_problems(book) == []


def test_a_missing_image_is_named_as_the_author_wrote_it(rich):
    page = rich.site.page_by_src("articles/passwords.md")
    # MkDocs leaves a link to a missing file untouched: relative to the source file.
    page.html += '<p><img src="../images/none.png" alt="ない図"></p>'
    (built,) = build_volumes([rich.manifest], rich.site, out_dir=rich.root / "out")
    messages = [problem.message for problem in built.warnings]
    assert any("画像 ../images/none.png が見つからない" in message for message in messages), messages
    assert not any("articles/images/none.png" in message for message in messages)
