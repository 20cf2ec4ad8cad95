"""The portal's download page: Markdown from manifests, sizes filled after the build."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import markdown

from kbpress.epub import download_page_markdown, fill_download_sizes, format_size, volume_infos
from kbpress.model import JST


def test_volume_infos_take_the_latest_page_update(rich):
    infos = volume_infos([rich.manifest], rich.site)
    assert len(infos) == 1
    info = infos[0]
    assert (info.slug, info.title, info.volume, info.file_name) == ("rich", "情報セキュリティの基本", 1, "rich.epub")
    assert info.site_path == "guidebook/rich.epub"
    assert info.updated == rich.site.build_time  # every fixture page was updated at build time
    rich.site.pages[1].meta = replace(rich.site.pages[1].meta, updated=datetime(2026, 3, 4, 10, 0, tzinfo=JST))
    assert volume_infos([rich.manifest], rich.site)[0].updated == datetime(2026, 3, 4, 10, 0, tzinfo=JST)


def test_volume_infos_need_no_rendered_html_and_sort_by_volume(rich):
    for page in rich.site.pages:
        page.html = ""
    second = replace(rich.manifest, slug="second", volume=2, title="第二巻")
    assert [info.slug for info in volume_infos([second, rich.manifest], rich.site)] == ["rich", "second"]


def test_download_page_lists_title_number_date_and_link(rich):
    info = replace(volume_infos([rich.manifest], rich.site)[0], updated=datetime(2025, 6, 12, 23, 30, tzinfo=JST))
    text = download_page_markdown([info], "guidebook/", "知識の保管庫")
    assert text.startswith("知識の保管庫の解説記事を")
    assert "## 第1巻 情報セキュリティの基本" in text
    assert "**中小企業のための第一歩**" in text
    assert "- 更新日: 2025年6月12日" in text
    assert '<a href="rich.epub" type="application/epub+zip">情報セキュリティの基本</a>' in text  # the title, not the file
    html = markdown.Markdown().convert(text)
    assert '<span data-kbpress-epub-size="rich"></span>' in html
    assert "<h2>第1巻 情報セキュリティの基本</h2>" in html
    assert "rich.epub</a>" not in html


def test_download_page_lists_every_chapter_with_a_link_to_read_it_on_the_portal(rich):
    info = volume_infos([rich.manifest], rich.site)[0]
    assert [(c.title, c.part) for c in info.chapters] == [
        ("バックアップの基本", "第1部 データを守る"), ("パスワード管理", None), ("よくある質問", "付録"),
    ]
    html = markdown.Markdown().convert(download_page_markdown([info], "guidebook/"))
    assert "全3章" in html
    chapters = [c for c in info.chapters]
    for chapter in chapters:
        assert f'{chapter.title}（<a href="../{chapter.url}">Web で読む</a>）' in html
    # Parts head their chapters; a chapter outside a titled part is listed without one.
    assert html.index("<strong>第1部 データを守る</strong>") < html.index("バックアップの基本（")
    assert html.index("パスワード管理（") < html.index("<strong>付録</strong>") < html.index("よくある質問（")


def test_chapters_not_yet_published_are_left_out_of_the_list(rich):
    draft = rich.site.pages[1]
    rich.site.pages.remove(draft)
    titles = [chapter.title for chapter in volume_infos([rich.manifest], rich.site)[0].chapters]
    assert draft.title not in titles and len(titles) == 2


def test_links_are_relative_to_the_page_url(rich):
    info = volume_infos([rich.manifest], rich.site)[0]
    assert 'href="guidebook/rich.epub"' in download_page_markdown([info], "")
    assert 'href="../../guidebook/rich.epub"' in download_page_markdown([info], "about/downloads/")


def test_markdown_characters_in_titles_stay_literal(rich):
    info = replace(volume_infos([rich.manifest], rich.site)[0], title="*強調*ではない [題名] <b>")
    html = markdown.Markdown().convert(download_page_markdown([info]))
    assert "*強調*ではない [題名] &lt;b&gt;" in html


def test_page_without_volumes_says_so():
    assert "いま公開しているガイドブック追補資料はありません。" in download_page_markdown([])


def test_sizes_are_filled_into_the_markers():
    page = '<li><a href="a.epub">a.epub</a>（EPUB<span data-kbpress-epub-size="a"></span>）</li>'
    page += '<li>（EPUB<span data-kbpress-epub-size="b"></span>）</li>'
    filled = fill_download_sizes(page, {"a": 1_234_567})
    assert '（EPUB<span data-kbpress-epub-size="a">、1.2 MB</span>）' in filled
    assert '（EPUB<span data-kbpress-epub-size="b"></span>）' in filled
    assert fill_download_sizes(filled, {"a": 1_234_567}) == filled  # idempotent
    assert fill_download_sizes("<p>other</p>", {"a": 1}) == "<p>other</p>"


def test_sizes_are_formatted_in_decimal_units():
    assert format_size(74_300) == "74 KB"
    assert format_size(120) == "1 KB"
    assert format_size(2_500_000) == "2.5 MB"
