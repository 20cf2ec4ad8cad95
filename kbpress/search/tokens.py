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
ASCII: each character as ``q`` and four hex digits (進め -> q9032q3081).
Prefix search keeps working: a one-character query (q5099 for 備) is a
prefix of every term that starts with that character.

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
_CJK_CHAR_RE = re.compile(f"[{_CJK}]")


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
    """A term as the index stores it: Japanese characters spelled q + 4 hex digits."""
    return _CJK_CHAR_RE.sub(lambda match: f"q{ord(match.group()):04x}", term)


def index_text(text: str) -> str:
    """``text`` as space-separated encoded terms, ready for an index that splits at spaces."""
    return " ".join(encode_term(term) for term in search_terms(text))
