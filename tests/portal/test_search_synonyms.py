"""The editors' synonym list in taxonomy.yml and the search dictionary built from it.

The list is checked with file and line (form, a word listed twice, one-way
rules that come back, lines whose words no page uses); the dictionary
keeps only the words the pages use and adds Sudachi's spelling variants.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kbpress.model import KbpressError
from kbpress.search.dictionary import build_dictionary, sudachi_dictionary
from kbpress.search.tokens import normalise
from kbpress.synonyms import SynonymRule, unused_rule_problems
from kbpress.taxonomy import load_taxonomy

HEAD = """\
categories:
  mail: {name: メール}
tags:
  phishing: {name: フィッシング}
synonyms:
"""


def _load(tmp_path: Path, lines: str):
    path = tmp_path / "taxonomy.yml"
    path.write_text(HEAD + lines, encoding="utf-8")
    return load_taxonomy(path, "taxonomy.yml")


def _problems(tmp_path: Path, lines: str) -> list[str]:
    with pytest.raises(KbpressError) as caught:
        _load(tmp_path, lines)
    return [str(problem) for problem in caught.value.problems]


def test_both_ways_and_one_way_lines_are_read_with_their_lines(tmp_path):
    taxonomy = _load(tmp_path, "  - スマホ = スマートフォン\n  - なくした = 落とした -> 紛失\n")
    assert taxonomy.synonyms == (
        SynonymRule(("スマホ", "スマートフォン"), ("スマホ", "スマートフォン"), 6),
        SynonymRule(("なくした", "落とした"), ("紛失",), 7),
    )


def test_a_word_on_two_lines_is_reported_at_the_second(tmp_path):
    problems = _problems(tmp_path, "  - スマホ = スマートフォン\n  - 在宅勤務 = テレワーク\n  - すまほ = 携帯\n")
    assert problems == ["taxonomy.yml:8: 「すまほ」は 6 行目にもあります。一つの行にまとめてください"]


def test_one_way_rules_that_come_back_are_a_cycle(tmp_path):
    problems = _problems(tmp_path, "  - 在宅 -> テレワーク\n  - テレワーク -> リモート\n  - リモート -> 在宅\n")
    assert len(problems) == 1
    assert problems[0].startswith("taxonomy.yml:6: 一方向の言い換えが元に戻ります")


def test_lines_of_the_wrong_form_name_their_line(tmp_path):
    problems = _problems(tmp_path, "  - スマホ\n  - [a, b]\n  - A -> B -> C\n  - ウィルス -> ウイルス\n")
    assert [problem.split(":")[1] for problem in problems] == ["6", "7", "8", "9"]
    assert "二つ以上" in problems[0] and "文字列" in problems[1] and "矢印は一つ" in problems[2]
    assert "検索では同じ言葉" in problems[3], "ウィルス and ウイルス are one word to the search"


def test_a_line_whose_words_no_page_uses_is_reported():
    rules = (SynonymRule(("スマホ",), ("スマートフォン",), 3), SynonymRule(("MFA",), ("量子暗号",), 4))
    problems = unused_rule_problems(rules, ["スマートフォンを紛失したら"], "taxonomy.yml")
    assert [str(problem) for problem in problems] == [
        "taxonomy.yml:4: 「量子暗号」はどのページにもありません。本文で使っている言葉に直すか、この行を消してください"
    ]


def test_the_sample_list_is_valid():
    taxonomy = load_taxonomy(Path(__file__).resolve().parents[2] / "taxonomy.yml")
    assert len(taxonomy.synonyms) >= 30


def test_dictionary_keeps_only_words_the_pages_use():
    runs = Counter({"スマートフォンを紛失したときの対応": 1, "多要素認証": 2, "Wi": 1, "Fi": 1, "SMS": 1})
    rules = (
        SynonymRule(("スマホ", "スマートフォン"), ("スマホ", "スマートフォン")),
        SynonymRule(("MFA",), ("多要素認証",)),
        SynonymRule(("量子",), ("量子暗号",)),
        SynonymRule(("WiFi",), ("Wi-Fi",)),  # the pages' "Wi-Fi" is the words wi and fi
        SynonymRule(("エスエム",), ("sm",)),  # inside the pages' "sms", but not a word of them
    )
    expansions = build_dictionary(runs, rules).expansions
    assert expansions["wifi"] == ["wi-fi"]
    assert normalise("エスエム") not in expansions
    assert expansions["スマホ"] == [normalise("スマートフォン")]
    assert expansions["mfa"] == [normalise("多要素認証")]
    assert "量子" not in expansions, "no page uses 量子暗号"
    assert "スマトフオン" not in expansions, "a word the pages use needs no other spelling of itself"


@pytest.mark.parametrize(
    ("page", "typed"),
    [("個人情報の漏えいに備える", "漏洩"), ("顧客情報の取り扱い", "取扱い"), ("子供の端末", "子ども"), ("漏洩した場合", "漏えい")],
)
def test_spelling_variants_come_from_sudachi(page, typed):
    assert sudachi_dictionary() is not None, "SudachiPy and SudachiDict-small are pinned in pyproject.toml"
    dictionary = build_dictionary(Counter({page: 1}), ())
    key = normalise(typed)
    assert key in dictionary.expansions, sorted(dictionary.expansions)
    assert all(normalise(form) in normalise(page) for form in dictionary.expansions[key])
    assert dictionary.analyser == "SudachiDict small"


def test_kbpress_check_reports_synonym_problems_with_file_and_line(fixture_project):
    vocabulary = (fixture_project.root / "taxonomy.yml").read_text(encoding="utf-8")
    first = vocabulary.count("\n") + 2  # the first item, after "synonyms:"
    listed = "synonyms:\n  - ようこそ = ウェルカム\n  - 量子 -> 量子暗号\n"
    fixture_project.write("taxonomy.yml", vocabulary + listed + "  - うぇるかむ = 歓迎\n")
    result = fixture_project.check()
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"taxonomy.yml:{first + 2}: 「うぇるかむ」は {first} 行目にもあります。一つの行にまとめてください"]
    fixture_project.write("taxonomy.yml", vocabulary + listed)
    result = fixture_project.check()
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"taxonomy.yml:{first + 1}: 「量子暗号」はどのページにもありません。本文で使っている言葉に直すか、この行を消してください"
    ]


def test_dictionary_is_cached_until_the_pages_words_change(tmp_path, monkeypatch):
    from kbpress.search import dictionary

    runs = Counter({"個人情報の漏えい": 1})
    first = dictionary.cached_dictionary(runs, (), tmp_path)
    assert (tmp_path / dictionary.CACHE_FILE).is_file()

    def no_sudachi():
        raise AssertionError("the cached dictionary must be used")

    monkeypatch.setattr(dictionary, "build_dictionary", lambda *args: no_sudachi())
    again = dictionary.cached_dictionary(runs, (), tmp_path)
    assert again.as_json() == first.as_json()
    with pytest.raises(AssertionError, match="cached dictionary"):
        dictionary.cached_dictionary(Counter({"個人情報の漏えい": 1, "新しい言葉": 1}), (), tmp_path)
