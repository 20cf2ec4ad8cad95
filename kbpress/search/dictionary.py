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

Loading SudachiDict and looking the pages' words up costs about 45 MB
of memory, so the result is cached (:func:`cached_dictionary`) under a
digest of everything it depends on (the pages' words, the synonyms, the
Sudachi packages and kbpress's code identity, as every cache): a build
whose pages use the same words as the last one does not load Sudachi at
all.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..codeidentity import code_identity
from ..processes import drop_mapped_file_pages
from ..synonyms import SynonymRule
from .tokens import normalise, search_terms

SUGGESTION_WORDS = 3000
CACHE_FILE = "dictionary.json"
DROP_EVERY = 2000  # Sudachi look-ups between two drops of its file's pages (see _Lookup)
SUDACHI_DICTIONARY_FILE = "system.dic"  # the file SudachiDict maps (sudachidict_small/resources)
MAX_KEY_LENGTH = 12
_KANJI_RE = re.compile("[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD_RE = re.compile(r"[^\W_]+")  # the pages' words are runs of letters and digits (wi-fi: wi, fi)
_HIRAGANA_RE = re.compile("[\u3041-\u3096]")
_LATIN_WORD_RE = re.compile("(?<![A-Za-z0-9])[A-Z][A-Z0-9]+(?![A-Za-z0-9])")  # acronyms (VPN, BEC) readers type
_KATAKANA_WORD_RE = re.compile("[\u30a1-\u30fa\u30fc]{2,}")
_UNIT_RE = re.compile("[\u3005\u3041-\u3096\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
MAX_WORD = 8  # characters: the longest word looked up
MIN_RULE_READING = 4  # kana: the shortest reading of a synonym kept as a key (なくし is written as such)
MIN_READING = 3  # kana (folded): the shortest reading of the pages' words kept as a key (see _add_readings)
MAX_COMPOUND = 4  # words: the longest compound whose joined reading is a key
MAX_READING_KEY = 16  # kana (folded): longer readings are not typed whole


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
def sudachi_dictionary():
    """SudachiDict small, or None when SudachiPy or the dictionary is not installed.

    Only exact look-ups are made (``Dictionary.lookup``): analysing text
    would page in the connection matrix as well, about 70 MB more. Opening
    the dictionary reads about 26 MB of its file that look-ups do not
    use; those pages are dropped again (the index's look-ups on the
    1,500-page bench corpus then keep about 7 MB), since the index builds
    its dictionary while the build holds all its pages.
    """
    try:
        from sudachipy import Dictionary
    except ImportError:
        return None
    try:
        dictionary = Dictionary(dict="small")
    except Exception:  # noqa: BLE001 - a missing or broken dictionary package: no variants
        return None
    drop_mapped_file_pages(SUDACHI_DICTIONARY_FILE)
    return dictionary


def cached_dictionary(runs: Counter, rules: tuple[SynonymRule, ...], cache_dir: Path | None) -> SearchDictionary:
    """:func:`build_dictionary`, from ``cache_dir`` when the pages' words and the rules are unchanged."""
    if cache_dir is None:
        return build_dictionary(runs, rules)
    key = _cache_key(runs, rules)
    path = Path(cache_dir) / CACHE_FILE
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("key") == key:
            return SearchDictionary(cached["expansions"], cached["words"], cached["analyser"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # no cache, or an unreadable one: build afresh
    dictionary = build_dictionary(runs, rules)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"key": key, "expansions": dictionary.expansions, "words": dictionary.words, "analyser": dictionary.analyser}
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass  # a cache that cannot be written only costs the next build time
    return dictionary


def _cache_key(runs: Counter, rules: tuple[SynonymRule, ...]) -> str:
    digest = hashlib.sha256()
    # Sudachi is not an output package of the code identity: its versions are named here.
    versions = [code_identity(), _package_version("sudachipy"), _package_version("sudachidict-small")]
    digest.update(json.dumps(versions).encode())
    digest.update(json.dumps([(rule.sources, rule.targets) for rule in rules], ensure_ascii=False).encode())
    digest.update(json.dumps(sorted(runs.items()), ensure_ascii=False).encode())
    return digest.hexdigest()


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def build_dictionary(runs: Counter, rules: tuple[SynonymRule, ...]) -> SearchDictionary:
    """The dictionary for an index whose pages hold ``runs`` (runs of letters and digits, NFKC)."""
    corpus = "\n" + "\n".join(normalise(run) for run in runs) + "\n"
    # Latin words must be whole words of the pages (mfa is not in smfa); wi-fi is wi and fi.
    page_words = set(_WORD_RE.findall(corpus))

    def in_pages(folded: str) -> bool:
        if not folded:
            return False
        if _is_japanese(folded):
            return folded in corpus
        words = _WORD_RE.findall(folded)
        return bool(words) and bool(search_terms(folded)) and all(word in page_words for word in words)

    groups: list[set[str]] = []
    readings: dict[str, set[str]] = {}
    nouns = _plain_words(runs)
    dictionary = sudachi_dictionary()
    analyser = ""
    lookup = None
    if dictionary is not None:
        analyser = "SudachiDict small"
        lookup = _Lookup(dictionary)
        groups += _variant_groups(lookup, runs, nouns, readings)
    expansions: dict[str, set[str]] = {}
    for group in groups:
        _add_group(expansions, group, group, in_pages)
    for key, written in readings.items():
        expansions.setdefault(key, set()).update(written)
    for rule in rules:
        _add_group(expansions, rule.sources + _readings(lookup, rule.sources), rule.targets, in_pages)
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


def _plain_words(runs: Counter) -> Counter:
    """Katakana words and acronyms of the pages (suggestions need no dictionary for them)."""
    words: Counter = Counter()
    for run, count in runs.items():
        for word in _KATAKANA_WORD_RE.findall(run) + _LATIN_WORD_RE.findall(run):
            words[word] += count
    return words


class _Lookup:
    """Sudachi's nouns for exact strings, remembered (the same words recur on every page).

    Look-ups touch pages all over the dictionary file, which would stay
    resident (19 MB for the 1,500-page bench corpus) while the build holds
    all its pages; they are dropped every ``DROP_EVERY`` look-ups, which
    keeps a few MB at a time and costs a few page faults.
    """

    def __init__(self, dictionary):
        self._dictionary = dictionary
        self._found: dict[str, tuple[str, str] | None] = {}
        self._lookups = 0

    def _entries(self, text: str):
        """Every look-up goes through here, so the pages it touches are dropped in time."""
        self._lookups += 1
        if self._lookups % DROP_EVERY == 0:
            drop_mapped_file_pages(SUDACHI_DICTIONARY_FILE)
        return self._dictionary.lookup(text)

    def noun(self, text: str) -> tuple[str, str] | None:
        """(normalised form, reading) of the noun spelt ``text``, or None."""
        if text not in self._found:
            entries = [entry for entry in self._entries(text) if _is_noun(entry.part_of_speech())]
            self._found[text] = (entries[0].normalized_form(), entries[0].reading_form()) if entries else None
        return self._found[text]

    def affix_reading(self, text: str) -> str | None:
        """The reading of ``text`` as a prefix or suffix (多, 性, 書, 型), or None."""
        key = "\0" + text  # remembered beside the nouns, under a key no noun has
        if key not in self._found:
            entries = self._entries(text)
            affixes = [entry.reading_form() for entry in entries if entry.part_of_speech()[0] in _AFFIXES]
            # An affix has several readings (書: かき, がき, しょ); the one the character also has
            # as a noun is the one compounds use (請求書, 脆弱性, 標的型).
            as_noun = {entry.reading_form() for entry in entries if entry.part_of_speech()[0] == "名詞"}
            chosen = [reading for reading in affixes if reading in as_noun] or affixes
            self._found[key] = (text, chosen[0]) if chosen else None
        found = self._found[key]
        return found[1] if found else None

    def reading(self, text: str) -> str | None:
        """The reading of ``text`` pieced from its longest dictionary words (any part of
        speech: 怪しい, 乗っ取ら), kana kept as written; None if a kanji has no entry."""
        reading, start = "", 0
        while start < len(text):
            for end in range(min(len(text), start + MAX_WORD), start, -1):
                entries = self._entries(text[start:end])
                if entries:
                    reading += entries[0].reading_form()
                    start = end
                    break
            else:
                if _KANJI_RE.match(text[start]):
                    return None
                reading += text[start]
                start += 1
        return reading


def _readings(lookup: _Lookup | None, words: tuple[str, ...]) -> tuple[str, ...]:
    """The kana readings of the rules' kanji words (にだんかいにんしょう for 二段階認証):
    readers who do not convert type them so. Short readings are left out: as
    keys they would cut ordinary hiragana."""
    if lookup is None:
        return ()
    found = []
    for word in words:
        if _KANJI_RE.search(word):
            reading = lookup.reading(word)
            if reading and len(normalise(reading)) >= MIN_RULE_READING:
                found.append(reading)
    return tuple(dict.fromkeys(found))


_AFFIXES = ("接頭辞", "接尾辞")


def _is_noun(pos) -> bool:
    # Nouns only: verbs and adjectives would group their inflections (ある, あれ, あり).
    return pos[0] == "名詞" and pos[1] != "数詞"


def _variant_groups(
    lookup: _Lookup, runs: Counter, nouns: Counter, reading_keys: dict[str, set[str]]
) -> list[set[str]]:
    """Groups of spellings sharing a Sudachi normalised form, with a member the pages use.

    The pages' kanji words are found by longest look-up from each kanji
    (up to ``MAX_WORD`` characters, okurigana included: 取り扱い, 漏えい).
    Their readings, and those of the compounds the pages write (see
    :func:`_add_readings`), are added to ``reading_keys``.
    """
    by_form: dict[str, set[str]] = {}
    readings: dict[str, str] = {}
    for unit, count in _kanji_units(runs).items():
        start = 0
        chain: list[tuple[str, str, bool]] = []  # words found one after another: spelling, reading, may start
        while start < len(unit):
            found = None
            if _KANJI_RE.match(unit[start]):
                for end in range(min(len(unit), start + MAX_WORD), start + 1, -1):
                    entry = lookup.noun(unit[start:end])
                    if entry is not None:
                        found = (unit[start:end], *entry)
                        break
            if found is None:
                # A prefix or suffix (多要素, 脆弱性) joins the compound's reading, not the words.
                affix = lookup.affix_reading(unit[start]) if _KANJI_RE.match(unit[start]) else None
                if affix is None:
                    _add_readings(reading_keys, chain)
                    chain = []
                else:
                    chain.append((unit[start], affix, not chain))  # after a word: a suffix, no start
                start += 1
                continue
            surface, form, reading = found
            nouns[surface] += count
            by_form.setdefault(form, {form}).add(surface)
            readings.setdefault(form, reading)
            chain.append((surface, reading, True))
            start += len(surface)
        _add_readings(reading_keys, chain)
    groups = []
    for form, spellings in by_form.items():
        group = set(spellings) | _generated_spellings(lookup, form, spellings, readings[form])
        if len({normalise(spelling) for spelling in group}) > 1:
            groups.append(group)
    return groups


def _add_readings(reading_keys: dict[str, set[str]], chain: list[tuple[str, str, bool]]) -> None:
    """The reading of each word of ``chain`` and of each run of up to ``MAX_COMPOUND`` of them
    (多要素認証 read たようそにんしょう, the parts' readings joined) as a key to that spelling.

    Readers type a kanji word they cannot (or do not bother to) convert in
    kana. Keys shorter than ``MIN_READING`` kana are left out: two kana
    name dozens of words, and a query's hiragana endings hold them
    (いち, 位置, in 開いちゃった). Measured on the held-out set: two-kana
    keys for words of two kanji cost one query and found none.
    """
    for first in range(len(chain)):
        if not chain[first][2]:
            continue  # a suffix (書 of 請求書) starts no compound
        for last in range(first + 1, min(len(chain), first + MAX_COMPOUND) + 1):
            surface = "".join(word for word, _reading, _start in chain[first:last])
            key = normalise("".join(reading for _word, reading, _start in chain[first:last]))
            if not _is_reading(key) or len(key) > MAX_READING_KEY:
                continue
            if len(key) >= MIN_READING:
                reading_keys.setdefault(key, set()).add(normalise(surface))


def _is_reading(key: str) -> bool:
    # Sudachi gives unknown or symbol-like entries their surface as reading: kana only is a reading.
    return bool(key) and all("\u30a1" <= ch <= "\u30fa" for ch in key)


def _kanji_units(runs: Counter) -> Counter:
    """The stretches of kanji and kana (with okurigana) of the pages' words, counted."""
    units: Counter = Counter()
    for run, count in runs.items():
        for unit in _UNIT_RE.findall(run):
            units[unit] += count
    return units


def _generated_spellings(lookup: _Lookup, form: str, spellings: set[str], reading: str) -> set[str]:
    """Spellings readers use that the pages may not: each kept only if Sudachi has it as ``form``."""
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
    return {candidate for candidate in candidates if candidate and (lookup.noun(candidate) or ("",))[0] == form}


def _drop_inner_kana(text: str) -> str:
    """Hiragana between kanji dropped, the ending kept (取り扱い -> 取扱い)."""
    return re.sub(f"(?<={_KANJI_RE.pattern})[\u3041-\u3096]+(?={_KANJI_RE.pattern})", "", text)


def _to_hiragana(katakana: str) -> str:
    return "".join(chr(ord(ch) - 0x60) if "\u30a1" <= ch <= "\u30f6" else ch for ch in katakana)
