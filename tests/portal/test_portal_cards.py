"""Link cards, core only: content, layout, drawing, cache and tags (no MkDocs)."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime
from io import BytesIO

import pytest
from PIL import Image, ImageFont

from cardcheck import assert_budoux_lines, card_lines
from kbpress.cards import (
    CardCache,
    CardContent,
    LinkPreview,
    card_content,
    card_url,
    insert_into_head,
    layout_card,
    ogp_tags,
    plain_card_content,
    render_card,
)
from kbpress.cards.drawer import CardDrawer
from kbpress.scheduler import Scheduler
from kbpress.cards.render import TITLE_STEPS, font
from kbpress.model import JST, Kind, Page, PageMeta, Site, Term

SITE_NAME = "知識の保管庫"
ORGANISATION = "みなと中小企業サイバーセキュリティ支援センター"

TITLES = [
    "パスワードと多要素認証",
    "ビジネスメール詐欺（BEC）への備え",
    "VPN機器の脆弱性を修正するプログラムが公開されています",
    "取引先を装う「振込先変更」メールにご注意を",
    "2026年度の専門家訪問支援の受付を開始しました",
    "新年度の新入社員向けセキュリティ教育を",  # one phrase nearly a line wide
    "中小企業のためのパスワード管理入門：使い回しをやめて多要素認証を始めよう",
    "年末年始の長期休暇に備えて確認したいこと。休暇前に行う設定の見直しと、休暇明けに最初に確認することをまとめました",
    "Microsoft 365 と Google Workspace の多要素認証を設定する手順",
]


def make_site() -> Site:
    return Site(
        name=SITE_NAME,
        url="https://kb.example.jp/",
        description="中小企業の経営者と従業員のみなさまに向けた情報セキュリティの解説とお知らせです。",
        organisation=ORGANISATION,
        docs_dir="/nonexistent/docs",
        site_dir="/nonexistent/site",
        build_time=datetime(2026, 1, 1, 9, tzinfo=JST),
        categories={"account": Term("account", "パスワード・認証"), "alert": Term("alert", "注意喚起")},
    )


def article(title: str = "パスワードと多要素認証") -> Page:
    meta = PageMeta(kind=Kind.ARTICLE, title=title, category="account", categories=("account",))
    return Page(src_path="articles/passwords-and-mfa.md", url="articles/passwords-and-mfa/", meta=meta)


def topic() -> Page:
    meta = PageMeta(
        kind=Kind.TOPIC,
        title="宅配業者をかたる偽SMSに注意",
        categories=("alert", "account"),
        date=datetime(2025, 6, 12, 10, tzinfo=JST),
        slug="fake-delivery-sms-2025-06",
    )
    return Page(src_path="topics/2025/fake.md", url="topics/2025/fake-delivery-sms-2025-06/", meta=meta)


def test_article_card_names_kind_and_category():
    content = card_content(article(), make_site())
    assert content.title == "パスワードと多要素認証"
    assert content.labels == ("解説記事", "パスワード・認証")
    assert (content.site_name, content.organisation) == (SITE_NAME, ORGANISATION)


def test_topic_card_carries_its_date_and_categories():
    content = card_content(topic(), make_site())
    assert content.labels == ("トピックス", "注意喚起", "パスワード・認証")
    assert content.date == "2025年6月12日"


def test_home_card_shows_site_name_and_description():
    home = Page(src_path="index.md", url="", meta=PageMeta(kind=Kind.PAGE, title="ホーム"))
    content = card_content(home, make_site())
    assert content.title == SITE_NAME
    assert content.subtitle.startswith("中小企業の経営者")
    assert content.labels == ()


def test_page_outside_the_model_gets_a_plain_card():
    assert plain_card_content("サイト内検索", make_site()) == CardContent("サイト内検索", SITE_NAME, ORGANISATION)


@pytest.mark.parametrize(
    ("page_url", "expected"),
    [("", "assets/cards/card.png"), ("articles/x/", "assets/cards/articles/x/card.png"), ("/faq/", "assets/cards/faq/card.png")],
)
def test_card_urls_mirror_page_urls(page_url, expected):
    assert card_url(page_url) == expected


@pytest.mark.parametrize("title", TITLES)
def test_titles_wrap_only_at_budoux_boundaries(title):
    layout = layout_card(CardContent(title, SITE_NAME, ORGANISATION, ("解説記事",)))
    assert_budoux_lines(title, list(layout.title_lines))
    for line in layout.title_lines:
        assert font(layout.title_size, "bold").getlength(line) <= 1040


def test_short_titles_use_the_largest_size_and_long_ones_shrink():
    assert layout_card(CardContent("バックアップの基本", SITE_NAME)).title_size == TITLE_STEPS[0][0]
    assert layout_card(CardContent(TITLES[6], SITE_NAME)).title_size < TITLE_STEPS[0][0]


def test_a_title_too_long_for_any_size_ends_with_an_ellipsis():
    title = "情報セキュリティ対策の基本を学ぶ。" * 12
    layout = layout_card(CardContent(title, SITE_NAME))
    assert len(layout.title_lines) <= TITLE_STEPS[-1][1]
    assert layout.title_lines[-1].endswith("…")
    assert_budoux_lines(title, list(layout.title_lines))


def test_labels_that_do_not_fit_on_one_row_are_left_out():
    labels = tuple(f"とても長いカテゴリの名前その{i}" for i in range(6))
    kept = layout_card(CardContent("題", SITE_NAME, labels=labels)).labels
    assert 0 < len(kept) < len(labels)
    assert kept == labels[: len(kept)]


def test_card_is_a_1200x630_png_with_its_title_lines_recorded():
    content = card_content(topic(), make_site())
    png = render_card(content)
    assert card_lines(png) == list(layout_card(content).title_lines)
    with Image.open(BytesIO(png)) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert len(colours) > 10, "anti-aliased text should blend many shades"


def test_cards_are_reproducible():
    content = card_content(article(TITLES[5]), make_site())
    assert render_card(content) == render_card(content)


def test_measured_widths_match_pillow():
    # Wrapping trusts cached per-character advances; they must equal what is drawn.
    measured = font(64, "bold")
    for text in TITLES:
        assert measured.getlength(text) == measured.pillow_font.getlength(text)
    assert measured.pillow_font.layout_engine == ImageFont.Layout.BASIC


def test_cache_draws_once_and_reuses(tmp_path):
    content = card_content(article(), make_site())
    first_build = CardCache(tmp_path / "cards")
    first = first_build.card(content)
    assert first_build.card(content) == first, "a second page with the same card is not drawn again"
    assert (first_build.stats.drawn, first_build.stats.reused) == (1, 0)
    second_build = CardCache(tmp_path / "cards")
    assert second_build.card(content) == first and first.is_file()
    assert (second_build.stats.drawn, second_build.stats.reused) == (0, 1)
    changed = second_build.card(CardContent("別の題", SITE_NAME))
    assert changed != first and second_build.stats.drawn == 1


def test_drawing_workers_fill_the_cache_with_the_same_cards(tmp_path):
    contents = [CardContent(f"題{number}の記事", SITE_NAME, ORGANISATION, ("解説記事",)) for number in range(3)]
    inline = CardCache(tmp_path / "inline")
    expected = [inline.card(content).read_bytes() for content in contents]
    background = CardCache(tmp_path / "workers", CardDrawer(Scheduler(workers=2), min_cards=2))
    paths = [background.card(content) for content in contents]
    assert background.drawer.started, "two missing cards start the workers here"
    background.wait()
    assert [path.read_bytes() for path in paths] == expected
    assert background.stats.drawn == 3 and background.stats.draw_seconds > 0
    again = CardCache(tmp_path / "workers", CardDrawer(Scheduler()))
    assert [again.card(content) for content in contents] == paths
    again.wait()
    assert (again.stats.drawn, again.stats.reused) == (0, 3)
    assert not again.drawer.started, "no worker is started when every card is cached"


def test_a_few_missing_cards_are_drawn_without_workers(tmp_path):
    cache = CardCache(tmp_path, CardDrawer(Scheduler(), min_cards=5))
    paths = [cache.card(CardContent(f"題{number}", SITE_NAME)) for number in range(4)]
    assert not cache.drawer.started
    cache.wait()
    assert all(path.stat().st_size > 0 for path in paths) and cache.stats.drawn == 4


def test_a_worker_error_reaches_the_build(tmp_path):
    blocked = tmp_path / "cards"
    blocked.write_text("a file where the cache folder must go", encoding="utf-8")
    cache = CardCache(blocked, CardDrawer(Scheduler(workers=1), min_cards=1))
    cache.card(CardContent("題", SITE_NAME))
    with pytest.raises(OSError):
        cache.wait()


def test_cache_key_follows_everything_printed(tmp_path):
    cache = CardCache(tmp_path)
    base = CardContent("題", SITE_NAME, ORGANISATION, ("解説記事",), "2025年6月12日")
    variants = [
        CardContent("題2", SITE_NAME, ORGANISATION, ("解説記事",), "2025年6月12日"),
        CardContent("題", "別サイト", ORGANISATION, ("解説記事",), "2025年6月12日"),
        CardContent("題", SITE_NAME, "別組織", ("解説記事",), "2025年6月12日"),
        CardContent("題", SITE_NAME, ORGANISATION, ("トピックス",), "2025年6月12日"),
        CardContent("題", SITE_NAME, ORGANISATION, ("解説記事",), "2025年6月13日"),
    ]
    keys = {cache.key(base)} | {cache.key(variant) for variant in variants}
    assert len(keys) == 1 + len(variants)


def test_an_empty_cache_file_counts_as_missing(tmp_path):
    cache = CardCache(tmp_path)
    content = CardContent("題", SITE_NAME)
    cache.path_for(cache.key(content)).write_bytes(b"")
    path = cache.card(content)
    assert cache.stats.drawn == 1 and path.stat().st_size > 0


def test_previews_do_not_draw_new_cards(tmp_path):
    cache = CardCache(tmp_path)
    assert cache.card(CardContent("題", SITE_NAME), draw=False) is None
    assert (cache.stats.drawn, cache.stats.skipped) == (0, 1)
    assert cache.card(CardContent("題", SITE_NAME), draw=False) is None
    assert cache.stats.skipped == 1, "a card asked for twice (queued early, then rendered) is skipped once"
    assert not list(tmp_path.glob("*.png"))


def test_finish_records_stats_and_prunes_only_old_unused_cards(tmp_path):
    cache = CardCache(tmp_path)
    used = cache.card(CardContent("使う", SITE_NAME))
    old_unused = tmp_path / ("0" * 64 + ".png")
    recent_unused = tmp_path / ("1" * 64 + ".png")
    old_unused.write_bytes(b"x")
    recent_unused.write_bytes(b"x")
    long_ago = time.time() - 100 * 86400
    os.utime(old_unused, (long_ago, long_ago))
    os.utime(used, (long_ago, long_ago))
    summary = cache.finish(prune_days=90)
    assert not old_unused.exists()
    assert recent_unused.exists() and used.exists()
    assert summary["drawn"] == 1 and summary["pruned"] == 1
    assert json.loads((tmp_path / "last-build.json").read_text())["drawn"] == 1


def test_ogp_tags_are_complete_and_escaped():
    preview = LinkPreview(
        title='「引用」と "quotes" & <tags>',
        description="説明",
        url="https://kb.example.jp/articles/x/",
        site_name=SITE_NAME,
        image_url="https://kb.example.jp/assets/cards/articles/x/card.png",
        is_article=True,
    )
    tags = ogp_tags(preview)
    for expected in (
        '<meta property="og:title" content="「引用」と &quot;quotes&quot; &amp; &lt;tags&gt;">',
        '<meta property="og:type" content="article">',
        '<meta property="og:locale" content="ja_JP">',
        '<meta property="og:image" content="https://kb.example.jp/assets/cards/articles/x/card.png">',
        '<meta property="og:image:width" content="1200">',
        '<meta name="twitter:card" content="summary_large_image">',
    ):
        assert expected in tags


def test_without_a_card_the_tags_fall_back_to_a_summary_card():
    tags = ogp_tags(LinkPreview("題", "説明", "https://kb.example.jp/", SITE_NAME))
    assert "og:image" not in tags
    assert '<meta name="twitter:card" content="summary">' in tags


def test_tags_go_just_before_head_end():
    assert insert_into_head("<html><head><title>t</title></head><body></body>", "<meta x>") == (
        "<html><head><title>t</title><meta x></head><body></body>"
    )
    assert insert_into_head("<p>no head</p>", "<meta x>") == "<p>no head</p>"
