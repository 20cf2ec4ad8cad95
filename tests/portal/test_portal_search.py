"""Search, core only: terms, index records, what is indexed, the index files and the worker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbpress.model import Kind, Page, PageMeta
from kbpress.scheduler import JobFailed, Scheduler
from kbpress.search import (
    DEFAULT_EXCLUDE_SELECTORS,
    IndexWriter,
    index_job,
    index_pages,
    is_indexed,
    search_page_markdown,
)
from kbpress.search.background import WORKER_MIN_PAGES
from kbpress.search.contract import HEADING_WEIGHT
from kbpress.search.index import FORMAT_VERSION, TABLE_FILES, TITLE_WEIGHT, shard_count, shard_of
from kbpress.search.records import page_record
from kbpress.search.tokens import normalise, search_terms, term_counts

ARTICLE_HTML = """<!doctype html><html lang="ja"><head><title>パスワードと多要素認証 - 知識の保管庫</title></head>
<body><nav>ナビゲーションの文字</nav>
<article><div class="kb-body" data-kb-search-body>
<h1 id="t">パスワードと多要素認証<a class="headerlink" href="#t">¶</a></h1>
<dl class="kb-page-info"><dt>カテゴリ</dt><dd>パスワード・認証</dd></dl>
<p>長い<strong>パスワード</strong>管理ツールを使います。</p>
<ul><li>使い回さない</li><li>多要素認証を<em>設定</em>する</li></ul>
<p data-kb-search-ignore>索引しない注記</p>
<script>var x = "スクリプト";</script>
</div></article></body></html>"""

BACKUP_HTML = """<html><body><div data-kb-search-body><h1>バックアップの基本</h1>
<p>バックアップは三つ作り、一つは社外に置きます。パスワードも控えます。</p></div></body></html>"""


def test_japanese_runs_become_bigrams_and_other_words_stay_whole():
    # Folded first: the long vowel mark goes, hiragana becomes katakana.
    assert search_terms("パスワード管理") == ["パス", "スワ", "ワド", "ド管", "管理"]
    assert search_terms("VPN機器、偽SMS") == ["vpn", "機器", "偽", "sms"]
    # NFKC first; a hyphenated Latin word is read joined (the index holds its parts as well).
    assert search_terms("Ｗｉ－Ｆｉと ｶﾀｶﾅ") == ["wifi", "ト", "カタ", "タカ", "カナ"]
    assert search_terms("「」、。！") == []
    assert term_counts("パスパス") == {"パス": 2, "スパ": 1}


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("ぱすわーど", "パスワード"),  # hiragana
        ("ウィルス", "ウイルス"),  # small kana
        ("ランサムウエア", "ランサムウェア"),
        ("サーバ", "サーバー"),  # long vowel mark
        ("ヴァイオリン", "バイオリン"),  # ヴ rows
        ("ｽﾏｰﾄﾌｫﾝ", "スマートフォン"),  # half width
        ("ビジネス・メール", "ビジネスメール"),  # middle dot
        ("ＭＦＡ", "mfa"),  # full width, case
        ("一ヶ月", "一ケ月"),
    ],
)
def test_spelling_variants_give_the_same_terms(typed, written):
    assert normalise(typed) == normalise(written)
    assert search_terms(typed) == search_terms(written)


def test_any_substring_of_a_text_yields_terms_of_that_text():
    text = "ランサムウェアに備えるためのバックアップと復元テスト"
    terms = set(search_terms(text))
    for start in range(len(text)):
        for end in range(start + 2, len(text) + 1):
            assert set(search_terms(text[start:end])) <= terms


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
    # The search page's own form is marked data-kb-search; that is not a body.
    assert page_record('<html><body><form data-kb-search><p>検索</p></form></body></html>') is None


def _read(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _postings(index_dir: Path, term: str) -> dict[int, int]:
    """Decode one term's postings the way search.js does: page differences and weights."""
    meta = _read(index_dir / "meta.json")
    shard = _read(index_dir / "t" / f"{shard_of(term, meta['shards'])}.json")
    pages, page = {}, 0
    values = shard.get(term, [])
    for difference, weight in zip(values[::2], values[1::2]):
        page += difference
        pages[page] = weight
    return pages


def test_index_files_hold_postings_lengths_and_documents(tmp_path):
    result = index_pages([("articles/mfa/", ARTICLE_HTML), ("list/", "<p>一覧</p>"), ("articles/backup/", BACKUP_HTML)],
                         tmp_path / "index", DEFAULT_EXCLUDE_SELECTORS)
    assert result.pages == 2
    meta = _read(tmp_path / "index" / "meta.json")
    assert meta["version"] == FORMAT_VERSION and meta["pages"] == 2 and len(meta["lengths"]) == 2
    # パス: page 0 has it in its heading and once in the body, plus the title and heading weights; page 1 once.
    assert _postings(tmp_path / "index", "パス") == {0: 2 + TITLE_WEIGHT + HEADING_WEIGHT - 1, 1: 1}
    assert _postings(tmp_path / "index", "管理") == {0: 1}
    assert _postings(tmp_path / "index", "社外") == {1: 1}
    assert _postings(tmp_path / "index", "カテ") == {}, "the page info block is not indexed"
    document = _read(tmp_path / "index" / "d" / "1.json")
    assert document["url"] == "articles/backup/" and document["title"] == "バックアップの基本"
    assert "社外に置きます" in document["text"]
    shards = sorted((tmp_path / "index" / "t").iterdir())
    assert len(shards) == meta["shards"]


def test_every_term_sits_in_the_shard_of_its_first_character(tmp_path):
    writer = IndexWriter(tmp_path)
    for number in range(40):
        html = f"<div data-kb-search-body><h1>記事{number}</h1><p>項目{number}を確認 word{number} 漢字{chr(0x4E00 + number)}</p></div>"
        writer.add(f"p{number}/", page_record(html))
    writer.finish()
    meta = _read(tmp_path / "meta.json")
    shards = list((tmp_path / "t").iterdir())
    assert len(shards) == meta["shards"] >= 1
    for path in shards:
        for term in _read(path):
            assert shard_of(term, meta["shards"]) == int(path.stem)


def test_shard_count_grows_in_powers_of_two_with_the_postings():
    assert shard_count(0) == 1 and shard_count(6_000) == 1
    assert shard_count(6_001) == 2 and shard_count(100_000) == 32
    assert shard_count(10**12) == 1024


def test_same_pages_give_the_same_bytes(tmp_path):
    pages = [("a/", ARTICLE_HTML), ("b/", BACKUP_HTML)]
    index_pages(pages, tmp_path / "one", DEFAULT_EXCLUDE_SELECTORS)
    index_pages(pages, tmp_path / "two", DEFAULT_EXCLUDE_SELECTORS)
    written = sorted((tmp_path / "one").rglob("*.json"))
    shards = _read(tmp_path / "one" / "meta.json")["shards"]
    assert len(written) == 1 + shards + len(pages) + len(TABLE_FILES)  # meta, shards, documents, tables
    for path in written:
        assert path.read_bytes() == (tmp_path / "two" / path.relative_to(tmp_path / "one")).read_bytes()


def _indexer(output_dir, pages: int = WORKER_MIN_PAGES, scheduler: Scheduler | None = None):
    return (scheduler or Scheduler(workers=1)).open(index_job(output_dir, DEFAULT_EXCLUDE_SELECTORS), expected=pages)


def test_a_worker_writes_the_same_index_as_the_build_process(tmp_path):
    indexer = _indexer(tmp_path / "worker")
    assert indexer.in_worker
    for url, html in [("a/", ARTICLE_HTML), ("b/", BACKUP_HTML)]:
        indexer.send((url, html))
    (result,) = indexer.results()
    assert result.pages == 2
    index_pages([("a/", ARTICLE_HTML), ("b/", BACKUP_HTML)], tmp_path / "inline", DEFAULT_EXCLUDE_SELECTORS)
    written = sorted((tmp_path / "inline").rglob("*.json"))
    assert len(written) >= 4, written  # meta, a shard, two documents
    for path in written:
        assert path.read_bytes() == (tmp_path / "worker" / path.relative_to(tmp_path / "inline")).read_bytes()


def test_a_worker_failure_is_reported_for_the_index(tmp_path):
    blocked = tmp_path / "index"
    blocked.write_text("a file where the index folder must go", encoding="utf-8")
    indexer = _indexer(blocked)
    indexer.send(("a/", ARTICLE_HTML))
    with pytest.raises(JobFailed) as caught:
        indexer.results()
    assert caught.value.reported and "検索インデックスを作れませんでした" in str(caught.value)


def test_small_sites_are_indexed_in_the_build_process_as_pages_come(tmp_path):
    small = _indexer(tmp_path / "small", pages=WORKER_MIN_PAGES - 1)
    assert not small.in_worker
    small.send(("a/", ARTICLE_HTML))
    assert (tmp_path / "small" / "d" / "0.json").is_file(), "pages are indexed as they come, not kept"
    (result,) = small.results()
    assert result.pages == 1 and (tmp_path / "small" / "meta.json").is_file()


def test_a_cancelled_build_stops_the_indexing_worker(tmp_path):
    scheduler = Scheduler(workers=1)
    indexer = _indexer(tmp_path / "index", scheduler=scheduler)
    indexer.send(("a/", ARTICLE_HTML))
    worker = scheduler.worker(0)
    scheduler.cancel()
    assert not worker.is_alive()
    with pytest.raises(JobFailed):
        indexer.results()


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


def test_a_character_that_only_ends_a_run_is_found_on_its_own(tmp_path):
    pages = [("dogs/", '<div data-kb-search-body><h1>猫と犬</h1><p>うちの子犬。</p></div>'),
             ("walk/", '<div data-kb-search-body><h1>散歩</h1><p>犬の散歩</p></div>')]
    index_pages(pages, tmp_path, DEFAULT_EXCLUDE_SELECTORS)
    # 犬 starts a bigram only on the second page; on the first it ends two runs.
    assert set(_postings(tmp_path, "犬")) == {0}
    assert set(_postings(tmp_path, "犬ノ")) == {1}  # terms are folded: の is stored as ノ
    assert search_terms("犬") == ["犬"], "queries are cut as before"


def test_meta_names_a_build_id_that_follows_the_content(tmp_path):
    index_pages([("a/", ARTICLE_HTML)], tmp_path / "one", DEFAULT_EXCLUDE_SELECTORS)
    index_pages([("a/", ARTICLE_HTML)], tmp_path / "same", DEFAULT_EXCLUDE_SELECTORS)
    index_pages([("a/", BACKUP_HTML)], tmp_path / "other", DEFAULT_EXCLUDE_SELECTORS)
    builds = [_read(tmp_path / name / "meta.json")["build"] for name in ("one", "same", "other")]
    assert builds[0] == builds[1] != builds[2]
