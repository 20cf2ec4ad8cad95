"""Weighted length by X's rules (twitter-text v3), checked against the official cases.

The cases marked "validate.yml" are copied by hand from the official
conformance file twitter-text/conformance/validate.yml (sections
WeightedTweetsCounterTest, WeightedTweetsWithDiscountedEmojiCounterTest and
UnicodeDirectionalMarkerCounterTest).
"""

from __future__ import annotations

import pytest

from kbpress.social.textfit import MAX_WEIGHTED_LENGTH, fits, has_forbidden_characters, normalize_text, weighted_length

CJK_160 = (
    "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。"
    "旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。"
    "泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。"
    "遥知兄弟登高处，遍插茱萸少一人。"
)
AIUEO = "あいうえおかきくけこ"

OFFICIAL_CASES = [
    # (description, text, weightedLength, valid)
    ("Regular Tweet with url", "Hi http://test.co", 26, True),
    ("Just url", "http://test.co", 23, True),
    ("160 CJK char, overflow at char index 140", CJK_160, 320, False),
    ("3 latin char + 160 CJK char", "the" + CJK_160, 323, False),
    ("'Á' is normalized into 1 char", "A\u0301B", 2, True),
    (
        "Count a mix of single byte single word, and double word unicode characters",
        "H\U0001f431\u263a\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",
        7,
        True,
    ),
    ("Count unicode emoji chars inside the basic multilingual plane", "😷👾😡🔥💩", 10, True),
    ("Unicode 9.0 emoji", "Unicode 9.0 emoji: 🤠; 💃; 💃🏾", 29, True),
    ("140 family emoji", "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466" * 140, 280, True),
    (
        "Do not allow > 140 CJK characters by virtue of CJK chars greater than 63 punycode encoded chars in the host",
        AIUEO * 12 + " http://" + AIUEO * 5 + "あいう.com",
        358,
        False,
    ),
    (
        "Allow > 140 CJK characters by virtue of CJK chars less than 63 punycode encoded chars in the host",
        AIUEO * 12 + " http://" + AIUEO * 5 + "あい.com",
        264,
        True,
    ),
    ("Handle invalid characters", "ABC\u202a\uffffABC\ufffe", 12, False),
    (
        "Tweet text containing directional characters should be considered valid",
        "\u2066\u202ahttp://foobar.\u067e\u0627\u06a9\u0633\u062a\u0627\u0646/\u202c\u2069",
        31,
        True,
    ),
]


@pytest.mark.parametrize("description, text, expected_length, expected_valid", OFFICIAL_CASES, ids=[c[0] for c in OFFICIAL_CASES])
def test_official_conformance_cases(description, text, expected_length, expected_valid):
    assert weighted_length(text) == expected_length
    assert fits(text) is expected_valid


def test_140_japanese_characters_fit_and_141_do_not():
    assert MAX_WEIGHTED_LENGTH == 280
    assert weighted_length("あ" * 140) == 280 and fits("あ" * 140)
    assert weighted_length("あ" * 141) == 282 and not fits("あ" * 141)


def test_every_url_counts_23_whatever_its_length():
    short = "https://x.co"
    long = "https://kb.example.jp/articles/" + "very-long-slug-" * 10 + "/"
    assert weighted_length(short) == weighted_length(long) == 23
    assert weighted_length("詳しくは " + long) == 4 * 2 + 1 + 23
    assert weighted_length("example.com") == 23  # even without a scheme


def test_half_width_katakana_counts_two_like_full_width():
    assert weighted_length("ｱｲｳｴｵ") == weighted_length("アイウエオ") == 10


def test_latin_and_general_punctuation_count_one():
    assert weighted_length("Windows Update") == 14
    assert weighted_length("\u2018quoted\u2019 \u2014 dash") == 15


def test_emoji_sequences_count_two():
    assert weighted_length("👍") == 2
    assert weighted_length("👍🏽") == 2  # with skin tone
    assert weighted_length("🏴‍☠️") == 2  # ZWJ sequence


def test_crlf_is_normalised_to_one_line_break_before_counting():
    text = "一行目\r\n二行目\r三行目"
    assert normalize_text(text) == "一行目\n二行目\n三行目"
    assert weighted_length(normalize_text(text)) == 6 * 3 + 2
    # The library also counts CRLF as a single break, so counts agree either way.
    assert weighted_length(text) == weighted_length(normalize_text(text))


def test_forbidden_characters_are_detected():
    assert has_forbidden_characters("\ufeffBOM")
    assert has_forbidden_characters("注意\uffff喚起")
    assert not has_forbidden_characters("注意\u202e喚起")  # directional marks are allowed
    assert not has_forbidden_characters("普通の文章です。")
