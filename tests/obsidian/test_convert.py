"""The Obsidian converter on notes written the way specialists write them (no build)."""

from __future__ import annotations

import unicodedata

import markdown
import pytest
from pymdownx.slugs import slugify

from kbpress.obsidian import NoteInfo, VaultIndex, convert_note
from kbpress.obsidian.attachments import download_label, says_nothing, size_text
from kbpress.obsidian.headings import heading_ids

SLUG = slugify(case="lower")
GUIDE = "# ガイド\n\n## 見分ける観点\n\n## パスワードの管理 (基本)\n\n## 手順\n\n## 手順\n\n## 連絡先 {#contact}\n"
NFD_NAME = unicodedata.normalize("NFD", "ガイドブック/バックアップ手順.md")


def vault() -> VaultIndex:
    notes = {
        "articles/フィッシング対策.md": NoteInfo("フィッシング対策の基本", heading_ids(GUIDE, SLUG)),
        "articles/ネットワーク/VPN 接続 (テレワーク用).md": NoteInfo("VPN 接続"),
        "articles/【重要】インシデント対応「初動」.md": NoteInfo("インシデントの初動"),
        "articles/README-en.md": NoteInfo("English page"),
        "a/同名.md": NoteInfo("A の同名"),
        "b/同名.md": NoteInfo("B の同名"),
        "a/自分.md": NoteInfo("自分", heading_ids("## まとめ\n", SLUG)),
        NFD_NAME: NoteInfo("バックアップ手順"),
    }
    files = {"資料/注意喚起チラシ.pdf": 1_234_567, "画像/フィッシング メール例.png": 48_000, "画像/Pasted image 20240301101500.png": 9,
             "添付/連絡票.docx": 35_000, "添付/集計表.xlsx": 12 * 1024 * 1024, "articles/図.png": 100}
    return VaultIndex(notes, files, ["非公開/相談記録.md", "articles/下書き.md"])


def convert(body: str, source: str = "articles/今日のメモ.md", details: bool = True):
    return convert_note(body, source, vault(), shown=f"docs/{source}", first_line=10, details=details)


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["admonition", "pymdownx.details", "attr_list", "tables", "toc", "pymdownx.superfences"])


# -- wikilinks -------------------------------------------------------------------


@pytest.mark.parametrize("written, expected", [
    ("[[フィッシング対策]]", "[フィッシング対策](%E3%83%95%E3%82%A3%E3%83%83%E3%82%B7%E3%83%B3%E3%82%B0%E5%AF%BE%E7%AD%96.md)"),
    ("[[フィッシング対策|対策のページ]]", "[対策のページ](%E3%83%95%E3%82%A3%E3%83%83%E3%82%B7%E3%83%B3%E3%82%B0%E5%AF%BE%E7%AD%96.md)"),
    ("[[フィッシング対策.md|拡張子つき]]", "[拡張子つき](%E3%83%95%E3%82%A3%E3%83%83%E3%82%B7%E3%83%B3%E3%82%B0%E5%AF%BE%E7%AD%96.md)"),
    ("[[フィッシング対策#見分ける観点]]", "[フィッシング対策 > 見分ける観点](%E3%83%95%E3%82%A3%E3%83%83%E3%82%B7%E3%83%B3%E3%82%B0%E5%AF%BE%E7%AD%96.md#見分ける観点)"),
    ("[[フィッシング対策#パスワードの管理 (基本)|管理]]", "[管理](%E3%83%95%E3%82%A3%E3%83%83%E3%82%B7%E3%83%B3%E3%82%B0%E5%AF%BE%E7%AD%96.md#パスワードの管理-基本)"),
    ("[[ネットワーク/VPN 接続 (テレワーク用)]]", "[ネットワーク/VPN 接続 (テレワーク用)](%E3%83%8D%E3%83%83%E3%83%88%E3%83%AF%E3%83%BC%E3%82%AF/VPN%20%E6%8E%A5%E7%B6%9A%20%28%E3%83%86%E3%83%AC%E3%83%AF%E3%83%BC%E3%82%AF%E7%94%A8%29.md)"),
    ("[[readme-EN]]", "[readme-EN](README-en.md)"),
])
def test_a_wikilink_becomes_a_markdown_link_relative_to_the_note(written, expected):
    result = convert(f"本文 {written} の続き\n")
    assert result.markdown == f"本文 {expected} の続き\n"
    assert result.problems == []


def test_full_width_brackets_and_names_without_ascii_resolve():
    result = convert("[[【重要】インシデント対応「初動」]]、[[【重要】インシデント対応「初動」|初動]]\n")
    assert result.markdown.count("(%E3%80%90%E9%87%8D%E8%A6%81%E3%80%91") == 2
    assert "[初動](" in result.markdown and result.problems == []


def test_a_decomposed_file_name_matches_a_composed_link():
    result = convert("[[バックアップ手順]] と [[ガイドブック/バックアップ手順|手順]]\n")
    assert result.problems == []
    assert result.markdown.count("](../" + __import__("urllib.parse").parse.quote(NFD_NAME)) == 2


def test_several_links_on_one_line_and_in_a_table_cell():
    body = "| ページ | 説明 |\n| --- | --- |\n| [[フィッシング対策\\|対策]] | [[自分]]と[[a/同名]] |\n"
    result = convert(body, source="a/メモ.md")
    assert result.problems == []
    html = render(result.markdown)
    assert html.count("<td>") == 2  # the escaped | did not split the cell
    assert '<a href="../articles/%E3%83%95%E3%82%A3%E3%83%83%E3%82%B7%E3%83%B3%E3%82%B0%E5%AF%BE%E7%AD%96.md">対策</a>' in html
    assert ">自分</a>と<a " in html and ">a/同名</a>" in html


def test_a_note_in_the_same_folder_wins_over_a_note_elsewhere():
    assert convert("[[同名]]\n", source="a/メモ.md").markdown == "[同名](%E5%90%8C%E5%90%8D.md)\n"
    assert convert("[[同名]]\n", source="b/メモ.md").problems == []


def test_an_ambiguous_name_is_an_error_naming_the_candidates_and_the_fix():
    result = convert("一行目\n二行目 [[同名]]\n")
    assert [(p.severity, p.line) for p in result.problems] == [("error", 11)]
    message = result.problems[0].message
    assert "a/同名.md" in message and "b/同名.md" in message and "[[a/同名]]" in message
    assert "同名" in result.markdown and "](" not in result.markdown


def test_missing_and_unpublished_targets_keep_the_label_and_warn_at_their_line():
    body = "はじめに\n\n[[存在しないノート|ラベル]] と [[相談記録]]\n[[下書き|あとで]]\n"
    result = convert(body)
    assert result.markdown == "はじめに\n\nラベル と 相談記録\nあとで\n"
    # A note not written yet is normal in Obsidian: listed ("note"), not a warning; a private target still warns.
    assert [(p.line, p.severity) for p in result.problems] == [(12, "note"), (12, "warning"), (13, "warning")]
    assert "まだないノート" in result.problems[0].message and "[[存在しないノート|ラベル]]" in result.problems[0].message
    assert "公開されないノート" in result.problems[1].message and "非公開/相談記録.md" in result.problems[1].message


def test_a_missing_heading_links_the_page_top_and_warns():
    result = convert("[[フィッシング対策#存在しない見出し]]\n")
    assert result.markdown.endswith(".md)\n") and "#" not in result.markdown.split("](")[1]
    assert len(result.problems) == 1 and "存在しない見出し" in result.problems[0].message


def test_headings_repeated_explicit_nested_and_block_references():
    result = convert("[[フィッシング対策#手順]] [[フィッシング対策#手順|二つ目]] [[フィッシング対策#連絡先]] "
                     "[[フィッシング対策#ガイド#見分ける観点|節]] [[フィッシング対策#^a1b2c3|段落]]\n")
    assert result.problems == []
    anchors = [part.split(")")[0] for part in result.markdown.split("#")[1:]]
    assert anchors == ["手順", "手順", "contact", "見分ける観点"]
    assert "[段落](%E3%83%95" in result.markdown


def test_a_heading_of_the_same_note():
    result = convert("[[#まとめ]] と [[#まとめ|最後の節]]\n", source="a/自分.md")
    assert result.markdown == "[まとめ](%E8%87%AA%E5%88%86.md#まとめ) と [最後の節](%E8%87%AA%E5%88%86.md#まとめ)\n"


def test_code_and_escaped_links_stay_as_written():
    body = "`[[フィッシング対策]]` と \\[[フィッシング対策]]\n\n```markdown\n[[フィッシング対策]] ![[図.png]]\n> [!note] 例\n==強調== %% メモ %%\n```\n\n    [[インデントのコード]]\n"
    result = convert(body)
    assert result.markdown == body
    assert result.problems == []


def test_crlf_line_endings():
    result = convert("一行目\r\n[[存在しない]]\r\n[[フィッシング対策]]\r\n")
    assert "\r" not in result.markdown and result.markdown.count("\n") == 3
    assert [problem.line for problem in result.problems] == [11]


# -- embeds and attachments ---------------------------------------------------------


def test_image_embeds_with_size_and_description():
    result = convert("![[フィッシング メール例.png]]\n![[フィッシング メール例.png|300]]\n![[画像/フィッシング メール例.png|300x200]]\n"
                     "![[フィッシング メール例.png|偽の請求メールの画面]]\n![[図.png|構成図|480]]\n")
    lines = result.markdown.split("\n")
    url = "../%E7%94%BB%E5%83%8F/%E3%83%95%E3%82%A3%E3%83%83%E3%82%B7%E3%83%B3%E3%82%B0%20%E3%83%A1%E3%83%BC%E3%83%AB%E4%BE%8B.png"
    assert lines[0] == f"![フィッシング メール例]({url})"
    assert lines[1] == f'![フィッシング メール例]({url}){{ width="300" }}'
    assert lines[2] == f'![フィッシング メール例]({url}){{ width="300" height="200" }}'
    assert lines[3] == f"![偽の請求メールの画面]({url})"
    assert lines[4] == '![構成図](%E5%9B%B3.png){ width="480" }'
    assert result.problems == []
    html = render(result.markdown)
    assert 'height="200"' in html and html.count('width="300"') == 2 and html.count("<img") == 5 and 'alt=""' not in html


def test_an_image_named_by_a_camera_or_paste_needs_a_description():
    result = convert("![[Pasted image 20240301101500.png]]\n![[Pasted image 20240301101500.png|受信画面]]\n")
    assert len(result.problems) == 1 and result.problems[0].line == 10
    assert "|何が写っているか]]" in result.problems[0].message
    assert "![受信画面](" in result.markdown


@pytest.mark.parametrize("name", ["Pasted image 20231010.png", "image1.png", "IMG_0012.JPG", "スクリーンショット 2024-03-01 10.15.00.png",
                                  "Screenshot 2024-03-01.png", "画像3.png", "20240301.jpg", "DSC01234.jpg"])
def test_names_that_say_nothing(name):
    assert says_nothing(name)


@pytest.mark.parametrize("name", ["フィッシングメールの例.png", "network-diagram.png", "請求書の偽物.jpg", "image-of-usb.png"])
def test_names_that_describe(name):
    assert not says_nothing(name)


def test_attachments_become_download_links_with_type_and_size():
    result = convert("![[資料/注意喚起チラシ.pdf]]\n[[注意喚起チラシ.pdf|チラシ]] ![[連絡票.docx|連絡票の様式]] [[集計表.xlsx]]\n")
    assert result.markdown.split("\n")[0] == "[注意喚起チラシ（PDF・1.2 MB）](../%E8%B3%87%E6%96%99/%E6%B3%A8%E6%84%8F%E5%96%9A%E8%B5%B7%E3%83%81%E3%83%A9%E3%82%B7.pdf)"
    assert "[チラシ（PDF・1.2 MB）](" in result.markdown
    assert "[連絡票の様式（Word・34 KB）](" in result.markdown and "[集計表（Excel・12 MB）](" in result.markdown
    assert result.files == {"資料/注意喚起チラシ.pdf", "添付/連絡票.docx", "添付/集計表.xlsx"}


def test_markdown_links_to_attachments_are_labelled_and_counted():
    body = "[チラシ](../資料/注意喚起チラシ.pdf) と ![図](図.png) と <img src=\"../画像/Pasted image 20240301101500.png\" alt=\"x\">\n\n[様式]: ../添付/連絡票.docx\n"
    result = convert(body)
    assert "[チラシ（PDF・1.2 MB）](../資料/注意喚起チラシ.pdf)" in result.markdown
    assert result.files == {"資料/注意喚起チラシ.pdf", "articles/図.png", "画像/Pasted image 20240301101500.png", "添付/連絡票.docx"}


def test_a_missing_attachment_warns_with_its_line():
    result = convert("本文\n![[ない資料.pdf]] ![[消えた画像.png|説明]]\n")
    assert [problem.line for problem in result.problems] == [11, 11]
    assert result.markdown == "本文\n 説明\n" and result.files == set()


def test_a_note_embed_is_a_link_under_the_notes_title():
    result = convert("![[フィッシング対策]]\n![[フィッシング対策#見分ける観点]]\n![[相談記録]]\n")
    lines = result.markdown.split("\n")
    assert lines[0].startswith("[フィッシング対策の基本](") and lines[1].startswith("[フィッシング対策の基本 > 見分ける観点](")
    assert lines[2] == ""  # a private note embedded: nothing of it, not even its name
    assert len(result.problems) == 1


@pytest.mark.parametrize("size, shown", [(0, "1 KB"), (300, "1 KB"), (1536, "2 KB"), (35_000, "34 KB"), (1_048_575, "1.0 MB"),
                                         (1_234_567, "1.2 MB"), (10_905_190, "10 MB"), (3 * 1024**3 // 2, "1.5 GB")])
def test_sizes_in_units_of_1024(size, shown):
    assert size_text(size) == shown


def test_download_label_types():
    assert download_label("a.PPTX", 2048) == "PowerPoint・2 KB"
    assert download_label("記録.csv", 10) == "CSV・1 KB"
    assert download_label("設計.vsdx", 10) == "VSDX・1 KB"


# -- callouts, comments, TOC blocks, highlights --------------------------------------


def test_callouts_become_admonitions_and_collapsible_ones_details():
    body = ("> [!note] 題\n> 本文\n\n> [!WARNING]- 折りたたみ\n> 中身\n>\n> 二段落目\n\n> [!tip]+\n> 開いた状態\n\n"
            "> [!相談事例] 実際の相談\n> 内容\n\n> [!faq]\n> 質問\n")
    result = convert(body)
    assert result.markdown.split("\n") == [
        '!!! note "題"', "    本文", "", '??? warning "折りたたみ"', "    中身", "", "    二段落目", "",
        '???+ tip "ヒント"', "    開いた状態", "", '!!! note "実際の相談"', "    内容", "", '!!! faq "よくある質問"', "    質問", "",
    ]
    html = render(result.markdown)
    assert html.count("<details") == 2 and '<details class="tip" open="open">' in html
    assert '<div class="admonition note">' in html and "> [!" not in html


def test_nested_callouts_and_a_callout_in_a_list():
    body = "> [!info] 外側\n> 外の文\n> > [!danger] 内側\n> > 内の文 [[フィッシング対策]]\n\n- 項目\n\n    > [!example] 例\n    > 例の文\n"
    result = convert(body)
    lines = result.markdown.split("\n")
    assert lines[:4] == ['!!! info "外側"', "    外の文", '    !!! danger "内側"', "        内の文 [フィッシング対策](%E3%83%95%E3%82%A3%E3%83%83%E3%82%B7%E3%83%B3%E3%82%B0%E5%AF%BE%E7%AD%96.md)"]
    assert lines[7:9] == ['    !!! example "例"', "        例の文"]
    html = render(result.markdown)
    assert html.count('<div class="admonition ') == 3


def test_collapsible_callouts_without_pymdownx_details_are_shown_open():
    assert convert("> [!tip]- 題\n> 本文\n", details=False).markdown == '!!! tip "題"\n    本文\n'


def test_comments_are_dropped_inline_and_across_lines_and_keep_line_numbers():
    body = "公開する文 %% 非公開のメモ %% 続き\n%%\n顧客名: 株式会社サンプル\n[[存在しない]]\n%%\n最後 [[存在しないノート]]\n"
    result = convert(body)
    assert "非公開" not in result.markdown and "サンプル" not in result.markdown and "%%" not in result.markdown
    assert result.markdown.count("\n") == body.count("\n")
    assert [problem.line for problem in result.problems] == [15]  # the link inside the comment is not a link


def test_an_unclosed_comment_hides_the_rest_of_the_note():
    result = convert("見える\n%% ここから非公開\n秘密の内容\n")
    assert result.markdown == "見える\n\n\n"
    assert len(result.problems) == 1 and result.problems[0].line == 11


def test_table_of_contents_blocks_are_removed():
    body = "前\n\n```table-of-contents\ntitle: 目次\nminLevel: 2\n```\n\n~~~ table-of-contents\n~~~\n\n```python\nprint(1)\n```\n"
    result = convert(body)
    assert "table-of-contents" not in result.markdown and "目次" not in result.markdown
    assert "```python\nprint(1)\n```" in result.markdown
    assert result.markdown.count("\n") == body.count("\n")


def test_highlights_become_mark_elements():
    body = "==大切== と ==**太字**の強調== と a == b と `==コード==`\n\n=== \"タブ\"\n\n見出し\n======\n"
    result = convert(body)
    assert result.markdown.startswith("<mark>大切</mark> と <mark>**太字**の強調</mark> と a == b と `==コード==`")
    assert '=== "タブ"' in result.markdown and "\n======\n" in result.markdown
    assert "<mark><strong>太字</strong>の強調</mark>" in render(result.markdown)


# -- heading ids ------------------------------------------------------------------------


def test_heading_ids_match_the_toc_extension():
    body = "# 題\n\n## 見分ける **観点**\n\n## [[フィッシング対策|対策]] の手順\n\n## 手順\n\n## 手順\n\n```\n## コードの中\n```\n## 連絡先 {#contact}\n"
    ids = [anchor for _text, anchor in heading_ids(body, SLUG)]
    converted = convert(body).markdown  # the page renders the converted note: the link's label is the heading's text
    html = markdown.markdown(converted, extensions=["attr_list", "toc", "pymdownx.superfences"], extension_configs={"toc": {"slugify": SLUG}})
    rendered = [part.split('"')[0] for part in html.split(' id="')[1:]]
    assert ids == rendered == ["題", "見分ける-観点", "対策-の手順", "手順", "手順_1", "contact"]


# -- what a converted body depends on (render cache) -------------------------------------


def test_the_vault_digest_follows_titles_headings_sizes_and_publication():
    from kbpress.obsidian.project import index_digest

    base = index_digest(vault())
    assert index_digest(vault()) == base
    changed = [
        VaultIndex({**vault().notes, "articles/フィッシング対策.md": NoteInfo("新しい題", vault().notes["articles/フィッシング対策.md"].headings)},
                   vault().files, vault().unpublished),
        VaultIndex({**vault().notes, "a/自分.md": NoteInfo("自分", heading_ids("## 結論\n", SLUG))}, vault().files, vault().unpublished),
        VaultIndex(vault().notes, {**vault().files, "資料/注意喚起チラシ.pdf": 2_000_000}, vault().unpublished),
        VaultIndex(vault().notes, vault().files, vault().unpublished | {"非公開/もう一つ.md"}),
    ]
    assert len({index_digest(index) for index in changed} - {base}) == 4


def test_callouts_written_one_after_another_without_a_blank_line_stay_two():
    result = convert("> [!note] 一つ目\n> 本文\n> [!warning] 二つ目\n> 注意\n")
    assert result.markdown == '!!! note "一つ目"\n    本文\n!!! warning "二つ目"\n    注意\n'
    assert "[!" not in render(result.markdown)


def test_headings_inside_callouts_count_and_headings_inside_comments_do_not():
    body = "## 概要\n\n> [!tip] 手順\n> ## 準備\n> 本文\n\n%%\n## 下書きの節\n%%\n## 概要\n"
    assert heading_ids(body, SLUG) == (("概要", "概要"), ("準備", "準備"), ("概要", "概要_1"))
    rendered = markdown.markdown(convert(body).markdown, extensions=["admonition", "toc"], extension_configs={"toc": {"slugify": SLUG}})
    assert [part.split('"')[0] for part in rendered.split(' id="')[1:]] == ["概要", "準備", "概要_1"]


def test_a_table_of_contents_block_never_closed_drops_only_its_opening_line():
    result = convert("前\n```table-of-contents\n## 本文の見出し\n本文\n")
    assert result.markdown == "前\n\n## 本文の見出し\n本文\n"


def test_a_line_of_inline_tags_stays_text_and_headings_stay_headings():
    body = "#セキュリティ #LifeWork/知の共有化\n\n# 見出し\n\n> #引用の中のタグ\n\n```\n#コードの中\n```\n本文の #タグ はそのまま\n"
    result = convert(body)
    html = render(result.markdown)
    assert "<p>#セキュリティ #LifeWork/知の共有化</p>" in html and "<h1" in html and html.count("<h1") == 1
    assert "<p>#引用の中のタグ</p>" in html and "#コードの中" in html and "本文の #タグ はそのまま" in html


def test_block_ids_are_hidden_outside_code_and_links_to_them_open_the_note():
    result = convert("送信元を確かめます。 ^check1\n\n- 一つ目\n- 二つ目\n\n^list-a1\n\n`x ^keep`\n\n```\ncode ^kept\n```\n"
                     "[[フィッシング対策#^check1|確認]]\n")
    assert "^check1" not in result.markdown.split("\n")[0] and "^list-a1" not in result.markdown
    assert "`x ^keep`" in result.markdown and "code ^kept" in result.markdown
    assert result.markdown.count("\n") == 13 and result.problems == []  # the line count is kept
