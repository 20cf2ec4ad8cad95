"""Search terms for Japanese text: overlapping character bigrams of folded text.

Japanese has no spaces, so a search engine must cut text into terms, and
the page and the query must be cut the same way or a compound such as
パスワード管理 is missed. Dictionary segmenters disagree with each other
(the browser's ``Intl.Segmenter`` splits ランサムウェア into ラン/サム/ウェア),
so both sides use the oldest reliable rule for Japanese search: every run
of kana and kanji becomes its overlapping two-character pieces, so any
string that occurs in a page yields terms that all occur in that page.
Latin words and numbers stay whole (joined at hyphens, cut at digits:
:data:`.contract.LATIN_JOINER`).

Before cutting, text is normalised: NFKC (width), lower case, and the
kana folds of :mod:`.contract` (hiragana to katakana, small kana, ヴ,
long vowel marks), so ぱすわーど and パスワード give the same terms.
``assets/portal/search-core.js`` builds the same tokenizer from the contract
in ``meta.json``; a Node test compares the two on generated strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .contract import CJK_CLASS, LATIN_JOINER, fold

_LATIN = f"[^\\W_{CJK_CLASS}]+"
# (Japanese run, other word); a Latin word may hold joiners (wi-fi, once folded).
TOKEN_RE = re.compile(f"([{CJK_CLASS}]+)|({_LATIN}(?:{re.escape(LATIN_JOINER)}{_LATIN})*)")
_CHUNK_RE = re.compile(r"[^\W_]{2,}")
_DIGITS_RE = re.compile("[0-9]+|[^0-9]+")


def normalise(text: str) -> str:
    """NFKC, lower case and kana folding, exactly as the query side does it."""
    return fold(unicodedata.normalize("NFKC", text).lower())


def _terms(matches, parts: bool = False) -> list[str]:
    """Bigrams of Japanese runs; Latin words joined and cut at digits (see
    ``LATIN_JOINER``), with the parts of a joined word too when ``parts``."""
    terms: list[str] = []
    for japanese, word in matches:
        if word:
            joined = _DIGITS_RE.findall(word.replace(LATIN_JOINER, ""))
            terms.extend(joined)
            if parts and LATIN_JOINER in word:
                pieces = (_DIGITS_RE.findall(piece) for piece in word.split(LATIN_JOINER))
                terms.extend(term for piece in pieces for term in piece if term not in joined)
        elif len(japanese) == 1:
            terms.append(japanese)
        else:
            terms.extend(map(str.__add__, japanese[:-1], japanese[1:]))
    return terms


def search_terms(text: str) -> list[str]:
    """The terms of ``text`` in order: bigrams of Japanese runs, other words whole."""
    return _terms(TOKEN_RE.findall(normalise(text)))


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
    return _index_counts(fold(unicodedata.normalize("NFKC", text).lower()))


def _index_counts(folded: str) -> Counter:
    matches = TOKEN_RE.findall(folded)
    counts = Counter(_terms(matches, parts=True))
    counts.update(run[-1] for run, _word in matches if len(run) > 1)
    return counts


def page_terms(text: str) -> tuple[Counter, list[str]]:
    """:func:`index_term_counts` and :func:`word_chunks` of a page's text, normalising it once
    (NFKC of a long text is most of the cost)."""
    nfkc = unicodedata.normalize("NFKC", text)
    return _index_counts(fold(nfkc.lower())), _CHUNK_RE.findall(nfkc)


def word_chunks(text: str) -> list[str]:
    """The runs of letters and digits of ``text`` (NFKC, not folded), for the dictionary."""
    return _CHUNK_RE.findall(unicodedata.normalize("NFKC", text))
