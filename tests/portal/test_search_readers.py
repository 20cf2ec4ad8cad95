"""Search as readers use it, without a browser: the real search-core.js under Node.

- the reader query set (``readerqueries.py``) on the sample site: recall in
  the top 3, and no query left with nothing;
- the JavaScript tokenizer against the Python one on generated strings
  (Hypothesis), built from the contract in the index's meta.json, as the
  browser builds it;
- what the index leaves out (editor pages) and what it adds (variants,
  synonyms restricted to the pages' words).
"""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbpress.search import DEFAULT_EXCLUDE_SELECTORS, index_pages
from kbpress.search.tokens import normalise, search_terms
from noderecall import TOP, NodeSearch, expected_pages
from readerqueries import QUERIES

pytestmark = pytest.mark.slow

_HEADING_RE = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)
_TAG_RE = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def node():
    if shutil.which("node") is None:
        pytest.fail("node がありません。`scripts/ensure-system-packages test` で nodejs を入れてください")


@pytest.fixture(scope="module")
def sample_search(node, sample_site):
    search = NodeSearch(sample_site / "search" / "index")
    yield search
    search.close()


def test_reader_queries_find_the_page_meant_in_the_top_3(sample_search):
    assert len(QUERIES) >= 200
    assert len({query for query, _kind, _pages in QUERIES}) == len(QUERIES), "each query once"
    results = {query: sample_search.ask({"query": query}) for query, _kind, _pages in QUERIES}
    assert len(results) == len(QUERIES)
    empty = [query for query, urls in results.items() if not urls]
    assert not empty, f"queries with no result at all: {empty}"
    misses = [
        f"{query} -> {pages} (got {results[query][:TOP]})"
        for query, _kind, pages in QUERIES
        if not set(expected_pages(pages)) & set(results[query][:TOP])
    ]
    recall = 1 - len(misses) / len(QUERIES)
    assert recall >= 0.95, f"recall@3 {recall:.1%}:\n" + "\n".join(misses)


def test_every_page_a_query_means_is_on_the_site(sample_site):
    meant = {page for _query, _kind, pages in QUERIES for page in expected_pages(pages)}
    assert len(meant) >= 30
    missing = [page for page in sorted(meant) if not (sample_site / page / "index.html").is_file()]
    assert not missing


def test_no_reader_query_is_a_heading_or_title_of_the_site(sample_site):
    headings = set()
    pages = sorted(sample_site.rglob("index.html"))
    assert len(pages) > 30
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for heading in _HEADING_RE.findall(html):
            text = unescape(_TAG_RE.sub("", heading)).replace("¶", "").strip()
            if text:
                headings.add(normalise(text))
    assert len(headings) > 100
    copied = [query for query, _kind, _pages in QUERIES if normalise(query) in headings]
    assert not copied


def test_editor_pages_are_not_in_the_public_index(sample_site):
    documents = sorted((sample_site / "search" / "index" / "d").glob("*.json"))
    assert len(documents) >= 30
    urls = [json.loads(path.read_text(encoding="utf-8"))["url"] for path in documents]
    assert "articles/backup-basics/" in urls
    assert not [url for url in urls if url.startswith("authoring/")]


def test_issue_queries_reach_their_pages_through_variants_and_synonyms(sample_search):
    words = {word["text"]: word["alternatives"] for word in sample_search.ask({"words": "スマホ なくした"})}
    assert "スマトフオン" in words["スマホ"], "スマホ finds スマートフォン (taxonomy.yml)"
    assert sample_search.ask({"query": "ウィルス"}) == sample_search.ask({"query": "ウイルス"})
    assert sample_search.ask({"query": "ぱすわーど"}) == sample_search.ask({"query": "パスワード"})
    # Particles and question endings do not have to be on the page.
    assert [word["text"] for word in sample_search.ask({"words": "変なリンク押してしまった"})][:2] == ["変ナ", "リンク"]


# -- the tokenizer: one contract, two implementations ---------------------------------

# What readers and pages are made of: kana of every size and width, kanji,
# iteration marks, ASCII and full-width forms, Latin letters with accents,
# digits, punctuation and spaces.
_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x3041, max_codepoint=0x30FF),  # hiragana, katakana, ー, ・
    st.characters(min_codepoint=0xFF61, max_codepoint=0xFF9F),  # half-width katakana
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),  # full-width ASCII
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),  # kanji
    st.sampled_from("々〆〇ゝゞヽヾ〜～ヴゔヶヵ①㈱㍿ﾞﾟ漢字ｶﾞ"),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # ASCII
    st.characters(min_codepoint=0xC0, max_codepoint=0x17F),  # Latin letters with accents
    st.sampled_from(" \t\n\u3000、。「」！？・…—"),
)


@pytest.fixture(scope="module")
def small_index(node, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("index")
    index_pages([("a/", "<div data-kb-search-body><h1>見出し</h1><p>本文のテキスト</p></div>")], out, DEFAULT_EXCLUDE_SELECTORS)
    return out


@pytest.fixture(scope="module")
def small_search(small_index):
    search = NodeSearch(small_index)
    yield search
    search.close()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(_ALPHABET, max_size=40))
def test_search_js_cuts_text_exactly_as_python_does(small_search, text):
    assert small_search.ask({"normalise": text}) == normalise(text)
    assert small_search.ask({"terms": text}) == search_terms(text)


def test_search_js_reads_its_rules_from_meta_json(small_index):
    meta = json.loads((small_index / "meta.json").read_text(encoding="utf-8"))
    contract = meta["contract"]
    assert contract["cjk"] and contract["small"] and contract["sequences"]
    portal = Path(__file__).resolve().parents[2] / "kbpress" / "assets" / "portal"
    scripts = [portal / "search-core.js", portal / "search.js"]
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        for value in (contract["small"], "\u3041-\u3096", "ヴァ", str(contract["bm25"]["k1"])):
            assert value not in text, f"{value!r} belongs in the contract, not in {script.name}"
