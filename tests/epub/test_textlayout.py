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
