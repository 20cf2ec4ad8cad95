"""Post length by X's rules, and shortening text without breaking words or URLs.

X counts a "weighted length" (twitter-text v3): most CJK characters weigh
2, Latin letters 1, every URL 23 and an emoji sequence 2, with a limit of
280. We measure with the twitter-text-parser port, which passes the
official conformance cases, instead of guessing with ``len()``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from twitter_text import extract_urls_with_indices, parse_tweet
from twitter_text.has_invalid_characters import has_invalid_characters

MAX_WEIGHTED_LENGTH = 280
ELLIPSIS = "…"

_SENTENCE_END = "。．！？!?"
# Characters that look wrong right before an ellipsis.
_TRAILING_PUNCT = "。．.、，,：:；;・ 　「『（(［[【〈《“‘"
_LATIN_WORD_CHAR = re.compile(r"[A-Za-z0-9À-ɏ_'’\-]")


def normalize_text(text: str) -> str:
    """One line ending (LF) and no outer blank space: what we count is what we post."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def weighted_length(text: str) -> int:
    return _parsed(text).weightedLength


def fits(text: str) -> bool:
    """True when X accepts the text: 1..280 weighted characters, no forbidden characters."""
    return _parsed(text).valid


@lru_cache(maxsize=4096)
def _parsed(text: str):
    # parse_tweet takes milliseconds (emoji scanning); check and publish ask about the same texts.
    return parse_tweet(text)


def has_forbidden_characters(text: str) -> bool:
    """U+FFFE, U+FEFF and U+FFFF: X refuses a text containing them."""
    return has_invalid_characters(text)


def shorten_to_fit(text: str, fits_with: Callable[[str], bool]) -> str | None:
    """The longest shortened ``text`` (ending in '…') for which ``fits_with`` holds.

    Cuts only where a reader would pause: at the end of a sentence when that
    keeps at least half of what a phrase cut would, otherwise at a phrase
    boundary (BudouX) or a space. Never inside a URL or a Latin word.
    Returns None when not even the first phrase fits.
    """
    url_spans = [tuple(url["indices"]) for url in extract_urls_with_indices(text)]
    best_phrase = _longest_fitting(text, _cut_points(text, url_spans), fits_with)
    best_sentence = _longest_fitting(text, _sentence_cut_points(text, url_spans), fits_with)
    if best_sentence is not None and (
        best_phrase is None or weighted_length(best_sentence) * 2 >= weighted_length(best_phrase)
    ):
        return best_sentence
    return best_phrase


def _longest_fitting(text: str, cuts: list[int], fits_with: Callable[[str], bool]) -> str | None:
    """Binary search: a longer prefix never weighs less, so "fits" holds up to some cut."""
    candidates = [candidate for candidate in (_with_ellipsis(text[:cut]) for cut in sorted(set(cuts))) if candidate]
    low, high, best = 0, len(candidates) - 1, None
    while low <= high:
        middle = (low + high) // 2
        if fits_with(candidates[middle]):
            best, low = candidates[middle], middle + 1
        else:
            high = middle - 1
    return best


def _with_ellipsis(prefix: str) -> str:
    trimmed = prefix.rstrip(_TRAILING_PUNCT + "\n\t")
    return trimmed + ELLIPSIS if trimmed else ""


def _cut_points(text: str, url_spans: list[tuple[int, int]]) -> list[int]:
    """Offsets where ``text`` may be cut: phrase ends and spaces, minus unsafe ones."""
    offsets = set(_phrase_ends(text))
    offsets.update(match.start() for match in re.finditer(r"\s", text))
    return [offset for offset in offsets if 0 < offset < len(text) and _safe_cut(text, offset, url_spans)]


def _sentence_cut_points(text: str, url_spans: list[tuple[int, int]]) -> list[int]:
    offsets = [index + 1 for index, char in enumerate(text) if char in _SENTENCE_END]
    offsets += [match.start() + 1 for match in re.finditer(r"\.(?=\s)", text)]
    return [offset for offset in offsets if 0 < offset < len(text) and _safe_cut(text, offset, url_spans)]


def _safe_cut(text: str, offset: int, url_spans: list[tuple[int, int]]) -> bool:
    if _LATIN_WORD_CHAR.match(text[offset - 1]) and _LATIN_WORD_CHAR.match(text[offset]):
        return False
    # Cutting right after a URL is unsafe too: the ellipsis would join it.
    return not any(start < offset <= end for start, end in url_spans)


def _phrase_ends(text: str) -> list[int]:
    offsets, position = [], 0
    for chunk in _japanese_parser().parse(text):
        position += len(chunk)
        offsets.append(position)
    return offsets


@lru_cache(maxsize=1)
def _japanese_parser():
    import budoux  # imported lazily: loading the model takes a moment

    return budoux.load_default_japanese_parser()
