"""Japanese line wrapping for text drawn into images."""

from __future__ import annotations

import pytest

from kbpress.textlayout import FontNotFoundError, find_cjk_font, fit_lines, load_cjk_font, split_phrases, wrap_phrases


class CharFont:
    """Every character is one unit wide: makes line widths easy to reason about."""

    def getlength(self, text: str) -> float:
        return float(len(text))


def test_lines_break_only_at_phrase_boundaries():
    text = "不審なメールを開いてしまったときの初動対応"
    phrases = split_phrases(text)
    lines = wrap_phrases(text, CharFont(), 9)
    assert "".join(lines) == text
    boundaries = {sum(len(p) for p in phrases[:i]) for i in range(len(phrases) + 1)}
    position = 0
    for line in lines[:-1]:
        position += len(line)
        assert position in boundaries, (lines, phrases)
    assert all(len(line) <= 9 for line in lines)


def test_a_phrase_wider_than_the_line_is_broken_between_characters():
    lines = wrap_phrases("サイバーセキュリティ支援センター", CharFont(), 5)
    assert "".join(lines) == "サイバーセキュリティ支援センター"
    assert all(len(line) <= 5 for line in lines)
    assert len(lines) >= 4


def test_latin_text_breaks_at_spaces_and_numbers_stay_whole():
    lines = wrap_phrases("Hello World, this is English", CharFont(), 12)
    assert lines == ["Hello World,", "this is", "English"]
    assert any("2025年版" in phrase or "（2025" in phrase for phrase in split_phrases("導入ガイド（2025年版）"))
    assert not any(phrase.endswith("202") for phrase in split_phrases("導入ガイド（2025年版）"))


def test_explicit_newlines_are_kept_and_edges_trimmed():
    assert wrap_phrases("  第1巻\nバックアップ ", CharFont(), 20) == ["第1巻", "バックアップ"]


def test_real_font_widths_are_respected():
    font = load_cjk_font(40, "bold")
    text = "中小企業のための情報セキュリティ基本対策ガイド"
    lines = wrap_phrases(text, font, 400)
    assert "".join(lines) == text
    assert all(font.getlength(line) <= 400 for line in lines)
    assert len(lines) > 1


def test_fit_lines_truncates_with_an_ellipsis():
    lines = wrap_phrases("不審なメールを開いてしまったときの初動対応と報告の流れ", CharFont(), 8)
    fitted = fit_lines(lines, CharFont(), 8, 2)
    assert len(fitted) == 2 and fitted[-1].endswith("…") and len(fitted[-1]) <= 8
    assert fit_lines(["短い"], CharFont(), 8, 2) == ["短い"]


def test_invalid_arguments_are_rejected():
    with pytest.raises(ValueError):
        wrap_phrases("テスト", CharFont(), 0)
    with pytest.raises(ValueError):
        find_cjk_font("light")


def test_missing_font_names_the_debian_package(tmp_path):
    with pytest.raises(FontNotFoundError, match="fonts-noto-cjk"):
        find_cjk_font("regular", search_dirs=(str(tmp_path),))


def test_installed_font_is_found():
    assert find_cjk_font("regular").name == "NotoSansCJK-Regular.ttc"
    assert load_cjk_font(20).getname()[0] == "Noto Sans CJK JP"


LONE_CHARACTER_TITLES = [
    "従業員のための情報セキュリティ入門",
    "テレワークで気をつけたい十の点",
    "不正アクセスの被害を受けた後の対応と届出の仕方",
    "スマートフォンの紛失に備える",
    "標的型メール訓練の進め方と結果の見方",
    "取引先を装う請求書詐欺（BEC）への対策",
    "2026年度 中小企業向けセキュリティ相談会の案内",
    "クラウドサービスの設定ミスによる情報漏えい",
    "パスワードの使い回しは危険",
    "USBメモリの持ち出しルール",
]


def visible(line: str) -> int:
    return sum(1 for char in line if char.strip() and char not in "、。，．)」』】）ー！？!?")


@pytest.mark.parametrize("title", LONE_CHARACTER_TITLES)
@pytest.mark.parametrize("width", [4, 5, 6, 7, 8, 9, 11, 13])
def test_no_line_is_left_with_a_single_character(title, width):
    lines = wrap_phrases(title, CharFont(), width)
    assert "".join(lines).replace(" ", "") == title.replace(" ", "")
    assert all(len(line) <= width for line in lines)
    if len(lines) > 1:
        assert all(visible(line) > 1 for line in lines), lines


def test_rebalancing_moves_whole_phrases_when_the_break_was_between_phrases():
    text = "情報を守る門"  # BudouX ends the last phrase with a single character
    phrases = split_phrases(text)
    assert phrases[-1] == "門"
    lines = wrap_phrases(text, CharFont(), 5)
    boundaries = {sum(len(p) for p in phrases[:i]) for i in range(len(phrases) + 1)}
    assert len(lines[0]) in boundaries and visible(lines[-1]) > 1


def test_cover_title_of_the_first_sample_volume_keeps_its_last_word_whole():
    font = load_cjk_font(110, "bold")
    lines = wrap_phrases("従業員のための情報セキュリティ入門", font, 1000)  # the cover's size and width
    assert lines[-1] != "門" and all(visible(line) > 1 for line in lines)
