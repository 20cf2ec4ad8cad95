"""Front matter validation: from a YAML mapping to a :class:`PageMeta`.

Every rule reports the file, the line of the offending key and a fix in
plain words, because the people reading the messages are specialists
editing Markdown, not programmers.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Callable

from .model import JST, Kind, PageMeta, Problem, SocialOptIn
from .taxonomy import SLUG_RE, Taxonomy
from .unsafe import XML_FORBIDDEN_RE

_HTML_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z!]")
_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_DATE_ONLY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_COMMON = {"type", "title", "hide"}
_FIELDS: dict[Kind, tuple[set[str], set[str]]] = {
    # kind: (required, optional)
    Kind.ARTICLE: (
        {"title", "description", "category", "audience", "updated"},
        {"tags", "slug", "social"},
    ),
    Kind.TOPIC: (
        {"title", "date", "slug", "categories", "summary"},
        {"tags", "source", "image", "draft", "updated", "social", "ends"},
    ),
    Kind.FAQ: ({"title"}, {"description", "slug", "updated", "social"}),
    Kind.PAGE: ({"title"}, {"description", "slug", "updated", "social"}),
}
_KIND_NAMES = {kind.value: kind for kind in Kind}


@dataclass
class _Context:
    path: str  # as shown to the user
    src_path: str  # docs-relative POSIX path
    key_lines: dict[str, int]
    line_offset: int
    problems: list[Problem]

    def line(self, key: str) -> int:
        return self.key_lines.get(key, 0) + self.line_offset

    def error(self, key: str | None, message: str) -> None:
        line = self.line(key) if key else self.line_offset
        self.problems.append(Problem(self.path, message, line))


def parse_front_matter(
    data: Any,
    *,
    key_lines: dict[str, int],
    line_offset: int,
    path: str,
    src_path: str,
    default_kind: Kind,
    taxonomy: Taxonomy,
) -> tuple[PageMeta | None, list[Problem]]:
    """Validate one page's front matter. ``line_offset`` maps YAML lines to file lines."""
    ctx = _Context(path, src_path, key_lines, line_offset, [])
    if data is None:
        data = {}
    if not isinstance(data, dict):
        ctx.error(None, "front matter は「キー: 値」の並び (マッピング) にしてください")
        return None, ctx.problems
    kind = _kind(data, default_kind, ctx)
    if kind is None:
        return None, ctx.problems
    required, optional = _FIELDS[kind]
    allowed = required | optional | _COMMON
    for key in data:
        if key not in allowed:
            ctx.error(str(key), f"未知のキー '{key}' です ({_kind_label(kind)})。使えるキー: {', '.join(sorted(allowed))}")
    for key in sorted(required):
        value = data.get(key)
        if value is None or value == [] or (isinstance(value, str) and not value.strip()):
            ctx.error(None, f"必須のキー '{key}' がありません。{_HINTS.get(key, '')}".rstrip())
    fields = {key: _PARSERS[key](data[key], key, ctx, taxonomy) for key in data if key in _PARSERS and key in allowed}
    if ctx.problems:
        return None, ctx.problems
    return _build_meta(kind, fields), []


def _build_meta(kind: Kind, fields: dict[str, Any]) -> PageMeta:
    categories = fields.get("categories", ())
    if kind is Kind.ARTICLE:
        categories = (fields["category"],)
    return PageMeta(
        kind=kind,
        title=fields["title"],
        description=fields.get("description") or fields.get("summary") or "",
        category=fields.get("category"),
        categories=tuple(categories),
        tags=tuple(fields.get("tags", ())),
        audience=tuple(fields.get("audience", ())),
        date=fields.get("date"),
        updated=fields.get("updated"),
        ends=fields.get("ends"),
        slug=fields.get("slug"),
        source_url=fields.get("source"),
        image=fields.get("image"),
        draft=bool(fields.get("draft", False)),
        social=fields.get("social"),
    )


def _kind(data: dict, default_kind: Kind, ctx: _Context) -> Kind | None:
    value = data.get("type")
    if value is None:
        return default_kind
    if isinstance(value, str) and value in _KIND_NAMES:
        return _KIND_NAMES[value]
    ctx.error("type", f"type '{value}' は使えません。article / topic / faq / page のどれかにしてください")
    return None


def _kind_label(kind: Kind) -> str:
    return {Kind.ARTICLE: "解説記事", Kind.TOPIC: "トピックス", Kind.FAQ: "FAQ", Kind.PAGE: "ページ"}[kind]


_HINTS = {
    "title": "ページの題名を title: に書いてください",
    "description": "一段落の要約を description: に書いてください",
    "summary": "一段落の要約を summary: に書いてください",
    "category": "taxonomy.yml の categories から一つ選んで category: に書いてください",
    "categories": "taxonomy.yml の categories から選んで categories: [alert] のように書いてください",
    "audience": "audience: [従業員] のように、taxonomy.yml の audiences から対象を選んで書いてください",
    "updated": "最終更新日を updated: 2025-04-01 の形で書いてください",
    "date": "公開日時を date: 2025-04-01T10:00:00+09:00 の形で書いてください",
    "slug": "URL に使う半角英小文字とハイフンの名前を slug: に書いてください",
}


# -- field parsers: each returns the typed value or records a problem -------


def _text(value: Any, key: str, ctx: _Context, _tax: Taxonomy) -> str | None:
    if not isinstance(value, str):
        ctx.error(key, f"{key} は文字列で書いてください (今は {_type_name(value)} です)")
        return None
    if XML_FORBIDDEN_RE.search(value):
        ctx.error(key, f"{key} に目に見えない制御文字が含まれています (他の文書から貼り付けたときに入ります)。その行を打ち直してください")
        return None
    value = " ".join(value.split())
    if key == "title" and _HTML_TAG_RE.search(value):
        ctx.error(key, "title に HTML タグは書けません。プレーンな文字だけにしてください")
    return value


def _slug(value: Any, key: str, ctx: _Context, _tax: Taxonomy) -> str | None:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        ctx.error(key, f"slug '{value}' は半角英小文字・数字・ハイフンだけで書いてください (例: fake-sms-2025-06)")
        return None
    return value


def _string_list(value: Any, key: str, ctx: _Context) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    ctx.error(key, f"{key} は [a, b] の形のリストで書いてください (今は {_type_name(value)} です)")
    return None


def _category(value: Any, key: str, ctx: _Context, tax: Taxonomy) -> str | None:
    if not isinstance(value, str):
        ctx.error(key, f"category はカテゴリを一つだけ文字列で書いてください (今は {_type_name(value)} です)")
        return None
    return _term(value, key, ctx, tax.resolve_category, tax.categories, "categories")


def _categories(value: Any, key: str, ctx: _Context, tax: Taxonomy) -> tuple[str, ...]:
    items = _string_list(value, key, ctx) or []
    resolved = [_term(item, key, ctx, tax.resolve_category, tax.categories, "categories") for item in items]
    return tuple(dict.fromkeys(slug for slug in resolved if slug))


def _tags(value: Any, key: str, ctx: _Context, tax: Taxonomy) -> tuple[str, ...]:
    items = _string_list(value, key, ctx) or []
    resolved = [_term(item, key, ctx, tax.resolve_tag, tax.tags, "tags") for item in items]
    return tuple(dict.fromkeys(slug for slug in resolved if slug))


def _term(value: str, key: str, ctx: _Context, resolve: Callable, terms: dict, section: str) -> str | None:
    slug = resolve(value)
    if slug is None:
        known = ", ".join(terms) or "(未登録)"
        ctx.error(key, f"'{value}' は taxonomy.yml の {section} にありません。次から選ぶか、taxonomy.yml に追加してください: {known}")
    return slug


def _audience(value: Any, key: str, ctx: _Context, tax: Taxonomy) -> tuple[str, ...]:
    items = _string_list(value, key, ctx) or []
    for item in items:
        if item not in tax.audiences:
            ctx.error(key, f"audience の '{item}' は使えません。{' / '.join(tax.audiences)} から選ぶか、taxonomy.yml の audiences に加えてください")
    return tuple(item for item in items if item in tax.audiences)


def _datetime(value: Any, key: str, ctx: _Context, _tax: Taxonomy) -> datetime | None:
    """Dates without a timezone are taken as Japan time; a topic's date needs a time."""
    if isinstance(value, (datetime, date)):  # only from programmatic callers
        value = value.isoformat()
    if not isinstance(value, str):
        ctx.error(key, f"{key} は 2025-04-01T10:00:00+09:00 の形の日時で書いてください (今は {_type_name(value)} です)")
        return None
    text = value.strip()
    date_only = bool(_DATE_ONLY_RE.match(text))
    if date_only and key == "date":
        ctx.error(key, f"date '{text}' に時刻がありません。2025-04-01T10:00:00+09:00 の形で時刻まで書いてください")
        return None
    try:
        parsed = datetime.combine(date.fromisoformat(text), time()) if date_only else datetime.fromisoformat(text)
    except ValueError:
        ctx.error(key, _date_message(text, key))
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=JST)
    return parsed


def _date_message(text: str, key: str) -> str:
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            date(*(int(part) for part in match.groups()))
        except ValueError:
            return f"{key} '{text}' は存在しない日付です。カレンダーで確かめて直してください"
    return f"{key} '{text}' を日時として読めません。2025-04-01T10:00:00+09:00 の形で書いてください"


def _url(value: Any, key: str, ctx: _Context, _tax: Taxonomy) -> str | None:
    if not isinstance(value, str) or not _URL_RE.match(value.strip()):
        ctx.error(key, f"{key} は https:// で始まる URL で書いてください")
        return None
    return value.strip()


def _image(value: Any, key: str, ctx: _Context, _tax: Taxonomy) -> str | None:
    if not isinstance(value, str) or not value.strip() or "://" in value:
        ctx.error(key, "image には docs/ 内の画像ファイルへの相対パスを書いてください (例: ../../images/alert.png)")
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(ctx.src_path), value.strip()))
    if joined.startswith("../") or joined == "..":
        ctx.error(key, f"image '{value}' は docs/ の外を指しています。docs/ 内の画像を指定してください")
        return None
    return joined


def _bool(value: Any, key: str, ctx: _Context, _tax: Taxonomy) -> bool:
    if not isinstance(value, bool):
        ctx.error(key, f"{key} は true か false で書いてください")
        return False
    return value


def _hide(value: Any, key: str, ctx: _Context, _tax: Taxonomy) -> tuple[str, ...]:
    return tuple(_string_list(value, key, ctx) or ())


def _social(value: Any, key: str, ctx: _Context, _tax: Taxonomy) -> SocialOptIn | None:
    if not isinstance(value, dict):
        ctx.error(key, "social は {post: true, text: ..., hashtags: [...]} の形で書いてください")
        return None
    unknown = sorted(set(value) - {"post", "text", "hashtags"})
    if unknown:
        ctx.error(key, f"social の未知のキー {', '.join(unknown)} です。使えるのは post, text, hashtags です")
    post = value.get("post", False)
    text = value.get("text")
    hashtags = value.get("hashtags", [])
    if not isinstance(post, bool):
        ctx.error(key, "social.post は true か false で書いてください")
    if text is not None and (not isinstance(text, str) or not text.strip()):
        ctx.error(key, "social.text は空でない文字列で書いてください")
    if not isinstance(hashtags, list) or not all(isinstance(tag, str) and tag.strip() for tag in hashtags):
        ctx.error(key, "social.hashtags は [タグ1, タグ2] の形のリストで書いてください (# は不要)")
        hashtags = []
    elif any(re.search(r"\s", tag.strip().lstrip("#")) for tag in hashtags):
        ctx.error(key, "social.hashtags のタグに空白は入れられません")
    return SocialOptIn(
        post=post is True,
        text=text.strip() if isinstance(text, str) else None,
        hashtags=tuple(tag.strip().lstrip("#") for tag in hashtags),
    )


def _type_name(value: Any) -> str:
    return {
        str: "文字列", int: "数値", float: "数値", bool: "真偽値", list: "リスト", dict: "マッピング", type(None): "空"
    }.get(type(value), type(value).__name__)


_PARSERS: dict[str, Callable[[Any, str, _Context, Taxonomy], Any]] = {
    "title": _text,
    "description": _text,
    "summary": _text,
    "slug": _slug,
    "category": _category,
    "categories": _categories,
    "tags": _tags,
    "audience": _audience,
    "date": _datetime,
    "updated": _datetime,
    "ends": _datetime,
    "source": _url,
    "image": _image,
    "draft": _bool,
    "social": _social,
    "hide": _hide,
    "type": lambda value, key, ctx, tax: value,
}


# -- for other front-matter dialects (kbpress.vault) ------------------------

FieldContext = _Context


def parse_field(parser: str, value: Any, key: str, ctx: _Context, taxonomy: Taxonomy) -> Any:
    """Validate ``value`` (written under ``key``) with the rules of the kbpress field ``parser``."""
    parsed = _PARSERS[parser](value, key, ctx, taxonomy)
    if parser == "title" and key != "title" and isinstance(parsed, str) and _HTML_TAG_RE.search(parsed):
        ctx.error(key, f"{key} に HTML タグは書けません。プレーンな文字だけにしてください")
    return parsed
