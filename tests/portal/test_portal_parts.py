"""The portal's parts as plain functions: contacts, internal folders, latest topics, page links, SEO."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from kbpress.model import JST, Kind, KbpressError, Page, PageMeta, Site, Term
from kbpress.portal import contacts, internal, latest, seo
from kbpress.portal.pagelinks import PageLinks


def _site(pages: list[Page]) -> Site:
    return Site(
        name="テスト保管庫",
        url="https://kb.example.jp/",
        description="",
        organisation="テスト支援センター",
        docs_dir="/tmp/docs",
        site_dir="/tmp/site",
        build_time=datetime(2026, 1, 1, tzinfo=JST),
        categories={slug: Term(slug, name) for slug, name in (("alert", "注意喚起"), ("event", "セミナー"), ("mail", "メール"))},
        tags={slug: Term(slug, slug) for slug in ("phishing", "backup", "seminar", "mfa")},
        pages=pages,
    )


def _topic(slug: str, day: str, categories=("alert",), tags=(), ends: str | None = None) -> Page:
    date = datetime.fromisoformat(day + "T10:00:00+09:00")
    meta = PageMeta(
        kind=Kind.TOPIC, title=f"お知らせ {slug}", description="要約", categories=tuple(categories), tags=tuple(tags),
        date=date, slug=slug, ends=datetime.fromisoformat(ends + "T00:00:00+09:00") if ends else None,
    )
    return Page(src_path=f"topics/{day[:4]}/{slug}.md", url=f"topics/{day[:4]}/{slug}/", meta=meta)


def _article(slug: str, title: str, category="mail", tags=(), updated="2025-04-01") -> Page:
    meta = PageMeta(
        kind=Kind.ARTICLE, title=title, description="説明", category=category, categories=(category,), tags=tuple(tags),
        audience=("従業員",), updated=datetime.fromisoformat(updated + "T00:00:00+09:00"),
    )
    return Page(src_path=f"articles/{slug}.md", url=f"articles/{slug}/", meta=meta)


HOME = Page(src_path="index.md", url="", meta=PageMeta(kind=Kind.PAGE, title="ホーム"))

# -- contacts ---------------------------------------------------------------------


def test_phone_numbers_as_people_write_them_become_tel_links():
    assert contacts.tel_href("03-0000-0000") == "tel:03-0000-0000"
    assert contacts.tel_href("#9110") == "tel:%239110"
    assert contacts.tel_href("188") == "tel:188"
    assert contacts.tel_href("0120 (000) 111") == "tel:0120000111"
    assert contacts.tel_href("+81-3-0000-0000") == "tel:+81-3-0000-0000"


def test_contacts_render_tappable_links_with_labels_for_phone_cards():
    data = contacts.parse_contacts({
        "centre": {"name": "相談窓口", "phone": "03-1234-5678", "phone_hours": "平日 9:00〜17:00", "mail": "soudan@example.jp"},
        "emergency": [
            {"situation": "警察に相談したい", "name": "警察相談専用電話", "phone": "#9110", "offers": "つながる"},
            {"situation": "詐欺で送金した", "name": "金融機関", "offers": "組戻し <依頼>"},
        ],
    })
    centre = contacts.centre_html(data)
    assert '<a href="tel:03-1234-5678">03-1234-5678</a>' in centre
    assert '<a href="mailto:soudan@example.jp">soudan@example.jp</a>' in centre
    assert centre.count("<tr>") == 3  # header, phone, mail
    emergency = contacts.emergency_html(data)
    assert '<a href="tel:%239110">#9110</a>' in emergency
    assert emergency.count('data-label="状況"') == 2
    assert "組戻し &lt;依頼&gt;" in emergency  # text is escaped, never markup


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"centre": {"name": "窓口", "phone": 3000}}, None),  # a number YAML read as int is accepted as text
        ({"centre": {"name": "窓口", "phone": "03-0000-0000 内線12"}}, "centre.phone"),
        ({"centre": {"name": "窓口", "mail": "soudan.example.jp"}}, "centre.mail"),
        ({"centre": {"name": "窓口", "url": "http://example.jp/"}}, "centre.url"),
        ({"centre": {"phone": "03-0000-0000"}}, "name:"),
        ({"centre": {"name": "窓口", "fax": "03-0000-0001"}}, "centre.fax"),
        ({"emergency": {"name": "窓口"}}, "emergency:"),
        ({"emergency": [{"name": "窓口", "phone": True}]}, "emergency[0].phone"),
        ({"centres": {}}, "centres"),
        (["窓口"], "マッピング"),
    ],
)
def test_contact_mistakes_name_the_key_and_the_fix(data, expected):
    if expected is None:
        assert contacts.parse_contacts(data).centre.phone == "3000"
        return
    with pytest.raises(KbpressError) as caught:
        contacts.parse_contacts(data)
    message = str(caught.value)
    assert message.startswith("mkdocs.yml: extra.contacts") and expected in message


def test_placeholders_expand_and_unknown_names_point_at_the_line():
    data = contacts.parse_contacts({"centre": {"name": "窓口", "phone": "03-0000-0000"}})
    text = "前文\n\n<!-- kbpress:contacts centre -->\n\n後文\n"
    assert 'href="tel:03-0000-0000"' in contacts.expand_placeholders(text, data, "docs/a.md")
    with pytest.raises(KbpressError, match=r"docs/a.md:7: 'emergncy'"):
        contacts.expand_placeholders("a\n\nb\n\n<!-- kbpress:contacts emergncy -->\n", data, "docs/a.md", first_line=3)
    with pytest.raises(KbpressError, match="extra.contacts.emergency がない"):
        contacts.expand_placeholders("<!-- kbpress:contacts emergency -->", data, "docs/a.md")
    # Inside a sentence the marker is left alone (it documents itself in the guide).
    inline = "`<!-- kbpress:contacts centre -->` と書きます"
    assert contacts.expand_placeholders(inline, data, "docs/a.md") == inline


# -- internal pages ------------------------------------------------------------------


def test_internal_folders_are_a_rule_not_a_list():
    dirs = internal.normalised_dirs(["authoring/", " /editors ", ""])
    assert dirs == ("authoring", "editors")
    assert internal.is_internal("authoring/index.md", dirs)
    assert internal.is_internal("authoring/new-page-added-later.md", dirs)
    assert internal.is_internal("editors/sub/deep.md", dirs)
    assert not internal.is_internal("authoring-tips.md", dirs)
    assert not internal.is_internal("articles/authoring.md", dirs)


# -- latest topics on the home page -------------------------------------------------------


def test_latest_lists_warnings_first_and_marks_finished_calls():
    now = datetime(2026, 11, 1, 12, tzinfo=JST)
    pages = [
        _topic("old-alert", "2025-01-10"),
        _topic("new-alert", "2026-10-01", categories=("alert", "mail")),
        _topic("seminar-call", "2026-08-24", categories=("event",), ends="2026-10-16"),
        _topic("seminar-today", "2026-10-20", categories=("event",), ends="2026-11-01"),
        _topic("future", "2026-12-24", categories=("alert",)),
        HOME,
    ]
    html = latest.latest_html(_site(pages), HOME, now, ("alert",))
    alerts, topics = html.split("新着トピックス")
    assert alerts.index("new-alert") < alerts.index("old-alert")
    assert "future" not in html, "a topic dated later than now is not shown"
    assert "seminar-call" in topics and "seminar-today" in topics
    call = topics[topics.index("seminar-call") - 400 : topics.index("seminar-call")]
    assert "終了" in call
    today = topics[topics.index("seminar-today") - 400 : topics.index("seminar-today")]
    assert "終了" not in today, "the last day itself is not over yet"
    assert "注意喚起</span><span class=\"kb-latest__category\">メール" in alerts  # every category shown
    assert latest.latest_html(_site([HOME]), HOME, now, ("alert",)) == ""
    assert "2026年10月16日で終了しました" in latest.ended_notice(pages[2], now)
    assert latest.ended_notice(pages[3], now) == "" and latest.ended_notice(HOME, now) == ""


# -- previous / next and related pages -----------------------------------------------------


def test_articles_follow_their_category_and_topics_follow_the_calendar():
    pages = [
        _article("b", "バックアップの基本", tags=("backup",)),
        _article("a", "アカウント管理", tags=("mfa", "phishing")),
        _article("c", "クラウド", category="alert", tags=("phishing",)),
        _topic("t2", "2026-02-01", tags=("phishing",)),
        _topic("t1", "2025-01-01", tags=("phishing", "mfa")),
    ]
    links = PageLinks(_site(pages))
    by_slug = {page.src_path.split("/")[-1][:-3]: page for page in pages}
    assert links.neighbours(by_slug["a"]) == (None, by_slug["b"])
    assert links.neighbours(by_slug["c"]) == (None, None), "alone in its category"
    assert links.neighbours(by_slug["t1"]) == (None, by_slug["t2"])
    related = links.related(by_slug["a"])
    assert related[0] is by_slug["t1"], "two shared tags outrank one"
    assert by_slug["a"] not in related and by_slug["b"] not in related
    html = links.html(by_slug["a"])
    assert "関連する記事" in html and 'rel="next" href="../b/"' in html and "data-kb-search-ignore" in html
    assert links.html(HOME) == ""


def _related_by_definition(page: Page, pages: list[Page], limit: int) -> list[Page]:
    """Related pages as the module docstring defines them, by comparing ``page`` with every other page."""
    def key(other: Page) -> tuple:
        shared = sum(other.meta.tags.count(tag) for tag in page.meta.tags)
        when = other.meta.last_modified or other.meta.date
        same_category = bool(set(page.meta.categories) & set(other.meta.categories))
        return (-shared, not same_category, -(when.timestamp() if when else 0), other.src_path)

    others = [other for other in pages if other is not page and set(other.meta.tags) & set(page.meta.tags)]
    return sorted(others, key=key)[:limit]


def test_related_pages_ranked_once_per_tag_set_match_ranking_each_page_on_its_own():
    import random

    rng = random.Random(7)
    tags, categories = ("phishing", "backup", "seminar", "mfa"), ("alert", "event", "mail")
    pages = []
    for number in range(120):
        chosen = tuple(rng.sample(tags, rng.randint(1, 3)))
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if number % 2:
            pages.append(_topic(f"t{number}", day, categories=(rng.choice(categories),), tags=chosen))
        else:
            pages.append(_article(f"a{number}", f"記事{number}", category=rng.choice(categories), tags=chosen, updated=day))
    links = PageLinks(_site(pages))
    assert len(pages) == 120
    for page in pages:
        for limit in (1, 5):
            assert links.related(page, limit) == _related_by_definition(page, pages, limit), page.src_path


# -- SEO ------------------------------------------------------------------------------------


def test_sitemap_dates_are_the_pages_own_and_list_pages_take_the_newest():
    article = _article("a", "記事", updated="2025-04-01")
    topic = _topic("t", "2026-02-01", categories=("mail",))
    category_page = Page("categories/mail/index.md", "categories/mail/", PageMeta(kind=Kind.PAGE, title="メール"), generated=True)
    about = Page("about.md", "about/", PageMeta(kind=Kind.PAGE, title="概要"))
    dates = seo.lastmod_by_src(_site([article, topic, category_page, about]))
    assert dates["articles/a.md"].date().isoformat() == "2025-04-01"
    assert dates["categories/mail/index.md"] == topic.meta.date
    assert "about.md" not in dates, "no date rather than the build date"


def test_faq_questions_and_answers_come_from_the_headings():
    body = (
        '<p>前書き</p><h2 id="q1">費用は？<a class="headerlink" href="#q1">¶</a></h2><p>かかりません。</p>'
        '<h2 id="q2">誰が相談できますか？</h2><ul><li>中小企業</li><li>個人事業主</li></ul>'
    )
    assert seo.faq_entries(body) == [("費用は？", "かかりません。"), ("誰が相談できますか？", "中小企業 個人事業主")]


def test_json_ld_cannot_end_its_script_element():
    tag = seo.script_tags([{"@context": "https://schema.org", "@type": "Article", "headline": "</script><b>"}])
    assert tag.count("</script>") == 1
    payload = tag[len('<script type="application/ld+json">') : -len("</script>")]
    assert json.loads(payload)["headline"] == "</script><b>"
