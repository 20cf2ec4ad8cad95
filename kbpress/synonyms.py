"""The editors' synonym list (``synonyms:`` in taxonomy.yml) for the site search.

Readers type スマホ, MFA, 在宅勤務; pages write スマートフォン, 多要素認証,
テレワーク. Each line of the list names words that find each other::

    synonyms:
      - スマホ = スマートフォン                # both ways
      - MFA = 多要素認証 = 2段階認証
      - なくした -> 紛失                     # one way: なくした finds 紛失, not the reverse

Words are compared after the search's own normalisation (width, case,
hiragana and katakana, long vowel marks), so ぱすわーど and パスワード
are the same word. Checked here: the form of each line, a word listed
twice, and one-way rules that lead back to where they start. Whether the
pages use the words is checked by ``kbpress check``
(:func:`unused_rule_problems`), which has the pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Problem
from .yamlload import list_item_lines

SECTION = "synonyms"
MAX_WORD_LENGTH = 12  # the browser looks words up by at most this many characters
_BOTH = re.compile(r"\s*[=＝]\s*")
_ONE_WAY = re.compile(r"\s*(?:->|→|＞|>)\s*")


@dataclass(frozen=True)
class SynonymRule:
    """One line of the list: ``sources`` find pages using ``targets``.

    An equivalence (``A = B = C``) has the same words on both sides.
    """

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    line: int | None = None

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.sources + self.targets))


def item_lines(text: str) -> list[int | None]:
    """The line of each item of the ``synonyms:`` sequence (the YAML has been read once already)."""
    return [lines[""] for lines in list_item_lines(text, SECTION)]


def parse_rules(raw: object, lines: list[int | None], shown: str, section_line: int | None) -> tuple[tuple[SynonymRule, ...], list[Problem]]:
    """The rules of the list and the problems of its form (duplicates, cycles)."""
    if raw is None:
        return (), []
    if not isinstance(raw, list):
        return (), [Problem(shown, "synonyms は「- スマホ = スマートフォン」のような行の並び (リスト) にしてください", section_line)]
    rules: list[SynonymRule] = []
    problems: list[Problem] = []
    for number, entry in enumerate(raw):
        line = lines[number] if number < len(lines) else section_line
        rule, problem = _parse_entry(entry, shown, line)
        if problem:
            problems.append(problem)
        else:
            rules.append(rule)
    problems += _duplicate_problems(rules, shown) + _cycle_problems(rules, shown)
    return tuple(rules), problems


def _parse_entry(entry: object, shown: str, line: int | None) -> tuple[SynonymRule | None, Problem | None]:
    if not isinstance(entry, str):
        return None, Problem(shown, "synonyms の各行は「スマホ = スマートフォン」または「なくした -> 紛失」の形の文字列にしてください", line)
    if _ONE_WAY.search(entry):
        parts = _ONE_WAY.split(entry.strip())
        if len(parts) != 2:
            return None, Problem(shown, f"「{entry}」: 一方向の言い換えは「読者の言葉 -> 本文の言葉」の形で、矢印は一つにしてください", line)
        sources, targets = (_words(part) for part in parts)
    else:
        sources = targets = _words(entry)
        if len(sources) < 2:
            return None, Problem(shown, f"「{entry}」: 同じ意味の言葉を二つ以上、= でつないでください (例: スマホ = スマートフォン)", line)
    if not sources or not targets or any(not word for word in sources + targets):
        return None, Problem(shown, f"「{entry}」: 空の言葉があります。= や -> の両側に言葉を書いてください", line)
    too_long = [word for word in sources + targets if len(_fold(word)) > MAX_WORD_LENGTH]
    if too_long:
        return None, Problem(shown, f"「{too_long[0]}」は長すぎます ({MAX_WORD_LENGTH} 文字まで)。短い言葉に分けてください", line)
    return SynonymRule(sources, targets, line), None


def _words(part: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in _BOTH.split(part.strip()))


def _fold(word: str) -> str:
    from .search.tokens import normalise  # late: kbpress.search imports this module's rules

    return normalise(word)


def _duplicate_problems(rules: list[SynonymRule], shown: str) -> list[Problem]:
    """A word may start only one line: two lines with the same reader word are ambiguous."""
    problems = []
    first_seen: dict[str, SynonymRule] = {}
    for rule in rules:
        if rule.sources != rule.targets:
            targets = {_fold(word): word for word in rule.targets}
            for word in rule.sources:
                if _fold(word) in targets:
                    problems.append(
                        Problem(shown, f"「{word}」と「{targets[_fold(word)]}」は検索では同じ言葉です。-> の左から消してください", rule.line)
                    )
        seen_here: set[str] = set()
        for word in rule.sources:
            key = _fold(word)
            if key in seen_here:
                problems.append(Problem(shown, f"「{word}」が同じ行に二度あります。一つ消してください", rule.line))
            elif key in first_seen:
                other = first_seen[key]
                problems.append(
                    Problem(shown, f"「{word}」は {other.line} 行目にもあります。一つの行にまとめてください", rule.line)
                )
            seen_here.add(key)
        for key in seen_here:
            first_seen.setdefault(key, rule)
    return problems


def _cycle_problems(rules: list[SynonymRule], shown: str) -> list[Problem]:
    """One-way rules that lead back to their start (a -> b, b -> a): use = instead.

    Reported once per cycle, at the first line of it, with the words as written.
    """
    edges: dict[str, set[str]] = {}
    line_of: dict[str, int | None] = {}
    written: dict[str, str] = {}
    for rule in rules:
        if rule.sources == rule.targets:
            continue
        for word in rule.sources + rule.targets:
            written.setdefault(_fold(word), word)
        for source in map(_fold, rule.sources):
            edges.setdefault(source, set()).update(target for target in map(_fold, rule.targets) if target != source)
            line_of.setdefault(source, rule.line)
    problems = []
    reported: set[frozenset] = set()
    for start in sorted(edges, key=lambda word: (line_of[word] or 0, word)):
        path = _path_back(start, edges)
        if path and frozenset(path) not in reported:
            reported.add(frozenset(path))
            shown_path = " -> ".join(written[word] for word in path + [start])
            problems.append(
                Problem(shown, f"一方向の言い換えが元に戻ります ({shown_path})。互いに言い換えるなら = で一行にまとめてください", line_of[start])
            )
    return problems


def _path_back(start: str, edges: dict[str, set[str]]) -> list[str]:
    """A path of one-way rules from ``start`` back to ``start``, or []."""
    stack = [(start, [start])]
    visited = set()
    while stack:
        word, path = stack.pop()
        for following in sorted(edges.get(word, ())):
            if following == start:
                return path
            if following not in visited:
                visited.add(following)
                stack.append((following, path + [following]))
    return []


def unused_rule_problems(rules: tuple[SynonymRule, ...], page_texts: list[str], shown: str) -> list[Problem]:
    """Lines none of whose page-side words occur in any page: they would find nothing."""
    corpus = "\n".join(_fold(text) for text in page_texts)
    problems = []
    for rule in rules:
        if not any(_fold(word) in corpus for word in rule.targets):
            words = "、".join(rule.targets)
            problems.append(
                Problem(shown, f"「{words}」はどのページにもありません。本文で使っている言葉に直すか、この行を消してください", rule.line)
            )
    return problems
