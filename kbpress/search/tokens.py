"""Search terms for Japanese text: overlapping character bigrams.

Japanese has no spaces, so a search engine must cut text into terms, and
the page and the query must be cut the same way or a compound such as
パスワード管理 is missed. Dictionary segmenters disagree with each other
(the browser's ``Intl.Segmenter`` splits ランサムウェア into ラン/サム/ウェア),
so both sides use the oldest reliable rule for Japanese search: every run
of kana and kanji becomes its overlapping two-character pieces, so any
string that occurs in a page yields terms that all occur in that page.
Latin words and numbers stay whole.

``assets/portal/search.js`` holds the same rules for the query side
(``searchTerms``); a browser test runs both over the same strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Kana and kanji, with the marks that live inside Japanese words
# (ー prolonged sound, 々 repeat, 〆, ヶ). Kept in step with search.js.
_CJK = (
    "\u3005\u3006\u3007"  # 々 〆 〇
    "\u3041-\u3096\u309d-\u309f"  # hiragana
    "\u30a1-\u30fa\u30fc-\u30ff"  # katakana (with ー, ヽ, ヾ)
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kanji
)
_TOKEN_RE = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")


def normalise(text: str) -> str:
    """NFKC (full-width letters, half-width kana) and lower case, like the query side."""
    return unicodedata.normalize("NFKC", text).lower()


def search_terms(text: str) -> list[str]:
    """The terms of ``text`` in order: bigrams of Japanese runs, other words whole."""
    terms: list[str] = []
    for japanese, word in _TOKEN_RE.findall(normalise(text)):
        if word:
            terms.append(word)
        elif len(japanese) == 1:
            terms.append(japanese)
        else:
            terms.extend(map(str.__add__, japanese[:-1], japanese[1:]))
    return terms


def term_counts(text: str) -> Counter:
    """How often each term occurs in ``text`` (counted in C: this runs over every page)."""
    return Counter(search_terms(text))


def index_term_counts(text: str) -> Counter:
    """The terms the index stores for ``text``: its search terms, plus the last
    character of every Japanese run as a one-character term.

    A one-character query (犬) is looked up as that character and as the
    start of longer terms; a character that only ends a run (子犬) starts
    no bigram, so it is stored on its own as well. Queries are cut by
    :func:`search_terms` alone.
    """
    counts = term_counts(text)
    counts.update(run[-1] for run, _word in _TOKEN_RE.findall(normalise(text)) if len(run) > 1)
    return counts
