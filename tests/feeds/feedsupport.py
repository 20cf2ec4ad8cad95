"""Hand-built content models for the feed tests (no MkDocs involved)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from kbpress.model import JST, Kind, Page, PageMeta, Site, Term

SITE_URL = "https://kb.example.jp/"
NOW = datetime(2025, 7, 1, 12, 0, tzinfo=JST)
BUILD_TIME = datetime(2025, 6, 30, 18, 0, tzinfo=JST)
CATEGORIES = {
    "alert": Term("alert", "注意喚起", "今まさに広がっている手口をお知らせします。"),
    "vulnerability": Term("vulnerability", "脆弱性・アップデート", "更新のお願いです。"),
    "event": Term("event", "セミナー・イベント", ""),
    "portal": Term("portal", "ポータル更新情報", "使われていない分野です。"),
}
TAGS = {
    "phishing": Term("phishing", "フィッシング"),
    "ransomware": Term("ransomware", "ランサムウェア"),
}
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 91  # 99 bytes: only the length matters

BODY = (
    '<h2 id="what">何が起きているか<a class="headerlink" href="#what" title="この見出しへのリンク">&para;</a></h2>\n'
    '<p>宅配業者をかたる SMS が届いています。<a href="../../../articles/fake-sms/">偽 SMS の見分け方</a>と'
    '<a href="#what">この節</a>をご覧ください。</p>\n'
    '<p><img alt="相談の流れ" src="../../../images/consultation-flow.png" /></p>\n'
    '<p>外部: <a href="https://www.example.org/?a=1&amp;b=2">公的機関</a></p>'
)


def topic(
    slug: str,
    date: datetime,
    *,
    title: str | None = None,
    summary: str | None = None,
    categories: tuple[str, ...] = ("alert",),
    tags: tuple[str, ...] = (),
    updated: datetime | None = None,
    draft: bool = False,
    image: str | None = None,
    html: str = BODY,
) -> Page:
    meta = PageMeta(
        kind=Kind.TOPIC,
        title=title or f"トピック {slug}",
        description=summary if summary is not None else f"{slug} の要約です。",
        categories=categories,
        tags=tags,
        date=date,
        updated=updated,
        slug=slug,
        image=image,
        draft=draft,
    )
    return Page(src_path=f"topics/{date.year}/{slug}.md", url=f"topics/{date.year}/{slug}/", meta=meta, html=html)


def sample_topics() -> list[Page]:
    """Five published topics, a draft and a future one, deliberately out of order."""
    return [
        topic("seminar-july", datetime(2025, 6, 20, 14, 0, tzinfo=JST), categories=("event",)),
        topic(
            "fake-sms",
            datetime(2025, 6, 12, 10, 0, tzinfo=JST),
            title="宅配業者をかたる偽 SMS にご注意ください",
            tags=("phishing",),
            updated=datetime(2025, 6, 25, 9, 30, tzinfo=JST),
            image="images/alert.png",
        ),
        topic("vpn-update", datetime(2025, 6, 28, 8, 0, tzinfo=JST), categories=("vulnerability", "alert")),
        topic("ransom-report", datetime(2025, 5, 30, 17, 15, tzinfo=JST), tags=("ransomware",)),
        # Written in UTC: 2025-06-01 09:00 in Japan.
        topic("utc-dated", datetime(2025, 6, 1, 0, 0, tzinfo=timezone.utc)),
        topic("draft-topic", datetime(2025, 6, 29, 10, 0, tzinfo=JST), draft=True),
        topic("future-topic", datetime(2025, 7, 10, 10, 0, tzinfo=JST)),
    ]


def make_site(docs_dir: Path, pages: list[Page], *, site_dir: Path | None = None) -> Site:
    images = docs_dir / "images"
    images.mkdir(parents=True, exist_ok=True)
    (images / "alert.png").write_bytes(PNG_BYTES)
    site = Site(
        name="知識の保管庫",
        url=SITE_URL,
        description="中小企業のための情報セキュリティの解説とお知らせです。",
        organisation="みなと中小企業サイバーセキュリティ支援センター",
        docs_dir=str(docs_dir),
        site_dir=str(site_dir or docs_dir.parent / "site"),
        build_time=BUILD_TIME,
        categories=dict(CATEGORIES),
        tags=dict(TAGS),
    )
    site.pages.extend(pages)
    return site
