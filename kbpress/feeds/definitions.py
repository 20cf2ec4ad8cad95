"""Feed definitions: the feeds/*.yml files and the automatic per-category feeds.

A definition says which topics a feed carries and how; it never needs the
rendered HTML, so the portal's feeds page can be written before MkDocs
renders anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from ..indexes import TOPICS_INDEX, category_src
from ..language import DEFAULT_LANGUAGE, HINT as LANGUAGE_HINT, language_tag
from ..model import KbpressError, Kind, PageMeta, Problem, Site, is_published
from ..pageinfo import term_url
from ..taxonomy import SLUG_RE, Taxonomy
from ..yamlload import YamlError, load_yaml

DEFAULT_LIMIT = 20
CONTENT_MODES = {"full": True, "summary": False}
DEFINITION_KEYS = ("title", "description", "categories", "tags", "limit", "content", "icon", "language")
DEFINITION_SUFFIXES = (".yml", ".yaml")
CATEGORY_FEEDS_DIR = "category"
TOPICS_HOME = term_url(TOPICS_INDEX)  # "topics/": the page a topics feed stands for


@dataclass(frozen=True)
class FeedDefinition:
    """One feed, written as RSS 2.0, Atom 1.0 and JSON Feed 1.1.

    ``path`` names the output files under ``feeds/`` without extension:
    "topics" for feeds/topics.yml, "category/alert" for a category feed.
    """

    path: str
    title: str
    description: str = ""
    categories: tuple[str, ...] = ()  # category slugs; a topic needs one of them
    tags: tuple[str, ...] = ()  # tag slugs; a topic needs one of them
    limit: int = DEFAULT_LIMIT
    full_content: bool = True
    icon: str | None = None  # site-relative path or absolute URL
    home: str = TOPICS_HOME  # site-relative URL of the portal page the feed mirrors
    source: str = ""  # the definition file as the user knows it; "" when automatic
    category: str | None = None  # set on the automatic feed of one category
    language: str = DEFAULT_LANGUAGE  # BCP 47 tag of the items' language

    def matches(self, meta: PageMeta) -> bool:
        """Whether a topic belongs in this feed (both filters must agree when given)."""
        if self.categories and not set(self.categories).intersection(meta.categories):
            return False
        if self.tags and not set(self.tags).intersection(meta.tags):
            return False
        return True


def load_definitions(feeds_dir: str | Path, taxonomy: Taxonomy) -> list[FeedDefinition]:
    """Read every feeds/*.yml; raise :class:`KbpressError` listing every problem.

    Unfiltered feeds come first, then filtered ones, each in file name order.
    A missing directory means no defined feeds (category feeds may still exist).
    """
    directory = Path(feeds_dir)
    if not directory.is_dir():
        return []
    files = sorted(path for path in directory.iterdir() if path.suffix in DEFINITION_SUFFIXES and path.is_file())
    definitions: list[FeedDefinition] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in files:
        shown = f"{directory.name}/{path.name}"
        if path.stem in seen:
            problems.append(Problem(shown, f"{seen[path.stem]} と同じ名前のフィードです。どちらかのファイル名を変えてください"))
            continue
        seen[path.stem] = shown
        definition, found = parse_definition(path.read_bytes(), path.stem, shown, taxonomy)
        problems += found
        if definition is not None:
            definitions.append(definition)
    if problems:
        raise KbpressError(problems)
    # Feeds of every topic first: readers and feed lists take the first one offered.
    return sorted(definitions, key=lambda definition: (bool(definition.categories or definition.tags), definition.path))


def parse_definition(raw: bytes, stem: str, shown: str, taxonomy: Taxonomy) -> tuple[FeedDefinition | None, list[Problem]]:
    """Validate one definition file; ``stem`` becomes the feed's URL name."""
    problems: list[Problem] = []
    if not SLUG_RE.match(stem):
        problems.append(
            Problem(shown, f"ファイル名 '{stem}' はフィードの URL になります。半角英小文字・数字・ハイフンだけの名前にしてください (例: topics.yml)")
        )
    try:
        loaded = load_yaml(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, problems + [Problem(shown, "UTF-8 で保存されていません。エディタで「UTF-8」を選んで保存し直してください")]
    except YamlError as error:
        return None, problems + [Problem(shown, str(error), error.line)]
    data = {} if loaded.data is None else loaded.data
    if not isinstance(data, dict):
        return None, problems + [Problem(shown, "「キー: 値」の並び (title: など) で書いてください", 1)]

    def error(key: str | None, message: str) -> None:
        problems.append(Problem(shown, message, loaded.key_lines.get(key) if key else None))

    for key in data:
        if key not in DEFINITION_KEYS:
            error(str(key), f"未知のキー '{key}' です。使えるキー: {', '.join(DEFINITION_KEYS)}")
    fields = {key: _FIELDS[key](data[key], key, error, taxonomy) for key in DEFINITION_KEYS if key in data}
    if "title" not in data:
        error(None, "必須のキー 'title' がありません。フィードの名前を title: に書いてください")
    if problems:
        return None, problems
    return (
        FeedDefinition(
            path=stem,
            title=fields["title"],
            description=fields.get("description", ""),
            categories=fields.get("categories", ()),
            tags=fields.get("tags", ()),
            limit=fields.get("limit", DEFAULT_LIMIT),
            full_content=fields.get("content", True),
            icon=fields.get("icon"),
            language=fields.get("language", DEFAULT_LANGUAGE),
            source=shown,
        ),
        [],
    )


def category_definitions(site: Site, now: datetime, *, limit: int = DEFAULT_LIMIT) -> list[FeedDefinition]:
    """One feed per category that at least one published topic uses, in vocabulary order."""
    used = {
        slug
        for page in site.pages_of_kind(Kind.TOPIC)
        if is_published(page.meta, now)
        for slug in page.meta.categories
    }
    return [
        FeedDefinition(
            path=f"{CATEGORY_FEEDS_DIR}/{slug}",
            title=f"{site.name} トピックス: {term.name}",
            description=term.description or f"「{term.name}」のトピックスです。",
            categories=(slug,),
            limit=limit,
            home=term_url(category_src(slug)),
            category=slug,
        )
        for slug, term in site.categories.items()
        if slug in used
    ]


def feed_set(site: Site, definitions: list[FeedDefinition], now: datetime, *, category_feeds: bool = True) -> list[FeedDefinition]:
    """Every feed of a build: the defined ones, then the category feeds."""
    return list(definitions) + (category_definitions(site, now) if category_feeds else [])


# -- field parsers: each returns the typed value or reports through ``error`` ---

ErrorFn = Callable[[str | None, str], None]


def _text(value: Any, key: str, error: ErrorFn, _taxonomy: Taxonomy) -> str:
    if not isinstance(value, str) or not value.strip():
        error(key, f"{key} は空でない文字列で書いてください")
        return ""
    return " ".join(value.split())


def _terms(value: Any, key: str, error: ErrorFn, taxonomy: Taxonomy) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(item, str) for item in items):
        error(key, f"{key} は [alert, vulnerability] のようなリストで書いてください")
        return ()
    resolve, known = (
        (taxonomy.resolve_category, taxonomy.categories) if key == "categories" else (taxonomy.resolve_tag, taxonomy.tags)
    )
    slugs = []
    for item in items:
        slug = resolve(item)
        if slug is None:
            error(key, f"{key} の '{item}' は taxonomy.yml にありません。次から選んでください: {', '.join(known) or '(未登録)'}")
        else:
            slugs.append(slug)
    return tuple(dict.fromkeys(slugs))


def _limit(value: Any, key: str, error: ErrorFn, _taxonomy: Taxonomy) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        error(key, f"limit は 1 以上の整数で書いてください (今は '{value}' です)。フィードに載せる最大件数です")
        return DEFAULT_LIMIT
    return value


def _content(value: Any, key: str, error: ErrorFn, _taxonomy: Taxonomy) -> bool:
    if not isinstance(value, str) or value not in CONTENT_MODES:
        error(key, f"content は full (本文を載せる) か summary (要約だけ) で書いてください (今は '{value}' です)")
        return True
    return CONTENT_MODES[value]


def _icon(value: Any, key: str, error: ErrorFn, _taxonomy: Taxonomy) -> str | None:
    if not isinstance(value, str) or not value.strip() or (":" in value and not value.startswith(("https://", "http://"))):
        error(key, "icon にはサイト内の画像のパス (例: assets/images/favicon.png) か https:// の URL を書いてください")
        return None
    return value.strip()


def _language(value: Any, key: str, error: ErrorFn, _taxonomy: Taxonomy) -> str:
    tag = language_tag(value)
    if tag is None:
        error(key, f"{LANGUAGE_HINT} (今は '{value}' です)。この行を削除すると ja (日本語) になります")
        return DEFAULT_LANGUAGE
    return tag


_FIELDS: dict[str, Callable[[Any, str, ErrorFn, Taxonomy], Any]] = {
    "title": _text,
    "description": _text,
    "categories": _terms,
    "tags": _terms,
    "limit": _limit,
    "content": _content,
    "icon": _icon,
    "language": _language,
}
