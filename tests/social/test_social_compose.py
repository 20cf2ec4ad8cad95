"""Composing page announcements: prefix, layout, and shortening that never breaks words or URLs."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from hypothesis import given, settings, strategies as st

from kbpress.model import JST, Kind, PageMeta, SocialOptIn
from kbpress.social.compose import CompositionError, compose_page_post, hashtag_problem
from kbpress.social.textfit import ELLIPSIS, fits, shorten_to_fit, weighted_length

URL = "https://kb.example.jp/articles/password-basics/"


def meta(kind=Kind.ARTICLE, title="パスワード管理の基本", description="要約です。", **social) -> PageMeta:
    return PageMeta(
        kind=kind,
        title=title,
        description=description,
        updated=datetime(2026, 10, 1, tzinfo=JST),
        date=datetime(2026, 10, 15, 10, tzinfo=JST) if kind is Kind.TOPIC else None,
        social=SocialOptIn(post=True, text=social.get("text"), hashtags=tuple(social.get("hashtags", ()))),
    )


def summary_of(text: str) -> str:
    return text.split("\n")[1]


@pytest.mark.parametrize(
    "kind, prefix",
    [(Kind.ARTICLE, "【更新情報】"), (Kind.TOPIC, "【トピックス】"), (Kind.FAQ, "【更新情報】"), (Kind.PAGE, "【更新情報】")],
)
def test_prefix_per_kind(kind, prefix):
    assert compose_page_post(meta(kind), URL).text.startswith(prefix + "パスワード管理の基本\n")


def test_layout_title_summary_url_hashtags():
    composed = compose_page_post(meta(hashtags=["情報セキュリティ", "中小企業"]), URL)

    assert composed.text == f"【更新情報】パスワード管理の基本\n要約です。\n{URL}\n#情報セキュリティ #中小企業"
    assert not composed.shortened


def test_long_summary_is_cut_at_a_phrase_with_an_ellipsis():
    summary = "取引先を装ったメールで偽の振込先を伝え、代金をだまし取るビジネスメール詐欺の手口と、経理担当者が確認すべき点を解説します" * 4

    composed = compose_page_post(meta(description=summary, hashtags=["詐欺対策"]), URL)

    assert composed.shortened and fits(composed.text)
    short = summary_of(composed.text)
    assert short.endswith(ELLIPSIS)
    assert summary.startswith(short[:-1])
    assert composed.text.endswith(f"\n{URL}\n#詐欺対策")
    # Close to the limit: no more than one phrase was given away.
    assert weighted_length(composed.text) > 280 - 30


def test_sentence_boundary_is_preferred_and_its_full_stop_dropped():
    first = "パスワードの使い回しは、一つのサービスからの漏えいが、同じパスワードを使う他のすべてのサービスの乗っ取りにつながるため、とても危険です。"
    summary = first + "管理ツールを使えば長く複雑なパスワードも覚えずに済みますし、多要素認証と組み合わせれば安心です" * 3

    short = summary_of(compose_page_post(meta(description=summary), URL).text)

    assert short == first[:-1] + ELLIPSIS


def test_a_short_first_sentence_loses_to_a_longer_phrase_cut():
    first = "使い回しは危険です。"
    summary = first + "管理ツールを使えば長く複雑なパスワードも覚えずに済みますし、多要素認証と組み合わせれば安心です" * 3

    short = summary_of(compose_page_post(meta(description=summary), URL).text)

    assert short.startswith(first) and len(short) > len(first) * 3 and short.endswith(ELLIPSIS)


def test_never_cuts_inside_a_latin_word():
    summary = "Microsoft Authenticator や Google Authenticator などの authenticator applications の設定手順 " * 6

    short = summary_of(compose_page_post(meta(description=summary), URL).text)

    kept = short[:-1]
    assert summary.startswith(kept)
    following = summary[len(kept) : len(kept) + 1]
    assert not (re.match(r"[A-Za-z]", kept[-1]) and re.match(r"[A-Za-z]", following))


def test_never_cuts_inside_a_url_in_the_summary():
    link = "https://www.ipa.go.jp/security/guide/sme/about.html"
    summary = "あ" * 60 + " 詳しくは " + link + " をご覧ください。" + "い" * 80

    short = summary_of(compose_page_post(meta(description=summary), URL).text)

    assert link in short or "https://" not in short


def test_title_only_when_no_phrase_of_the_summary_fits():
    title = "あ" * 120
    composed = compose_page_post(meta(title=title, description="い" * 50), URL)

    assert composed.text == f"【更新情報】{title}\n{URL}" and composed.shortened


def test_text_override_replaces_title_and_summary():
    composed = compose_page_post(meta(text="新しい記事を公開しました。ぜひご覧ください。", hashtags=["中小企業"]), URL)

    assert composed.text == f"【更新情報】新しい記事を公開しました。ぜひご覧ください。\n{URL}\n#中小企業"


def test_text_override_that_cannot_fit_is_an_error_never_cut():
    with pytest.raises(CompositionError, match=r"social.text が長すぎます: URL とハッシュタグを含めて \d+/280"):
        compose_page_post(meta(text="あ" * 130), URL)


def test_too_many_hashtags_is_an_error():
    tags = [f"タグ{i:02d}" * 3 for i in range(20)]
    with pytest.raises(CompositionError, match="social.hashtags を減らしてください"):
        compose_page_post(meta(hashtags=tags), URL)


@pytest.mark.parametrize(
    "tag, ok", [("情報セキュリティ", True), ("SME_security", True), ("2026年", True), ("12345", False), ("a-b", False), ("a b", False)]
)
def test_hashtag_rules(tag, ok):
    assert (hashtag_problem(tag) is None) is ok


def test_shorten_returns_none_when_nothing_fits():
    assert shorten_to_fit("あいうえお", lambda candidate: False) is None


_WORDS = st.sampled_from(
    ["セキュリティ", "対策を", "確認し、", "Windows", "Update", "の", "VPN機器", "。", " ", "https://example.jp/a-b", "e-mail", "🔒"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=150), st.lists(st.sampled_from(["中小企業", "SME"]), max_size=3))
def test_any_summary_gives_a_post_that_fits_with_url_intact(words, tags):
    summary = "".join(words).strip() or "要約"
    composed = compose_page_post(meta(description=summary, hashtags=tags), URL)

    assert fits(composed.text)
    lines = composed.text.split("\n")
    assert URL in lines
    if composed.shortened and len(lines) > 2 and lines[1].endswith(ELLIPSIS):
        kept = lines[1][:-1]
        assert " ".join(summary.split()).startswith(kept)
        following = " ".join(summary.split())[len(kept) : len(kept) + 1]
        assert not (re.match(r"[A-Za-z0-9]", kept[-1:]) and re.match(r"[A-Za-z0-9]", following))
