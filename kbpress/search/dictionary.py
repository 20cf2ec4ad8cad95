"""The search dictionary: spelling variants, synonyms and suggestion words.

Built once per index from the site's own vocabulary, at build time only:
the browser gets a compact table, never a dictionary.

- Spelling variants of kanji words (漏洩/漏えい, 取り扱い/取扱い,
  子供/子ども) come from SudachiPy with SudachiDict: every word of the
  pages is analysed, and words sharing a normalised form are one group.
  Forms a reader may type but no page uses (the normalised form, the
  reading in kana, okurigana dropped, one kanji written in kana) are
  generated and kept only when Sudachi analyses them back to the same
  normalised form.
- Synonyms come from the editors' list in ``taxonomy.yml``
  (:mod:`kbpress.synonyms`).
- Each group is cut down to the words the pages use: a key (what a reader
  may type, folded) maps to the folded forms the index holds.
- Suggestion words (もしかして) are the pages' most frequent nouns.

Without Sudachi installed the variants are skipped and the rest still
works; the build log says so.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from ..synonyms import SynonymRule
from .tokens import normalise

SUGGESTION_WORDS = 3000
MAX_KEY_LENGTH = 12
_KANJI_RE = re.compile("[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HIRAGANA_RE = re.compile("[\u3041-\u3096]")
_LATIN_WORD_RE = re.compile("[A-Z][A-Z0-9]+")  # acronyms (VPN, BEC) are words readers type


@dataclass
class SearchDictionary:
    expansions: dict[str, list[str]] = field(default_factory=dict)  # folded key -> folded forms in the pages
    words: list[str] = field(default_factory=list)  # suggestion words, as the pages write them
    analyser: str = ""  # the dictionary used for variants, for the build log

    def as_json(self) -> dict:
        groups: list[list[str]] = []
        numbers: dict[tuple[str, ...], int] = {}
        keys: dict[str, int] = {}
        for key in sorted(self.expansions):
            group = tuple(self.expansions[key])
            if group not in numbers:
                numbers[group] = len(groups)
                groups.append(list(group))
            keys[key] = numbers[group]
        return {"groups": groups, "keys": keys, "words": self.words}


@functools.lru_cache(maxsize=1)
def sudachi_tokenizer():
    """SudachiPy's tokenizer over SudachiDict small, or None when not installed."""
    try:
        from sudachipy import Dictionary, SplitMode
    except ImportError:
        return None
    try:
        tokenizer = Dictionary(dict="small").tokenizer(SplitMode.C)
    except Exception:  # noqa: BLE001 - a missing or broken dictionary package: no variants
        return None
    return tokenizer


def build_dictionary(runs: Counter, rules: tuple[SynonymRule, ...]) -> SearchDictionary:
    """The dictionary for an index whose pages hold ``runs`` (runs of letters and digits, NFKC)."""
    corpus = "\n" + "\n".join(normalise(run) for run in runs) + "\n"

    def in_pages(folded: str) -> bool:
        if not folded:
            return False
        # A Latin word must be a whole word of the pages (mfa is not in smfa).
        return folded in corpus if _is_japanese(folded) else re.search(rf"(?<![a-z0-9]){re.escape(folded)}(?![a-z0-9])", corpus) is not None

    groups: list[set[str]] = []
    nouns: Counter = Counter()
    tokenizer = sudachi_tokenizer()
    analyser = ""
    if tokenizer is not None:
        analyser = "SudachiDict small"
        groups += _variant_groups(tokenizer, runs, nouns)
    expansions: dict[str, set[str]] = {}
    for group in groups:
        _add_group(expansions, group, group, in_pages)
    for rule in rules:
        _add_group(expansions, rule.sources, rule.targets, in_pages)
    cleaned = {key: sorted(forms - {key}) for key, forms in expansions.items() if forms - {key}}
    words = [word for word, _count in sorted(nouns.items(), key=lambda item: (-item[1], item[0]))[:SUGGESTION_WORDS]]
    return SearchDictionary(cleaned, sorted(words), analyser)


def _add_group(expansions: dict[str, set[str]], sources, targets, in_pages) -> None:
    found = {folded for folded in map(normalise, targets) if in_pages(folded)}
    if not found:
        return
    for source in sources:
        key = normalise(source)
        if 2 <= len(key) <= MAX_KEY_LENGTH or (key and not _is_japanese(key)):
            expansions.setdefault(key, set()).update(found)


def _is_japanese(text: str) -> bool:
    return not text.isascii()


def _variant_groups(tokenizer, runs: Counter, nouns: Counter) -> list[set[str]]:
    """Groups of spellings sharing a Sudachi normalised form, with a member the pages use."""
    by_form: dict[str, set[str]] = {}
    readings: dict[str, str] = {}
    for run, count in runs.items():
        for morpheme in tokenizer.tokenize(run):
            surface = morpheme.surface()
            pos = morpheme.part_of_speech()
            # Nouns only: verbs and adjectives would group their inflections (ある, あれ, あり).
            if pos[0] != "名詞" or pos[1] == "数詞" or len(surface) < 2:
                continue
            if not surface.isascii() or _LATIN_WORD_RE.fullmatch(surface):
                nouns[surface] += count
            if not _KANJI_RE.search(surface + morpheme.normalized_form()):
                continue
            form = morpheme.normalized_form()
            by_form.setdefault(form, {form}).add(surface)
            readings.setdefault(form, morpheme.reading_form())
    groups = []
    for form, spellings in by_form.items():
        group = set(spellings) | _generated_spellings(tokenizer, form, spellings, readings[form])
        if len({normalise(spelling) for spelling in group}) > 1:
            groups.append(group)
    return groups


def _generated_spellings(tokenizer, form: str, spellings: set[str], reading: str) -> set[str]:
    """Spellings readers use that the pages may not: each kept only if Sudachi reads it back as ``form``."""
    candidates: set[str] = set()
    hiragana_reading = _to_hiragana(reading)
    if len(reading) >= 3:
        candidates.add(hiragana_reading)
    for spelling in spellings | {form}:
        if _HIRAGANA_RE.search(spelling) and _KANJI_RE.search(spelling):
            candidates.add(_HIRAGANA_RE.sub("", spelling))  # 取り扱い -> 取扱
            candidates.add(_drop_inner_kana(spelling))  # 取り扱い -> 取扱い
        kanji = _KANJI_RE.findall(spelling)
        if len(spelling) == 2 and len(kanji) == 2:  # 子供 -> 子ども, 漏洩 -> 漏えい
            for cut in range(1, len(hiragana_reading)):
                candidates.add(spelling[0] + hiragana_reading[cut:])
                candidates.add(hiragana_reading[:cut] + spelling[1])
    candidates -= spellings
    return {candidate for candidate in candidates if candidate and _reads_as(tokenizer, candidate, form)}


def _reads_as(tokenizer, text: str, form: str) -> bool:
    morphemes = tokenizer.tokenize(text)
    return len(morphemes) == 1 and morphemes[0].normalized_form() == form


def _drop_inner_kana(text: str) -> str:
    """Hiragana between kanji dropped, the ending kept (取り扱い -> 取扱い)."""
    return re.sub(f"(?<={_KANJI_RE.pattern})[\u3041-\u3096]+(?={_KANJI_RE.pattern})", "", text)


def _to_hiragana(katakana: str) -> str:
    return "".join(chr(ord(ch) - 0x60) if "\u30a1" <= ch <= "\u30f6" else ch for ch in katakana)
