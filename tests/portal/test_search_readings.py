"""What readers type that no word list covers: kana readings of kanji words,
Latin words written apart or together, and typos inside one word.

The words here are chosen apart from the reader query sets (the sample
site's and the held-out one): each test names a class of input, not a query.
"""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from kbpress.search import DEFAULT_EXCLUDE_SELECTORS, index_pages
from kbpress.search.contract import CORRECTION_WEIGHT
from kbpress.search.dictionary import build_dictionary, sudachi_dictionary
from kbpress.search.tokens import index_term_counts, normalise, search_terms
from noderecall import NodeSearch

PAGES = "脆弱性の情報を確認する\n標的型攻撃に注意\n情報漏えいの報告\n鍵を掛ける"


@pytest.fixture(scope="module")
def readings():
    assert sudachi_dictionary() is not None, "SudachiPy and SudachiDict-small are pinned in pyproject.toml"
    return build_dictionary(Counter(PAGES.split("\n")), ()).expansions


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("ぜいじゃくせい", "脆弱性"),  # a word and its suffix (性)
        ("ひょうてきがた", "標的型"),
        ("ひょうてきがたこうげき", "標的型攻撃"),  # a compound: the parts' readings joined
        ("じょうほうろうえい", "情報漏えい"),  # okurigana kept as the pages write it
        ("ジョウホウ", "情報"),  # in katakana too
    ],
)
def test_a_kanji_word_is_found_by_its_reading(readings, typed, written):
    assert normalise(written) in readings[normalise(typed)], sorted(readings)


def test_readings_of_two_kana_are_not_keys(readings):
    # かぎ (鍵) names dozens of words, and query endings hold such pairs (いち in 開いちゃった).
    assert normalise("かぎ") not in readings
    kana_keys = [key for key in readings if all("\u30a1" <= ch <= "\u30fa" for ch in key)]
    assert kana_keys and not [key for key in kana_keys if len(key) < 3]


def test_a_suffix_starts_no_compound(readings):
    assert not [key for key, forms in readings.items() if any(form.startswith("型") for form in forms)]


@pytest.mark.parametrize(
    ("apart", "together"),
    [("Blue-tooth", "bluetooth"), ("iOS 17", "ios17"), ("e-Tax", "etax"), ("Office 365", "office365")],
)
def test_latin_words_match_written_apart_or_together(apart, together):
    assert set(search_terms(together)) <= set(index_term_counts(apart))
    assert set(search_terms(apart)) <= set(index_term_counts(together))


def test_a_hyphenated_word_is_indexed_whole_and_in_parts():
    assert set(index_term_counts("Blue-tooth")) == {"bluetooth", "blue", "tooth"}
    assert search_terms("blue tooth") == ["blue", "tooth"]


@pytest.fixture(scope="module")
def typo_search(tmp_path_factory):
    if shutil.which("node") is None:
        pytest.fail("node がありません。`scripts/ensure-system-packages test` で nodejs を入れてください")
    out = tmp_path_factory.mktemp("typo-index")
    pages = [
        ("antivirus/", "<div data-kb-search-body><h1>ウイルスバスターの更新</h1><p>ウイルスバスターは毎日更新します。</p></div>"),
        ("firewall/", "<div data-kb-search-body><h1>ルーターの設定</h1><p>ファイアウォール設定を見直します。</p></div>"),
        ("login/", "<div data-kb-search-body><h1>ログイン</h1><p>password は使い回さない。passwd ファイルとは別物です。</p></div>"),
        ("bluetooth/", "<div data-kb-search-body><h1>無線機器</h1><p>Blue-tooth のペアリングは人前でしない。</p></div>"),
    ]
    index_pages(pages, out, DEFAULT_EXCLUDE_SELECTORS)
    search = NodeSearch(out)
    yield search
    search.close()


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("ウイルスバスタ", "antivirus/"),  # a letter short
        ("ファイヤウォール設定", "firewall/"),  # a mistyped katakana word beside a known one
        ("pasword", "login/"),  # a Latin word no page holds, one edit from one that does
        ("bluetooth", "bluetooth/"),
        ("blue tooth", "bluetooth/"),
    ],
)
def test_typos_and_split_words_still_find_the_page(typo_search, query, page):
    assert typo_search.ask({"query": query})[:1] == [page]


def test_a_correction_counts_less_than_the_word_typed_right(typo_search):
    (url, _held, exact), = typo_search.ask({"explain": "password"})
    (corrected_url, _held, corrected), = typo_search.ask({"explain": "pasword"})
    assert corrected_url == url == "login/"
    assert corrected == pytest.approx(exact * CORRECTION_WEIGHT, rel=0.02)
