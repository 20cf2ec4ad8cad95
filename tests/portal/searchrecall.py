"""The search recall check: queries readers type, and the page each must find.

Used by the browser test (the portal's search, must be 100 %) and by
``measure_search.py`` (the portal's search vs Material's built-in, recorded
in MAINTAINERS.md). Two kinds of queries:

- every indexed page's title, read from the built site;
- compound words and phrases taken from the sample content, each with the
  page a reader means by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from kbpress.search.records import BODY_MARKER

TOP = 3

# (query, site-relative URL of the page that must be among the top results)
PHRASE_QUERIES: tuple[tuple[str, str], ...] = (
    ("パスワード管理", "articles/passwords-and-mfa/"),  # from the issue
    ("バックアップの取得", "articles/backup-basics/"),  # from the issue (the content says バックアップを取る)
    ("パスワード管理ツール", "articles/passwords-and-mfa/"),
    ("多要素認証", "articles/passwords-and-mfa/"),
    ("ランサムウェア", "articles/ransomware-preparation/"),
    ("身代金の支払い", "articles/ransomware-preparation/"),
    ("サイバー保険", "articles/ransomware-preparation/"),
    ("復元テスト", "articles/backup-basics/"),
    ("送金前の確認", "articles/business-email-compromise/"),
    ("ビジネスメール詐欺", "articles/business-email-compromise/"),
    ("振込先変更", "topics/2026/fake-invoice-mail-2026-01/"),
    ("データ消去の方法", "articles/device-disposal/"),
    ("リース返却", "articles/device-disposal/"),
    ("情報資産の一覧", "articles/security-policy-basics/"),
    ("自己宣言", "articles/security-policy-basics/"),
    ("サンドイッチ型の学習", "articles/phishing-drill/"),
    ("責任の分担", "articles/cloud-service-basics/"),
    ("管理者権限", "articles/account-lifecycle/"),
    ("定期的な棚卸し", "articles/account-lifecycle/"),
    ("時系列メモ", "articles/incident-first-response/"),
    ("サポート終了", "articles/software-updates/"),
    ("共有アドレス", "articles/spotting-suspicious-mail/"),
    ("私物端末", "articles/smartphone-and-byod/"),
    ("宅配業者をかたる", "topics/2025/fake-delivery-sms-2025-06/"),
    ("VPN機器", "topics/2025/vpn-vulnerability-2025-07/"),
    ("年末年始", "topics/2024/year-end-holidays-2024/"),
    ("修正プログラムの適用", "topics/2026/monthly-updates-2026-06/"),
    ("受付から回答まで", "articles/consultation-desk/"),
    ("年間計画の例", "articles/staff-training-plan/"),
)

_BODY_RE = re.compile(re.escape(BODY_MARKER))
_OG_TITLE_RE = re.compile(r'<meta property="og:title" content="([^"]*)"')
_H1_RE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAG_RE = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Query:
    text: str
    expected: str  # site-relative URL
    kind: str  # "title" or "phrase"


def title_queries(site_dir: Path) -> list[Query]:
    """One query per indexed page: its title as shown in the page's <h1>."""
    queries = []
    for html_path in sorted(site_dir.rglob("index.html")):
        html = html_path.read_text(encoding="utf-8")
        if not _BODY_RE.search(html):
            continue
        url = html_path.parent.relative_to(site_dir).as_posix()
        url = "" if url == "." else url + "/"
        queries.append(Query(_page_title(html), url, "title"))
    return queries


def _page_title(html: str) -> str:
    heading = _H1_RE.search(html)
    if heading:
        return unescape(_TAG_RE.sub("", heading.group(1))).replace("¶", "").strip()
    return unescape(_OG_TITLE_RE.search(html).group(1))


def all_queries(site_dir: Path) -> list[Query]:
    return title_queries(site_dir) + [Query(text, url, "phrase") for text, url in PHRASE_QUERIES]


def site_relative(href: str, base_url: str) -> str:
    """A result link as a site-relative URL without fragment ("articles/x/")."""
    absolute = urljoin(base_url, href)
    path = urlsplit(absolute).path
    root = urlsplit(base_url).path
    return path[len(root) :] if path.startswith(root) else path.lstrip("/")


def unique(urls: list[str]) -> list[str]:
    seen, result = set(), []
    for url in urls:
        if url not in seen:
            seen.add(url)
            result.append(url)
    return result


def portal_results(page, base_url: str, query: str) -> list[str]:
    """Type ``query`` into the portal's search page and read the result links in order."""
    if "/search/" not in page.url:
        page.goto(base_url + "search/")
        page.wait_for_selector("form[data-kb-search][data-kb-ready]")
    page.fill("#kb-search-q", query)
    page.press("#kb-search-q", "Enter")
    hrefs = page.evaluate(RESULT_LINKS_WHEN_ANSWERED, query.strip())
    return unique([site_relative(href, base_url) for href in hrefs])


# Waits in the page for the answer to ``q`` (the list names the query and is no longer busy) and
# reads its result links in the same call: one round trip instead of a polling wait and a read.
RESULT_LINKS_WHEN_ANSWERED = """q => new Promise((resolve, reject) => {
  const results = document.getElementById('kb-search-results');
  const answered = () => results.getAttribute('data-query') === q && results.getAttribute('aria-busy') === 'false';
  const links = () => Array.from(results.querySelectorAll('a.kb-search__title'), a => a.href);
  if (answered()) return resolve(links());
  const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no answer for ' + q)); }, 30000);
  const observer = new MutationObserver(() => {
    if (answered()) { observer.disconnect(); clearTimeout(timer); resolve(links()); }
  });
  observer.observe(results, {attributes: true, attributeFilter: ['data-query', 'aria-busy']});
})"""


def material_results(page, base_url: str, query: str) -> list[str]:
    """The same with Material's built-in search (a site built with ``search: lang: ja``)."""
    if not page.url.startswith(base_url):
        page.goto(base_url)
    answered = "() => /件見つかりました|何も見つかりませんでした/.test(document.querySelector('.md-search-result__meta').textContent)"
    # Material searches on key events, which fill() alone does not send.
    page.fill("input.md-search__input", "")
    page.press("input.md-search__input", "End")
    page.wait_for_function(f"() => !({answered})()")
    page.fill("input.md-search__input", query)
    page.press("input.md-search__input", "End")
    page.wait_for_function(answered)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link", "links => links.map(a => a.href)")
    return unique([site_relative(href, base_url) for href in hrefs])


def recall(found: dict[Query, list[str]]) -> float:
    hits = sum(1 for query, urls in found.items() if query.expected in urls[:TOP])
    return hits / len(found) if found else 0.0
