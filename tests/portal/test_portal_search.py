"""Search, core only: terms, index records, what is indexed, and a real Pagefind run."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbpress.model import Kind, KbpressError, Page, PageMeta
from kbpress.search import DEFAULT_EXCLUDE_SELECTORS, build_index, is_indexed, search_page_markdown
from kbpress.search.records import INDEX_LANGUAGE, index_document, page_record
from kbpress.search.tokens import encode_term, index_text, search_terms

ARTICLE_HTML = """<!doctype html><html lang="ja"><head><title>パスワードと多要素認証 - 知識の保管庫</title></head>
<body><nav>ナビゲーションの文字</nav>
<article><div class="kb-body" data-pagefind-body>
<h1 id="t">パスワードと多要素認証<a class="headerlink" href="#t">¶</a></h1>
<dl class="kb-page-info"><dt>カテゴリ</dt><dd>パスワード・認証</dd></dl>
<p>長い<strong>パスワード</strong>管理ツールを使います。</p>
<ul><li>使い回さない</li><li>多要素認証を<em>設定</em>する</li></ul>
<p data-pagefind-ignore>索引しない注記</p>
<script>var x = "スクリプト";</script>
</div></article></body></html>"""


def test_japanese_runs_become_bigrams_and_other_words_stay_whole():
    assert search_terms("パスワード管理") == ["パス", "スワ", "ワー", "ード", "ド管", "管理"]
    assert search_terms("VPN機器、偽SMS") == ["vpn", "機器", "偽", "sms"]
    assert search_terms("Ｗｉ－Ｆｉと ｶﾀｶﾅ") == ["wi", "fi", "と", "カタ", "タカ", "カナ"]  # NFKC first
    assert search_terms("「」、。！") == []


def test_any_substring_of_a_text_yields_terms_of_that_text():
    text = "ランサムウェアに備えるためのバックアップと復元テスト"
    terms = set(search_terms(text))
    for start in range(len(text)):
        for end in range(start + 2, len(text) + 1):
            assert set(search_terms(text[start:end])) <= terms


def test_japanese_terms_are_spelled_in_ascii_for_the_index():
    assert encode_term("進め") == "q" + "ib0" + "01v"
    assert encode_term("々") == "q000" and encode_term("\ufaff") == "qltl"  # first and last: 0 and 28,281
    assert encode_term("vpn") == "vpn" and encode_term("2026") == "2026"
    assert index_text("備える VPN") == f"{encode_term('備え')} {encode_term('える')} vpn"
    assert encode_term("備え").startswith(encode_term("備")), "one-character queries must stay prefixes"
    assert encode_term("備え").isascii() and encode_term("備え").isalnum()


def test_record_keeps_blocks_whole_across_inline_markup():
    record = page_record(ARTICLE_HTML, DEFAULT_EXCLUDE_SELECTORS)
    assert record.title == "パスワードと多要素認証"
    texts = [block.text for block in record.blocks]
    assert "長いパスワード管理ツールを使います。" in texts
    assert "多要素認証を設定する" in texts


def test_record_leaves_out_page_info_permalinks_ignored_parts_and_scripts():
    text = page_record(ARTICLE_HTML, DEFAULT_EXCLUDE_SELECTORS).text
    for absent in ("カテゴリ", "¶", "索引しない", "スクリプト", "ナビゲーション"):
        assert absent not in text


def test_pages_without_a_marked_body_have_no_record():
    assert page_record("<html><body><p>一覧</p></body></html>") is None


def test_index_document_holds_terms_and_readable_metadata():
    document = index_document(page_record(ARTICLE_HTML, DEFAULT_EXCLUDE_SELECTORS))
    assert f'lang="{INDEX_LANGUAGE}"' in document
    assert '<meta data-pagefind-meta="title[content]" content="パスワードと多要素認証">' in document
    assert f"<h1>{index_text('パスワードと多要素認証')}</h1>" in document
    assert document.count("<h1>") == 1, "the title heading is not repeated"
    assert encode_term("管理") in document


def test_metadata_is_escaped():
    html = '<html><body><div data-pagefind-body><h1>"引用" &amp; &lt;b&gt;</h1></div></body></html>'
    document = index_document(page_record(html))
    assert 'content="&quot;引用&quot; &amp; &lt;b&gt;"' in document


def _page(src: str, generated: bool = False) -> Page:
    return Page(src_path=src, url="x/", meta=PageMeta(kind=Kind.PAGE, title="t"), generated=generated)


@pytest.mark.parametrize(
    ("page", "front_matter", "indexed"),
    [
        (_page("articles/a.md"), {}, True),
        (_page("categories/mail/index.md", generated=True), {}, False),
        (_page("updates.md", generated=True), {}, False),
        (_page("guidebook.md", generated=True), {}, True),
        (_page("feeds.md", generated=True), {}, True),
        (_page("about.md"), {"search": {"exclude": True}}, False),
        (None, {}, False),
    ],
)
def test_what_is_indexed(page, front_matter, indexed):
    assert is_indexed(page, front_matter) is indexed


def test_search_page_source_uses_the_search_template():
    source = search_page_markdown()
    assert "template: kbpress-search.html" in source
    assert "exclude: true" in source


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_build_index_runs_pagefind_on_marked_pages_only(tmp_path):
    site = tmp_path / "site"
    _write(site / "articles" / "a" / "index.html", ARTICLE_HTML)
    _write(site / "categories" / "index.html", "<html><body><p>一覧</p></body></html>")
    result = build_index(site)
    assert result.pages == 1
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert list((site / "pagefind" / "fragment").iterdir())


def test_build_index_failure_is_a_problem_naming_pagefind(tmp_path):
    site = tmp_path / "site"
    _write(site / "a" / "index.html", ARTICLE_HTML)
    (site / "pagefind").write_text("a file where the index folder must go", encoding="utf-8")
    with pytest.raises(KbpressError) as caught:
        build_index(site)
    assert "検索インデックスを作れませんでした" in str(caught.value)


JAPANESE_SAMPLE = "パスワード管理をしてください。々〆ーｶﾀｶﾅＡＢＣ abc 123 VPN機器の脆弱性、「引用」"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(JAPANESE_SAMPLE + "漢字かなカナ 　\n"), max_size=60))
def test_fast_index_text_gives_exactly_the_encoded_terms(text):
    assert index_text(text) == " ".join(encode_term(term) for term in search_terms(text))
