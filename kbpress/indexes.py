"""Markdown for the generated section pages: categories, tags, topic archive, what's new.

The nav holds only these section index pages, never every article, so a
knowledge base of thousands of pages keeps a small navigation (Material
renders the whole nav into every page). The pages are plain Markdown with
links to source files, which the site generator resolves and validates.
"""

from __future__ import annotations

import functools
import json
import posixpath
from urllib.parse import quote
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from .clock import format_date_ja
from .model import Kind, Page, Site, Term
from .urls import relative_src

CATEGORIES_INDEX = "categories/index.md"
TAGS_INDEX = "tags/index.md"
TOPICS_INDEX = "topics/index.md"
UPDATES_PAGE = "updates.md"
FEEDS_PAGE = "feeds.md"  # written by the feeds plugin
GUIDEBOOK_PAGE = "guidebook.md"  # written by the EPUB plugin
RECENT_TOPICS = 20
UPDATES_LIMIT = 60


@dataclass(frozen=True)
class GeneratedPage:
    src_path: str
    title: str
    description: str
    markdown: str  # body, without front matter


def category_src(slug: str) -> str:
    return f"categories/{slug}/index.md"


def tag_src(slug: str) -> str:
    return f"tags/{slug}/index.md"


def year_src(year: int) -> str:
    return f"topics/{year}/index.md"


def generated_pages(site: Site, pages: list[Page]) -> list[GeneratedPage]:
    """Every section index page for the published ``pages``."""
    articles = sorted((p for p in pages if p.kind is Kind.ARTICLE), key=lambda p: p.title)
    topics = sorted((p for p in pages if p.kind is Kind.TOPIC), key=_topic_order)
    result = [_categories_index(site, articles, topics), _tags_index(site, pages)]
    result += [_category_page(site, term, articles, topics) for term in site.categories.values()]
    result += [_tag_page(term, pages) for term in site.tags.values()]
    result += _topic_archive(topics)
    result.append(_updates_page(pages))
    return result


def _topic_order(page: Page) -> tuple:
    return (-page.meta.date.timestamp(), page.meta.slug)


def _link(from_src: str, page: Page) -> str:
    return f"[{_escape(page.title)}]({_relative_source(from_src, page.src_path)})"


def _relative_source(from_src: str, to_src: str) -> str:
    """``relative_src`` computed once per pair of folders: index pages list thousands of pages."""
    folders = _relative_folder(posixpath.dirname(from_src), posixpath.dirname(to_src))
    # A vault's file names may hold "#", "?" or brackets: quoted, so MkDocs reads them as a path, not a fragment.
    name = quote(posixpath.basename(to_src))
    return name if folders == "." else f"{quote(folders)}/{name}"


@functools.lru_cache(maxsize=1024)
def _relative_folder(from_folder: str, to_folder: str) -> str:
    return relative_src(posixpath.join(from_folder, "index.md"), to_folder or ".")


def _escape(text: str) -> str:
    """Keep titles literal inside Markdown link text."""
    for char in "\\[]*_`<>":
        text = text.replace(char, "\\" + char)
    return text


def _article_lines(from_src: str, articles: list[Page]) -> list[str]:
    lines = []
    for page in articles:
        updated = f"（{format_date_ja(page.meta.updated)}更新）" if page.meta.updated else ""
        lines.append(f"- {_link(from_src, page)}{updated}  ")
        lines.append(f"  {_escape(page.meta.description)}")
    return lines


def _topic_lines(from_src: str, topics: list[Page]) -> list[str]:
    return [f"- {format_date_ja(page.meta.date)} {_link(from_src, page)}" for page in topics]


def _categories_index(site: Site, articles: list[Page], topics: list[Page]) -> GeneratedPage:
    counts = defaultdict(int)
    for page in articles + topics:
        for slug in page.meta.categories:
            counts[slug] += 1
    lines = ["解説記事とトピックスを分野ごとにまとめています。", ""]
    for term in site.categories.values():
        link = relative_src(CATEGORIES_INDEX, category_src(term.slug))
        lines.append(f"- [{_escape(term.name)}]({link})（{counts[term.slug]}件）  ")
        lines.append(f"  {_escape(term.description)}")
    return GeneratedPage(CATEGORIES_INDEX, "解説記事", "分野ごとの解説記事とトピックスの一覧です。", "\n".join(lines) + "\n")


def _tags_index(site: Site, pages: list[Page]) -> GeneratedPage:
    counts = defaultdict(int)
    for page in pages:
        for slug in page.meta.tags:
            counts[slug] += 1
    lines = ["キーワード（タグ）から記事とトピックスを探せます。", ""]
    for depth, term in _tag_tree(list(site.tags.values())):
        label = term.name.rsplit("/", 1)[-1] if depth else term.name
        link = relative_src(TAGS_INDEX, tag_src(term.slug))
        lines.append(f"{'    ' * depth}- [{_escape(label)}]({link})（{counts[term.slug]}件）")
    return GeneratedPage(TAGS_INDEX, "タグ一覧", "キーワードから記事を探すためのタグの一覧です。", "\n".join(lines) + "\n")


def _tag_tree(terms: list[Term]) -> list[tuple[int, Term]]:
    """Tags in vocabulary order, a nested tag (``a/b``) right under its parent (``a``) when both exist."""
    names = {term.name for term in terms}
    children: dict[str, list[Term]] = defaultdict(list)
    roots = []
    for term in terms:
        parent = term.name.rsplit("/", 1)[0] if "/" in term.name else None
        (children[parent] if parent in names else roots).append(term)
    ordered: list[tuple[int, Term]] = []

    def walk(term: Term, depth: int) -> None:
        ordered.append((depth, term))
        for child in children.get(term.name, []):
            walk(child, depth + 1)

    for term in roots:
        walk(term, 0)
    return ordered


def _category_page(site: Site, term: Term, articles: list[Page], topics: list[Page]) -> GeneratedPage:
    src = category_src(term.slug)
    mine = [page for page in articles if term.slug in page.meta.categories]
    news = [page for page in topics if term.slug in page.meta.categories]
    lines = [_escape(term.description), ""]
    if mine:
        lines += ["## 解説記事", ""] + _article_lines(src, mine) + [""]
    if news:
        lines += ["## トピックス", ""] + _topic_lines(src, news[:RECENT_TOPICS]) + [""]
        if len(news) > RECENT_TOPICS:
            lines += [f"ほか {len(news) - RECENT_TOPICS} 件は[トピックス一覧]({relative_src(src, TOPICS_INDEX)})をご覧ください。", ""]
    if not mine and not news:
        lines += ["この分野の記事はまだありません。", ""]
    description = term.description or f"{term.name}の記事の一覧です。"
    return GeneratedPage(src, term.name, description, "\n".join(lines))


def _tag_page(term: Term, pages: list[Page]) -> GeneratedPage:
    src = tag_src(term.slug)
    articles = sorted((p for p in pages if p.kind is Kind.ARTICLE and term.slug in p.meta.tags), key=lambda p: p.title)
    topics = sorted((p for p in pages if p.kind is Kind.TOPIC and term.slug in p.meta.tags), key=_topic_order)
    lines = [f"タグ「{_escape(term.name)}」が付いた記事とトピックスです。{_escape(term.description)}", ""]
    if articles:
        lines += ["## 解説記事", ""] + _article_lines(src, articles) + [""]
    if topics:
        lines += ["## トピックス", ""] + _topic_lines(src, topics) + [""]
    if not articles and not topics:
        lines += ["このタグが付いた記事はまだありません。", ""]
    return GeneratedPage(src, f"タグ: {term.name}", f"タグ「{term.name}」が付いた記事の一覧です。", "\n".join(lines))


def _topic_archive(topics: list[Page]) -> list[GeneratedPage]:
    by_year: dict[int, list[Page]] = defaultdict(list)
    for page in topics:
        by_year[page.meta.date.year].append(page)
    years = sorted(by_year, reverse=True)
    lines = ["支援センターからのお知らせと、セキュリティに関する最新の話題です。", "", "## 年別アーカイブ", ""]
    lines += [f"- [{year}年]({relative_src(TOPICS_INDEX, year_src(year))})（{len(by_year[year])}件）" for year in years]
    lines += ["", "## 最近のトピックス", ""] + _topic_lines(TOPICS_INDEX, topics[:RECENT_TOPICS])
    if not topics:
        lines.append("トピックスはまだありません。")
    result = [GeneratedPage(TOPICS_INDEX, "トピックス", "支援センターのトピックス（お知らせ・注意喚起）の一覧です。", "\n".join(lines) + "\n")]
    for year in years:
        result.append(_year_page(year, by_year[year]))
    return result


def _year_page(year: int, topics: list[Page]) -> GeneratedPage:
    src = year_src(year)
    by_month: dict[int, list[Page]] = defaultdict(list)
    for page in topics:
        by_month[page.meta.date.month].append(page)
    lines = [f"{year}年に掲載したトピックスです（{len(topics)}件）。", ""]
    for month in sorted(by_month, reverse=True):
        lines += [f"## {year}年{month}月", ""] + _topic_lines(src, by_month[month]) + [""]
    return GeneratedPage(src, f"{year}年のトピックス", f"{year}年に掲載したトピックスの一覧です。", "\n".join(lines))


def _updates_page(pages: list[Page]) -> GeneratedPage:
    events: list[tuple[datetime, str, Page]] = []
    for page in pages:
        if page.kind is Kind.TOPIC:
            events.append((page.meta.date, "トピックス", page))
        elif page.kind is Kind.ARTICLE and page.meta.updated:
            events.append((page.meta.updated, "記事更新", page))
    events.sort(key=lambda event: (-event[0].timestamp(), event[2].src_path))
    lines = ["新しいトピックスと、更新した解説記事を新しい順に並べています。", ""]
    lines += [f"- {format_date_ja(when)}【{label}】{_link(UPDATES_PAGE, page)}" for when, label, page in events[:UPDATES_LIMIT]]
    if not events:
        lines.append("更新情報はまだありません。")
    return GeneratedPage(UPDATES_PAGE, "更新情報", "知識の保管庫の新着トピックスと記事の更新履歴です。", "\n".join(lines) + "\n")


def front_matter_block(title: str, description: str) -> str:
    """YAML front matter for a generated page (quoted so any title is safe)."""
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndescription: {json.dumps(description, ensure_ascii=False)}\n---\n\n"
