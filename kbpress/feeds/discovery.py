"""How readers find the feeds: <link rel="alternate"> tags and the portal's feeds page."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..model import Kind, Page, Site
from ..urls import relative_url
from .channel import FORMATS, feed_file, feed_url
from .definitions import FeedDefinition

FEEDS_PAGE_TITLE = "フィード"
FEEDS_PAGE_DESCRIPTION = "トピックスの新着を RSS・Atom・JSON Feed で受け取る方法と、フィードの一覧です。"


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str  # absolute
    media_type: str
    file: str  # site-relative path of the feed file
    page_url: str  # site-relative URL of the page the link is shown on

    @property
    def href(self) -> str:
        """The link relative to the page (computed on demand: relpath is slow on every page)."""
        return relative_url(self.page_url, self.file)


def feed_links(site: Site, definitions: list[FeedDefinition], page: Page | None) -> list[FeedLink]:
    """The feeds a page announces: the defined feeds everywhere, plus the
    category feeds of a topic's categories and of a category page."""
    shown = [definition for definition in definitions if definition.category is None]
    if page is not None:
        shown += [definition for definition in definitions if definition.category and _belongs(page, definition)]
    page_url = page.url if page is not None else ""
    return [
        FeedLink(
            title=f"{definition.title} ({feed_format.label})",
            url=feed_url(site, definition, feed_format),
            media_type=feed_format.media_type,
            file=feed_file(definition, feed_format),
            page_url=page_url,
        )
        for definition in shown
        for feed_format in FORMATS
    ]


def _belongs(page: Page, definition: FeedDefinition) -> bool:
    if page.kind is Kind.TOPIC:
        return definition.category in page.meta.categories
    return page.url == definition.home


def link_tags(links: list[FeedLink], *, absolute: bool = True) -> str:
    """HTML <link> elements for a page's <head>, one per line."""
    return "".join(
        f'<link rel="alternate" type="{link.media_type}" title="{escape(link.title, quote=True)}" '
        f'href="{escape(link.url if absolute else link.href, quote=True)}">\n'
        for link in links
    )


def feeds_page_markdown(site: Site, definitions: list[FeedDefinition]) -> str:
    """The body of the portal's feeds page (no front matter: see FEEDS_PAGE_TITLE).

    Links are absolute: they are what readers paste into their feed reader,
    and they do not point into docs/, where MkDocs would look for them.
    """
    defined = [definition for definition in definitions if definition.category is None]
    by_category = [definition for definition in definitions if definition.category]
    lines = [
        f"{_escape(site.name)}のトピックス（お知らせ・注意喚起）は、フィードでも配信しています。"
        "フィードリーダーやメールソフトに登録しておくと、新しいトピックスが掲載されたときに自動で届きます。"
        "登録や個人情報の入力は必要ありません。",
        "",
        "## 購読のしかた",
        "",
        "1. 下の一覧から受け取りたいフィードを選び、「購読用のアドレス」に表示されている RSS のアドレスをコピーします"
        "（アドレスの文字を選んでコピーできます）。",
        "2. お使いのフィードリーダー（Feedly、Inoreader など）や、フィードに対応したメールソフト（Thunderbird、Outlook など）で"
        "「フィードを追加」「RSS フィードの購読」などを選び、コピーしたアドレスを貼り付けます。"
        "スマートフォンのフィードリーダーでは、アプリの検索欄にこのサイトのアドレスを入れるだけで見つかることもあります。",
        "3. これで登録は完了です。購読をやめるときは、アプリからフィードを削除してください。",
        "",
        "どの形式を選べばよいか迷ったら **RSS** を選んでください。ほとんどのアプリが対応しています。"
        "Atom と JSON Feed は同じ内容を別の形式にしたもので、対応するアプリで使えます。",
        "",
        "フィードリーダーによっては、このサイトのページのアドレスを入力するだけでフィードを見つけられます。"
        "ブラウザーでフィードのアドレスを開くと文字がそのまま並んで表示されますが、異常ではありません。",
        "",
    ]
    if defined:
        lines += ["## フィードの一覧", ""] + _table(site, defined) + [""]
    if by_category:
        lines += [
            "## 分野別のフィード",
            "",
            "特定の分野のトピックスだけを受け取りたいときは、分野別のフィードを購読してください。",
            "",
        ] + _table(site, by_category) + [""]
    if not definitions:
        lines += ["現在配信しているフィードはありません。", ""]
    return "\n".join(lines)


def _table(site: Site, definitions: list[FeedDefinition]) -> list[str]:
    """An HTML table of two columns (a row becomes a card on phones: see kbpress.css).

    Every format's link is in one cell, and the RSS address is shown as
    text to copy: five columns left the last formats off a phone's screen.
    """
    head = '<thead><tr><th scope="col">フィード</th><th scope="col">購読用のアドレス</th></tr></thead>'
    rows = []
    for definition in definitions:
        content = "本文つき" if definition.full_content else "要約のみ"
        about = f"{escape(definition.description)}（新しい順に最大 {definition.limit} 件、{content}）"
        links = []
        for feed_format in FORMATS:
            url = escape(feed_url(site, definition, feed_format), quote=True)
            links.append(f'<li><a href="{url}">{escape(feed_format.label)}</a><span class="kb-feeds__url">{url}</span></li>')
        rows.append(
            f'<tr><td data-label="フィード"><strong>{escape(definition.title)}</strong><br>{about}</td>'
            f'<td data-label="購読用のアドレス"><ul class="kb-feeds__links">{"".join(links)}</ul></td></tr>'
        )
    return [f'<table class="kb-feeds">{head}<tbody>{"".join(rows)}</tbody></table>']


def _escape(text: str) -> str:
    """Keep text literal inside Markdown (and inside a table cell)."""
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text
