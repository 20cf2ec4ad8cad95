"""The built-in reader lexicon (kbpress/search/lexicon.yml): its form, its use on a site
whose editors wrote no synonyms, the switch that turns it off, and the dictionary cache.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from kbpress import codeidentity
from kbpress.model import KbpressError
from kbpress.search import dictionary
from kbpress.search.contract import STOP_WORDS
from kbpress.search.lexicon import LEXICON_FILE, load_lexicon, search_rules
from kbpress.search.tokens import normalise
from kbpress.synonyms import SynonymRule
from kbpress.taxonomy import load_taxonomy
from noderecall import NodeSearch
from tests.projects import OUTPUT_PLUGINS, article, mkdocs_yml, new_project

SEARCH_PLUGIN = "  - kbpress-search\n"


def _item_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("  - ")]


def test_every_line_of_the_lexicon_is_a_rule():
    rules = load_lexicon()  # raises, naming the file and line, on any problem of form, duplicate or cycle
    items = _item_lines(LEXICON_FILE)
    assert len(items) >= 300
    assert len(rules) == len(items)
    assert [rule.line for rule in rules] == sorted(rule.line for rule in rules)


def test_no_lexicon_rule_maps_a_word_to_itself_or_repeats_a_group():
    rules = load_lexicon()
    assert len(rules) >= 300
    groups = set()
    for rule in rules:
        sources, targets = {normalise(word) for word in rule.sources}, {normalise(word) for word in rule.targets}
        assert len(sources) == len(rule.sources), f"line {rule.line}: a word twice"
        if rule.sources != rule.targets:
            assert not sources & targets, f"line {rule.line}: a word finds itself"
        else:
            assert len(sources) >= 2, f"line {rule.line}: one word is no group"
        group = (frozenset(sources), frozenset(targets))
        assert group not in groups, f"line {rule.line}: the same group twice"
        groups.add(group)


def test_no_reader_word_of_the_lexicon_is_a_question_word():
    # A stop word with synonyms would become a word every page must hold (方法, 対策).
    stop_words = {normalise(word) for word in STOP_WORDS}
    rules = load_lexicon()
    assert len(rules) >= 300
    assert not [word for rule in rules for word in rule.sources if normalise(word) in stop_words]


def test_a_malformed_lexicon_is_reported_with_file_and_line(tmp_path):
    path = tmp_path / "lexicon.yml"
    path.write_text("synonyms:\n  - スマホ = スマートフォン\n  - すまほ = 携帯\n", encoding="utf-8")
    with pytest.raises(KbpressError) as caught:
        load_lexicon(path)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{path}:3: 「すまほ」は 2 行目にもあります。一つの行にまとめてください"
    ]


def test_the_editors_lines_add_to_the_lexicon_unless_it_is_switched_off():
    editors = (SynonymRule(("在宅",), ("テレワーク",), 5),)
    assert search_rules(editors, lexicon=False) == editors
    combined = search_rules(editors)
    assert combined[-1] == editors[0] and len(combined) == len(load_lexicon()) + 1


def test_the_lexicon_is_cut_down_to_the_pages_words():
    runs = Counter({"スマートフォンを紛失したら": 2, "多要素認証を設定する": 1})
    expansions = dictionary.build_dictionary(runs, load_lexicon()).expansions
    assert normalise("スマートフォン") in expansions["スマホ"]
    assert normalise("多要素認証") in expansions["mfa"]
    assert normalise("紛失") in expansions[normalise("なくし")]
    assert normalise("にだんかいにんしょう") in expansions, "the reading of 二段階認証 is a key"
    pages = normalise("".join(runs))
    shipped = {form for forms in expansions.values() for form in forms}
    assert shipped and all(form in pages for form in shipped), "only forms the pages use are shipped"


# -- a site without synonyms ---------------------------------------------------------------


PHONE_PAGE = article(
    "社用端末の紛失に備える",
    body="## 紛失したとき\n\nスマートフォンを紛失したら、すぐに管理者へ連絡します。遠隔で画面ロックできる設定にしておきます。\n",
)
OTHER_PAGE = article("来客対応の基本", body="## 受付\n\n来客の受付では名簿に記入してもらいます。\n")


def _built_site(root: Path, search_plugin: str) -> Path:
    project = new_project(root, mkdocs_yml(plugins=search_plugin + OUTPUT_PLUGINS),
                          {"articles/phone.md": PHONE_PAGE, "articles/visitors.md": OTHER_PAGE})
    assert load_taxonomy(root / "taxonomy.yml").synonyms == (), "the editors wrote no synonyms"
    result = project.build()
    assert result.returncode == 0, result.output
    return project.site / "search" / "index"


@pytest.mark.slow
def test_a_site_without_synonyms_finds_the_page_a_reader_means(tmp_path):
    if shutil.which("node") is None:
        pytest.fail("node がありません。`scripts/ensure-system-packages test` で nodejs を入れてください")
    search = NodeSearch(_built_site(tmp_path / "on", SEARCH_PLUGIN))
    try:
        queries = ["スマホ", "スマホ なくした", "すまほ なくしちゃった"]
        results = [search.ask({"query": query}) for query in queries]
        words = search.ask({"words": "スマホ"})
        joined, inflected, compound = (search.ask({"words": query}) for query in ("スクリーン ロック", "スマホ 無くなった", "スマホ紛失"))
    finally:
        search.close()
    assert len(results) == len(queries)
    for query, urls in zip(queries, results):
        assert urls[:1] == ["articles/phone/"], f"{query}: {urls}"
    assert normalise("スマートフォン") in words[0]["alternatives"]
    # A dictionary word typed with a space is one word; one kanji with okurigana need not be on the page;
    # a compound cut by dictionary words prefers pages holding it whole.
    assert [word["text"] for word in joined] == [normalise("スクリーンロック")]
    assert normalise("画面ロック") in joined[0]["alternatives"]
    assert [(word["text"], bool(word.get("optional"))) for word in inflected] == [("スマホ", False), (normalise("無く"), True)]
    assert [(word["text"], word.get("phrase")) for word in compound] == [("スマホ", "スマホ紛失"), ("紛失", "スマホ紛失")]
    search = NodeSearch(_built_site(tmp_path / "off", "  - kbpress-search:\n      lexicon: false\n"))
    try:
        assert search.ask({"words": "スマホ"})[0]["alternatives"] == [], "lexicon: false leaves the built-in words out"
    finally:
        search.close()


# -- the dictionary cache ---------------------------------------------------------------------


@pytest.fixture
def package_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the kbpress package that the code identity is computed from."""
    copy = tmp_path / "code" / "kbpress"
    shutil.copytree(codeidentity.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    monkeypatch.setattr(codeidentity, "PACKAGE_DIR", copy)
    codeidentity.forget()
    yield copy
    codeidentity.forget()


def test_the_dictionary_cache_misses_when_the_lexicon_changes(package_copy, tmp_path, monkeypatch):
    lexicon = package_copy / "search" / LEXICON_FILE.name
    runs = Counter({"スマートフォンを紛失したら": 1, "来客の受付": 1})
    cache = tmp_path / "cache"
    first = dictionary.cached_dictionary(runs, load_lexicon(lexicon), cache)
    assert "スマホ" in first.expansions

    built = []
    real_build = dictionary.build_dictionary
    monkeypatch.setattr(dictionary, "build_dictionary", lambda *args: built.append(args) or real_build(*args))
    assert dictionary.cached_dictionary(runs, load_lexicon(lexicon), cache).as_json() == first.as_json()
    assert built == [], "unchanged: from the cache"

    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "  - 受付 = 窓口対応\n", encoding="utf-8")
    codeidentity.forget()
    changed = dictionary.cached_dictionary(runs, load_lexicon(lexicon), cache)
    assert len(built) == 1, "a new line of the lexicon misses the cache"
    assert normalise("受付") in changed.expansions[normalise("窓口対応")]


def test_the_lexicon_file_is_part_of_the_code_identity(package_copy):
    before = codeidentity.code_identity()
    lexicon = package_copy / "search" / LEXICON_FILE.name
    lexicon.write_text(lexicon.read_text(encoding="utf-8").replace("スマホ = ", "スマホ = スマホン = ", 1), encoding="utf-8")
    codeidentity.forget()
    assert codeidentity.code_identity() != before, "the same rules passed in would still miss the cache"
