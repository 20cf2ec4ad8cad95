"""The package: metadata, cover, navigation, writing mode, reproducibility, atomic output."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

import pytest
from lxml import etree
from PIL import Image

from kbpress.epub import build_volume, build_volumes, render_volume
from kbpress.epub.package import deterministic_zip
from kbpress.model import KbpressError

from epubfixture import jpeg_bytes, rich_pages
from epubsupport import NS, OpenedEpub, make_site, render

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def opened(tmp_path, data: bytes, name: str = "book.epub") -> OpenedEpub:
    path = tmp_path / name
    path.write_bytes(data)
    return OpenedEpub.open(path)


def test_metadata_identifier_titles_people_and_modified(rich, tmp_path):
    book = opened(tmp_path, render_volume(rich.manifest, rich.site).data)
    unique = book.opf.get("unique-identifier")
    identifier = book.opf.find(f"opf:metadata/dc:identifier[@id='{unique}']", NS)
    assert identifier.text == rich.manifest.identifier
    assert book.metadata("dc:title") == ["情報セキュリティの基本", "中小企業のための第一歩"]
    assert book.metadata("dc:creator") == ["専門員 山田", "専門員 佐藤"]
    creator_ids = [c.get("id") for c in book.opf.iterfind("opf:metadata/dc:creator", NS)]
    assert len(set(creator_ids)) == 2
    assert book.metadata("dc:publisher") == ["みなと中小企業サイバーセキュリティ支援センター"]
    assert book.metadata("dc:description") == ["バックアップとパスワードの基本をまとめました。"]
    # build_time 2026-01-01 09:00 JST, in UTC as EPUB requires
    assert book.meta_property("dcterms:modified") == ["2026-01-01T00:00:00Z"]
    assert book.meta_property("belongs-to-collection") == ["ガイドブック追補資料"]
    assert book.meta_property("group-position") == ["1"]


def test_authors_and_publisher_default_to_the_organisation(rich, tmp_path):
    manifest = replace(rich.manifest, authors=(), publisher=None)
    book = opened(tmp_path, render_volume(manifest, rich.site).data)
    assert book.metadata("dc:creator") == [rich.site.organisation]
    assert book.metadata("dc:publisher") == [rich.site.organisation]


def test_accessibility_metadata(rich, tmp_path):
    book = opened(tmp_path, render_volume(rich.manifest, rich.site).data)
    assert set(book.meta_property("schema:accessMode")) == {"textual", "visual"}
    assert book.meta_property("schema:accessModeSufficient") == ["textual,visual"]  # one image lacks alt text
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= set(book.meta_property("schema:accessibilityFeature"))
    assert book.meta_property("schema:accessibilityHazard") == ["none"]
    summary = book.meta_property("schema:accessibilitySummary")
    assert len(summary) == 1 and "目次" in summary[0] and "代替テキスト" in summary[0]


def test_text_only_volume_is_sufficient_as_text(rich, tmp_path):
    manifest = replace(rich.manifest, parts=(rich.manifest.parts[2],))  # the FAQ only: no images
    book = opened(tmp_path, render_volume(manifest, rich.site).data)
    assert book.meta_property("schema:accessMode") == ["textual"]
    assert book.meta_property("schema:accessModeSufficient") == ["textual"]


def test_conformance_is_claimed_only_when_every_image_has_alternative_text(rich, tmp_path):
    missing_alt = opened(tmp_path, render_volume(rich.manifest, rich.site).data)
    assert missing_alt.meta_property("dcterms:conformsTo") == []
    assert missing_alt.meta_property("a11y:certifiedBy") == []
    text_only = replace(rich.manifest, parts=(rich.manifest.parts[2],), publisher="みなと支援センター")
    claimed = opened(tmp_path, render_volume(text_only, rich.site).data, "claimed.epub")
    assert claimed.meta_property("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    assert claimed.meta_property("a11y:certifiedBy") == ["みなと支援センター"]


def test_ncx_has_two_levels_and_a_play_order_in_reading_order(rich, tmp_path):
    book = opened(tmp_path, render_volume(rich.manifest, rich.site).data)
    ncx = etree.fromstring(book.entries["EPUB/toc.ncx"])
    points = list(ncx.iter("{%s}navPoint" % NS["ncx"]))
    assert len(points) >= 4
    for point in points:
        assert len(list(point.iterancestors("{%s}navPoint" % NS["ncx"]))) < 2
    orders = [int(point.get("playOrder")) for point in points]
    assert orders == sorted(orders) and sorted(set(orders)) == list(range(1, len(set(orders)) + 1))  # no gaps
    labels = [point.findtext("ncx:navLabel/ncx:text", namespaces=NS) for point in points]
    assert "3-2-1 ルール" not in labels and "復元の確認" not in labels  # h2 and h3 of a chapter inside a part
    sources = [point.find("ncx:content", NS).get("src") for point in points]
    assert len(set(orders)) == len(set(sources))  # one number per target
    depth = ncx.find("ncx:head/ncx:meta[@name='dtb:depth']", NS).get("content")
    assert depth == "2"
    spine = [file.removeprefix("EPUB/") for file in book.spine_files()]
    first_files = [source.split("#")[0] for source in sources]
    assert [spine.index(file) for file in first_files] == sorted(spine.index(file) for file in first_files)


def test_generated_cover_is_declared_and_shown_first(rich, tmp_path):
    book = opened(tmp_path, render_volume(rich.manifest, rich.site).data)
    covers = [(uid, href) for uid, (href, _, props) in book.manifest.items() if "cover-image" in props.split()]
    assert covers == [("cover-img", "media/cover.png")]
    cover_meta = book.opf.find("opf:metadata/opf:meta[@name='cover']", NS)
    assert cover_meta.get("content") == "cover-img"
    image = Image.open(io.BytesIO(book.entries["EPUB/media/cover.png"]))
    assert image.format == "PNG" and image.size == (1200, 1800)
    cover_page = etree.fromstring(book.entries["EPUB/cover.xhtml"])
    img = cover_page.find(".//x:img", NS)
    assert img.get("src") == "media/cover.png" and "情報セキュリティの基本" in img.get("alt")
    assert book.spine_files()[0] == "EPUB/cover.xhtml"


def test_manifest_cover_image_is_used_as_is(rich, tmp_path):
    cover = jpeg_bytes()
    (rich.root / "docs/images/cover.jpg").write_bytes(cover)
    book = opened(tmp_path, render_volume(replace(rich.manifest, cover="images/cover.jpg"), rich.site).data)
    assert book.manifest["cover-img"] == ("media/cover.jpg", "image/jpeg", "cover-image")
    assert book.entries["EPUB/media/cover.jpg"] == cover


def test_navigation_nests_parts_chapters_and_headings_with_landmarks_and_ncx(rich, tmp_path):
    book = opened(tmp_path, render_volume(rich.manifest, rich.site).data)
    nav = etree.fromstring(book.entries["EPUB/nav.xhtml"])
    toc = nav.find(".//x:nav[@role='doc-toc']", NS)
    assert toc.get(EPUB_TYPE) == "toc"
    top = [li.find("x:a", NS).text for li in toc.findall("x:ol/x:li", NS)]
    assert top == ["第1部 データを守る", "パスワード管理", "付録"]
    part = toc.find("x:ol/x:li", NS)
    chapter = part.find("x:ol/x:li", NS)
    assert chapter.find("x:a", NS).text == "バックアップの基本"
    assert [a.text for a in chapter.findall("x:ol/x:li/x:a", NS)] == ["3-2-1 ルール"]
    # The first: a collapsible block's title written as a heading; its anchor survives the flattening.
    assert [a.text for a in chapter.findall("x:ol/x:li/x:ol/x:li/x:a", NS)] == ["見出しとして書いた題", "復元の確認"]
    landmarks = nav.find(".//x:nav[@hidden='hidden']", NS)
    assert landmarks.get(EPUB_TYPE) == "landmarks"
    assert {a.get(EPUB_TYPE): a.get("href") for a in landmarks.iter(f"{{{NS['x']}}}a")} == {
        "cover": "cover.xhtml",
        "toc": "nav.xhtml",
        "bodymatter": "text/part01.xhtml",  # the body starts with the first part's title page
    }
    assert nav.find(".//x:nav[@epub:type='page-list']", NS) is None
    assert book.opf.find("opf:spine", NS).get("toc") == "ncx"
    ncx = etree.fromstring(book.entries["EPUB/toc.ncx"])
    labels = [t.text for t in ncx.iterfind(".//ncx:navPoint/ncx:navLabel/ncx:text", NS)]
    assert labels[:3] == ["第1部 データを守る", "バックアップの基本", "パスワード管理"]  # two levels: Kindle's
    assert "3-2-1 ルール" not in labels and "付録" in labels
    ids = [p.get("id") for p in ncx.iter("{%s}navPoint" % NS["ncx"])]
    assert len(ids) == len(set(ids))


def test_vertical_volume_reads_right_to_left(rich, tmp_path):
    book = opened(tmp_path, render_volume(rich.with_mode("vertical"), rich.site).data)
    assert book.opf.find("opf:spine", NS).get("page-progression-direction") == "rtl"
    css = book.entries["EPUB/styles/epub-vertical.css"].decode()
    assert "writing-mode: vertical-rl" in css and "-epub-writing-mode: vertical-rl" in css
    documents = book.documents()
    horizontal = {name for name in documents if name == "EPUB/cover.xhtml" or name.endswith("-yoko.xhtml")}
    assert len(horizontal) >= 2  # the cover, and the tables of the chapter that has one
    for name, root in documents.items():
        links = [link.get("href") for link in root.iterfind("x:head/x:link", NS)]
        vertical = any(href.endswith("styles/epub-vertical.css") for href in links)
        assert vertical == (name not in horizontal), name  # one writing mode per document
        assert root.find("x:body", NS).get("dir") == "ltr"  # Japanese stays left-to-right text


def test_horizontal_volume_has_no_direction_and_reading_stylesheet(rich, tmp_path):
    book = opened(tmp_path, render_volume(rich.manifest, rich.site).data)
    assert book.opf.find("opf:spine", NS).get("page-progression-direction") is None
    assert "EPUB/styles/epub-vertical.css" not in book.entries
    css = book.entries["EPUB/styles/epub.css"].decode()
    assert "line-height: 1.8" in css and "font-family: serif" in css and "font-family: sans-serif" in css


def test_two_builds_are_byte_identical(rich, tmp_path):
    first = build_volume(rich.manifest, rich.site, tmp_path / "a" / "rich.epub")
    fresh_site = make_site(rich.root / "docs", rich_pages(), rich.root / "site")
    second = build_volume(rich.manifest, fresh_site, tmp_path / "b" / "rich.epub")
    assert first.data == second.data
    assert (tmp_path / "a/rich.epub").read_bytes() == (tmp_path / "b/rich.epub").read_bytes()


def test_zip_layout_mimetype_first_stored_fixed_times_sorted_ascii(rich, tmp_path):
    data = render_volume(rich.manifest, rich.site).data
    assert data[30:38] == b"mimetype" and data[38:58] == b"application/epub+zip"  # no extra field
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    names = [info.filename for info in infos[1:]]
    assert names == sorted(names) and all(name.isascii() for name in names)
    assert {info.date_time for info in infos} == {(2026, 1, 1, 9, 0, 0)}
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in infos[1:])


def test_zip_time_before_1980_is_clamped():
    from datetime import datetime, timezone

    data = deterministic_zip({"mimetype": b"application/epub+zip", "a": b"x"}, datetime(1970, 1, 1, tzinfo=timezone.utc))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_unpublished_chapter_names_manifest_and_key(rich):
    rich.site.pages = [page for page in rich.site.pages if page.src_path != "faq.md"]
    with pytest.raises(KbpressError) as caught:
        render_volume(rich.manifest, rich.site)
    assert [str(p) for p in caught.value.problems] == [
        "guidebook/rich.yml: appendix: docs/faq.md はサイトに含まれていません (下書きか公開日時前のページです)。公開してから巻に入れてください"
    ]


def test_site_url_must_be_absolute(rich):
    rich.site.url = "/"
    with pytest.raises(KbpressError, match="site_url"):
        render_volume(rich.manifest, rich.site)


def test_failed_volume_leaves_no_file_and_keeps_the_previous_ones(rich, tmp_path):
    out = tmp_path / "guidebook"
    out.mkdir()
    (out / "rich.epub").write_bytes(b"previous build")
    broken = replace(rich.manifest, slug="broken", volume=2, parts=(replace(rich.manifest.parts[1], sources=("articles/none.md",)),))
    with pytest.raises(KbpressError):
        build_volumes([rich.manifest, broken], rich.site, out)
    assert sorted(p.name for p in out.iterdir()) == ["rich.epub"]
    assert (out / "rich.epub").read_bytes() == b"previous build"


def test_build_volumes_writes_every_volume_or_only_the_one_asked(rich, tmp_path):
    second = replace(rich.manifest, slug="second", volume=2, writing_mode="vertical")
    built = build_volumes([rich.manifest, second], rich.site, tmp_path / "all")
    assert [v.manifest.slug for v in built] == ["rich", "second"]
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == ["rich.epub", "second.epub"]
    assert all(v.size == len((tmp_path / "all" / v.manifest.file_name).read_bytes()) for v in built)
    only = build_volumes([rich.manifest, second], rich.site, tmp_path / "one", only="second")
    assert [v.manifest.slug for v in only] == ["second"]
    assert [p.name for p in (tmp_path / "one").iterdir()] == ["second.epub"]
    with pytest.raises(KbpressError, match="'third'"):
        build_volumes([rich.manifest, second], rich.site, tmp_path / "none", only="third")


def test_default_output_is_the_guidebook_folder_of_the_site(rich):
    build_volumes([rich.manifest], rich.site)
    assert (rich.root / "site/guidebook/rich.epub").is_file()
    assert re.fullmatch(r"[a-z0-9-]+\.epub", rich.manifest.file_name)


def test_an_empty_page_becomes_a_chapter_with_its_title(rich, tmp_path):
    rich.site.page_by_src("faq.md").html = ""
    book = opened(tmp_path, render_volume(rich.manifest, rich.site).data)
    faq = etree.fromstring(book.entries["EPUB/text/ch0003.xhtml"])
    assert faq.findtext(".//x:h1", namespaces=NS) == "よくある質問"


def test_a_volume_without_any_rendered_html_is_refused(rich):
    for page in rich.site.pages:
        page.html = ""
    with pytest.raises(KbpressError, match="HTML になっていません"):
        render_volume(rich.manifest, rich.site)


def test_a_heading_of_control_characters_alone_gets_no_navigation_entry(rich, tmp_path, epubchecker):
    """Pasted text can leave a heading that is only an escape character: the nav would hold an empty link."""
    faq = rich.site.page_by_src("faq.md")
    faq.html, faq.toc = render("# よくある質問\n\n## \x1b\n\n### 問い合わせ\n\n窓口に電話します。\n")
    book_path = tmp_path / "book.epub"
    book_path.write_bytes(render_volume(rich.manifest, rich.site).data)
    nav = etree.fromstring(opened(tmp_path, book_path.read_bytes(), "read.epub").entries["EPUB/nav.xhtml"])
    faq_entry = next(li for li in nav.iter(f"{{{NS['x']}}}li") if li.findtext("x:a", namespaces=NS) == "よくある質問")
    assert [a.text for a in faq_entry.iterfind(".//x:ol/x:li/x:a", NS)] == ["問い合わせ"], "the h3 moves up a level"
    assert all((a.text or "").strip() for a in nav.iter(f"{{{NS['x']}}}a"))
    assert epubchecker.problems(book_path) == []


def test_control_characters_in_titles_do_not_break_the_xml(rich, tmp_path):
    rich.site.page_by_src("faq.md").meta = replace(rich.site.page_by_src("faq.md").meta, title="よくある\x0b質問")
    book = opened(tmp_path, render_volume(rich.manifest, rich.site).data)
    assert book.chapter_titles()[-1] == "よくある質問"
