"""Search terms for Japanese text: overlapping character bigrams.

Japanese has no spaces, so a search engine must cut text into terms, and
the page and the query must be cut the same way or a compound such as
パスワード管理 is missed. Pagefind cuts pages with its own dictionary at
build time but queries with the browser's ``Intl.Segmenter``, and the two
disagree (Chromium splits ランサムウェア into ラン/サム/ウェア). We cut both
ourselves with the oldest reliable rule for Japanese search: every run of
kana and kanji becomes its overlapping two-character pieces, so any
string that occurs in a page yields terms that all occur in that page.

Pagefind's query side also splits kana and kanji into single characters
whatever the index language, so Japanese terms are stored spelled in
ASCII: ``q`` and then three base-36 digits per character, numbering the
kana and kanji ranges below one after another (進め -> q, 9032's number,
め's number). Prefix search keeps working: a one-character query is a
prefix of every term that starts with that character. Three digits keep
the index about a third smaller than the code points in hex.

``assets/portal/search.js`` holds the same rules for the query side
(``searchTerms`` and ``encodeTerm``); a test runs both over the same strings.
"""

from __future__ import annotations

import re
import unicodedata

# Kana and kanji, with the marks that live inside Japanese words
# (ー prolonged sound, 々 repeat, 〆, ヶ). Kept in step with search.js.
_CJK = (
    "\u3005\u3006\u3007"  # 々 〆 〇
    "\u3041-\u3096\u309d-\u309f"  # hiragana
    "\u30a1-\u30fa\u30fc-\u30ff"  # katakana (with ー, ヽ, ヾ)
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kanji
)
_TOKEN_RE = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")
_CJK_RANGES = ((0x3005, 0x3007), (0x3041, 0x3096), (0x309D, 0x309F), (0x30A1, 0x30FA), (0x30FC, 0x30FF),
               (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_CODE_WIDTH = 3  # base-36 digits per character: 36**3 > the 28,282 characters above
TERM_PREFIX = "q"


def _spellings() -> dict[int, str]:
    table, number = {}, 0
    for first, last in _CJK_RANGES:
        for code in range(first, last + 1):
            table[code] = _DIGITS[number // 1296] + _DIGITS[number // 36 % 36] + _DIGITS[number % 36]
            number += 1
    return table


# str.translate table: one C-level pass spells a whole Japanese run.
_SPELLING = _spellings()


def normalise(text: str) -> str:
    """NFKC (full-width letters, half-width kana) and lower case, like the query side."""
    return unicodedata.normalize("NFKC", text).lower()


def search_terms(text: str) -> list[str]:
    """The terms of ``text`` in order: bigrams of Japanese runs, other words whole."""
    terms: list[str] = []
    for match in _TOKEN_RE.finditer(normalise(text)):
        japanese, word = match.groups()
        if word:
            terms.append(word)
        elif len(japanese) == 1:
            terms.append(japanese)
        else:
            terms.extend(japanese[i : i + 2] for i in range(len(japanese) - 1))
    return terms


def encode_term(term: str) -> str:
    """A term as the index stores it: a Japanese term spelled in ASCII, other words as they are."""
    spelled = term.translate(_SPELLING)
    return term if spelled == term else TERM_PREFIX + spelled


def index_text(text: str) -> str:
    """``text`` as space-separated encoded terms, ready for an index that splits at spaces.

    Same terms as ``search_terms`` (then ``encode_term``), built faster:
    each Japanese run is spelled once and its bigrams are cut from that.
    """
    parts: list[str] = []
    for match in _TOKEN_RE.finditer(normalise(text)):
        japanese, word = match.groups()
        if word:
            parts.append(word)
            continue
        spelled = japanese.translate(_SPELLING)
        if len(japanese) == 1:
            parts.append(TERM_PREFIX + spelled)
        else:
            parts.extend(
                TERM_PREFIX + spelled[i : i + 2 * _CODE_WIDTH] for i in range(0, len(spelled) - _CODE_WIDTH, _CODE_WIDTH)
            )
    return " ".join(parts)
