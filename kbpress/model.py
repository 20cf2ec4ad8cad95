"""The content model every output is built from.

These dataclasses are the contract between the MkDocs adapters and the
output modules (EPUB, feeds, social, cards). Nothing here imports MkDocs,
so the outputs can move to another site generator unchanged.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

JST = ZoneInfo("Asia/Tokyo")

AUDIENCES = ("経営者", "管理者", "従業員")


class Kind(str, enum.Enum):
    ARTICLE = "article"  # 解説記事
    TOPIC = "topic"  # トピックス (dated news)
    FAQ = "faq"
    PAGE = "page"


@dataclass(frozen=True)
class SocialOptIn:
    """A page's ``social:`` block: whether and how to announce it."""

    post: bool = False
    text: str | None = None
    hashtags: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageMeta:
    """Validated front matter. Dates are timezone-aware (JST when unlabelled)."""

    kind: Kind
    title: str
    description: str = ""  # article description, topic summary, page description
    category: str | None = None  # article: its one category slug
    categories: tuple[str, ...] = ()  # topic: category slugs; article: (category,)
    tags: tuple[str, ...] = ()  # tag slugs
    audience: tuple[str, ...] = ()
    date: datetime | None = None  # topic: publication time
    updated: datetime | None = None
    ends: datetime | None = None  # topic: last day of the event or call it announces
    slug: str | None = None
    source_url: str | None = None
    image: str | None = None  # docs-relative POSIX path of the topic's image
    draft: bool = False
    social: SocialOptIn | None = None
    doc_id: str | None = None  # vault notes: the document id's URL form (資料ID: Sec01-02 -> sec01-02)
    author: str | None = None

    @property
    def published(self) -> datetime | None:
        """The date a reader sees first: publication for topics, update otherwise."""
        return self.date or self.updated

    @property
    def last_modified(self) -> datetime | None:
        return self.updated or self.date


@dataclass(frozen=True)
class Heading:
    """One entry of a page's table of contents."""

    level: int
    id: str
    title: str  # plain text
    children: tuple[Heading, ...] = ()


@dataclass
class Page:
    """A source page and, once MkDocs has rendered it, its HTML.

    ``src_path`` is POSIX and relative to the docs directory; ``url`` is
    relative to the site root with no leading slash ("" for the home page,
    "articles/backup-basics/" for a directory URL).
    """

    src_path: str
    url: str
    meta: PageMeta
    html: str = ""  # rendered body (the article content, without theme chrome)
    toc: tuple[Heading, ...] = ()
    generated: bool = False  # index pages the plugin writes (categories, archive, ...)

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def kind(self) -> Kind:
        return self.meta.kind


@dataclass(frozen=True)
class Term:
    """A controlled-vocabulary entry: ASCII slug, Japanese name, description."""

    slug: str
    name: str
    description: str = ""


@dataclass
class Site:
    """Everything an output needs to know about the whole knowledge base."""

    name: str
    url: str  # absolute site_url, always ending with "/"
    description: str
    organisation: str
    docs_dir: str  # absolute path
    site_dir: str  # absolute path of the directory being written
    build_time: datetime  # reproducible: SOURCE_DATE_EPOCH or the last commit
    categories: dict[str, Term] = field(default_factory=dict)
    tags: dict[str, Term] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    preview: bool = False  # True under `mkdocs serve`: drafts and future topics shown

    def absolute_url(self, url: str) -> str:
        """The absolute URL of a site-relative URL ("articles/x/" -> https://.../articles/x/)."""
        return self.url + url.lstrip("/")

    def page_by_src(self, src_path: str) -> Page | None:
        return self._index("src_path").get(src_path)

    def page_by_url(self, url: str) -> Page | None:
        return self._index("url").get(url.lstrip("/"))

    def pages_of_kind(self, kind: Kind) -> list[Page]:
        return [page for page in self.pages if page.kind is kind]

    def __setattr__(self, name: str, value) -> None:
        if name == "pages" and not isinstance(value, PageList):
            value = PageList(value)
        super().__setattr__(name, value)

    def _index(self, attribute: str) -> dict[str, Page]:
        """Pages by one attribute, rebuilt whenever the page list was replaced or changed in any way."""
        state = (id(self.pages), self.pages.changes)
        cached = self.__dict__.setdefault("_indexes", {}).get(attribute)
        if cached is None or cached[0] != state:
            cached = (state, {getattr(page, attribute): page for page in self.pages})
            self.__dict__["_indexes"][attribute] = cached
        return cached[1]


class PageList(list):
    """A list of pages that counts its changes, so indexes over it are never stale."""

    changes = 0

    def _changed(method):  # noqa: N805 - wraps list's mutating methods below
        def changed(self, *args, **kwargs):
            self.changes += 1
            return method(self, *args, **kwargs)

        return changed

    append = _changed(list.append)
    extend = _changed(list.extend)
    insert = _changed(list.insert)
    remove = _changed(list.remove)
    pop = _changed(list.pop)
    clear = _changed(list.clear)
    sort = _changed(list.sort)
    reverse = _changed(list.reverse)
    __setitem__ = _changed(list.__setitem__)
    __delitem__ = _changed(list.__delitem__)
    __iadd__ = _changed(list.__iadd__)
    __imul__ = _changed(list.__imul__)
    del _changed


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the sources, reported as ``path:line: message``."""

    path: str  # as the user knows it (relative to the project when possible)
    message: str  # what is wrong and how to fix it, in plain words
    line: int | None = None
    severity: str = "error"  # "error", "warning" or "note" (listed, never fails a build)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class KbpressError(Exception):
    """A problem the user must fix; carries the problems found."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(path="", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def is_published(meta: PageMeta, now: datetime) -> bool:
    """Drafts and pages dated in the future are not published yet."""
    if meta.draft:
        return False
    return meta.date is None or meta.date <= now
