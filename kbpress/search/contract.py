"""The search contract: every rule the index and the browser must share.

The page side (Python, at build time) and the query side
(``assets/portal/search-core.js``, in the reader's browser) must cut text into
the same terms, or a query misses the page it names. So the rules live
here once: the character class of Japanese runs, the folding of spelling
variants, the shard rule and the ranking constants. :func:`contract`
writes them into ``meta.json``; ``search-core.js`` builds its tokenizer from
that object and hard-codes none of them. A Node test runs the real
``search-core.js`` tokenizer against :func:`kbpress.search.tokens.search_terms`
on generated strings.
"""

from __future__ import annotations

import re

FORMAT_VERSION = 3  # 3: Latin words joined at hyphens and cut at digits; readings in x.json

# Kana and kanji, with the marks that live inside Japanese words
# (々 repeat, 〆, 〇). Written as a regular expression class body that
# Python's ``re`` and JavaScript's ``u`` flag read the same way.
CJK_CLASS = (
    "\u3005\u3006\u3007"  # 々 〆 〇
    "\u3041-\u3096\u309d-\u309f"  # hiragana
    "\u30a1-\u30fa\u30fc-\u30ff"  # katakana (with ー, ヽ, ヾ)
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kanji
)

# Folding, after NFKC and lower case. Readers type ぱすわーど, ウィルス,
# ランサムウエア, サーバ; pages write パスワード, ウイルス, ランサムウェア,
# サーバー. Both sides fold to one spelling:
# - hiragana becomes katakana (a code point offset);
HIRAGANA_TO_KATAKANA = (0x3041, 0x3096, 0x60)  # first, last, offset
# - small kana become full size (ィ/イ, ェ/エ, ッ/ツ, ヶ/ケ); iteration marks too;
SMALL_KANA = "ァアィイゥウェエォオッツャヤュユョヨヮワヵカヶケゝヽゞヾ"
# - ヴ rows become バ rows (ヴァイオリン/バイオリン), longest first;
SEQUENCES = (("ヴァ", "バ"), ("ヴィ", "ビ"), ("ヴェ", "ベ"), ("ヴォ", "ボ"), ("ヴ", "ブ"))
# - the long vowel mark and the middle dot go (サーバ/サーバー, ビジネス・メール).
DROPPED = "ー・"

# Latin words are written apart or together (Wi-Fi/wifi, e-mail/email,
# Windows 10/windows10). Both sides read a word joined by this mark as one
# word without it (wi-fi is wifi), the index also holds its parts (wi, fi:
# a reader may type "wi fi"), and a Latin word is cut where ASCII digits
# start or stop (windows10 is windows and 10).
LATIN_JOINER = "-"

# Words of a question rather than of its subject (何をすればいい, やり方,
# 大丈夫?): in a query with other words they are not required of a page.
# Hiragana between other words (particles, endings: を, したかも,
# ってどうすれば) is treated the same way by search-core.js.
STOP_WORDS = (
    "何 方 方法 仕方 場合 時 教 知 良 大丈夫 必要 出来 可能 今 気 誰 一番 本当 事 物 所 件 話 "
    "思 考 感 見 言 分 困 聞 急 至急 早 速 簡単 具体的 注意 注意点 対策 ポイント 基本 基礎 一覧 "
    "まとめ 大事 重要 心得 コツ やり方 防 防止 付け 使 使い 使う 使っ "
    # typed as words of their own: とは, について, どうすれば
    "とは について って どう どうする どうすれば どうしたら したい したら する できる ある ない いい よい "
    "なに なぜ いつ どこ どれ ください おしえて "
    # what a reader asks to be told, typed as a word of its own (開封後 やること)
    "やること すること やるべきこと すべきこと やってはいけないこと してはいけないこと"
).split()

# Ranking (search-core.js).
BM25_K1 = 2.0
BM25_B = 0.5  # articles are long and topics short: length counts for less than usual
PREFIX_WEIGHT = 0.5  # a longer term found by its start counts half
TITLE_WEIGHT = 7  # a term of the title counts as seven in the body
HEADING_WEIGHT = 3  # a term of a heading counts as three
LABEL_WEIGHT = 4  # a term of a category or tag name shown on the page
VARIANT_WEIGHT = 1.0  # a page found through a spelling variant or synonym counts as much
CORRECTION_WEIGHT = 0.5  # a page found only through a typo correction counts half
TYPO_LATIN_MINIMUM = 4  # letters: shorter Latin words (mfa, vpn) are not corrected
TYPO_LATIN_LONG = 8  # letters: from here two edits are allowed, one below
MIN_COVERAGE = 0.5  # a query word counts as found when this share of its terms is


def _kana_table() -> dict[int, str]:
    first, last, offset = HIRAGANA_TO_KATAKANA
    return {code: chr(code + offset) for code in range(first, last + 1)}


def _size_table() -> dict[int, str]:
    table = {ord(small): large for small, large in zip(SMALL_KANA[::2], SMALL_KANA[1::2])}
    table.update((code, "") for code in map(ord, DROPPED))
    return table


_KANA = _kana_table()
_SIZE = _size_table()
_SEQUENCE_RE = re.compile("|".join(re.escape(source) for source, _ in SEQUENCES))
_SEQUENCES = dict(SEQUENCES)


def fold(text: str) -> str:
    """Spelling variants of kana to one form (``text`` is NFKC and lower case already).

    Three steps, in this order in search-core.js too: hiragana to katakana (so
    ゔぁ meets the ヴァ rule), the sequences (ヴァ becomes バ, not ブア),
    then sizes and dropped marks.
    """
    text = _SEQUENCE_RE.sub(lambda match: _SEQUENCES[match.group(0)], text.translate(_KANA))
    return text.translate(_SIZE)


def contract() -> dict:
    """What ``meta.json`` tells ``search-core.js`` (see the module docstring)."""
    first, last, offset = HIRAGANA_TO_KATAKANA
    return {
        "cjk": CJK_CLASS,
        "hiragana": [first, last, offset],
        "small": SMALL_KANA,
        "sequences": [list(pair) for pair in SEQUENCES],
        "dropped": DROPPED,
        "joiner": LATIN_JOINER,
        "shardRule": "codePointModulo",
        "bm25": {"k1": BM25_K1, "b": BM25_B},
        "weights": {
            "prefix": PREFIX_WEIGHT,
            "title": TITLE_WEIGHT,
            "heading": HEADING_WEIGHT,
            "label": LABEL_WEIGHT,
            "variant": VARIANT_WEIGHT,
            "correction": CORRECTION_WEIGHT,
        },
        "typo": {"latinMinimum": TYPO_LATIN_MINIMUM, "latinLong": TYPO_LATIN_LONG},
        "minCoverage": MIN_COVERAGE,
        "stopWords": sorted({fold(word) for word in STOP_WORDS}),
    }
