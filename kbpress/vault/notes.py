"""A vault note -> a page of the content model, through the field mapping.

Notes say as much or as little as their authors wrote: no front matter at
all, empty keys, keys kbpress does not know (``up``, ``掲載誌・発表イベント``).
What is missing gets a default (title from the first heading or the file
name, audience all, category from the folder); what is written wrong is an
error with the file, the line of the key and the fix, like any kbpress page.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ..content import LoadedPage, ascii_stem, page_url
from ..frontmatter import FieldContext, parse_field
from ..model import Kind, Page, PageMeta, Problem
from ..sources import SourceError, decode_source, split_front_matter
from ..taxonomy import Taxonomy
from ..yamlload import YamlError, load_yaml
from .addresses import IdError, id_slug, id_url
from .categories import folder_category
from .dates import EXAMPLES, DateError, parse_date
from .privacy import NOT_A_NOTE_REASON, PRIVATE_REASON, Exclusion, PublishFlagError, not_a_note, publish_flag, tidy_keys
from .settings import VaultSettings, field_names
from .terms import clean_name, term_names, with_parents
from .text import first_heading, first_paragraph



HOME_NOTE = "index.md"


@dataclass
class NoteResult:
    loaded: LoadedPage | None
    problems: list[Problem]
    excluded: Exclusion | None = None


def load_note(raw: bytes, src_path: str, shown: str, taxonomy: Taxonomy, settings: VaultSettings) -> NoteResult:
    """One note: a page, the problems that stop it, or why it is not published."""
    if not_a_note(raw, src_path):
        return NoteResult(None, [], Exclusion(src_path, NOT_A_NOTE_REASON))
    try:
        source = split_front_matter(decode_source(raw, shown), shown)
    except SourceError as error:
        return NoteResult(None, [error.problem])
    data, key_lines = {}, {}
    if source.front_matter is not None:
        try:
            loaded = load_yaml(source.front_matter)
        except YamlError as error:
            return NoteResult(None, [Problem(shown, error.describe(line_offset=1), (error.line or 0) + 1)])
        if loaded.data is not None and not isinstance(loaded.data, dict):
            return NoteResult(None, [Problem(shown, "front matter は「キー: 値」の並び (マッピング) にしてください", 2)])
        data = tidy_keys(loaded.data or {})
        key_lines = {key.strip(): line for key, line in loaded.key_lines.items()}
    ctx = FieldContext(shown, src_path, key_lines, 1, [])
    given = _given_values(data, settings)
    private = _private(given.get("publish"), ctx)
    if ctx.problems:
        return NoteResult(None, ctx.problems)
    if private:
        return NoteResult(None, [], Exclusion(src_path, PRIVATE_REASON))
    meta = _meta(given, source.body, src_path, ctx, taxonomy, settings)
    if meta is None or ctx.problems:
        return NoteResult(None, ctx.problems)
    if src_path == HOME_NOTE:
        # The vault's own front page is the portal's home, not one more article.
        meta = replace(meta, kind=Kind.PAGE, category=None, categories=(), tags=(), doc_id=None, slug=None)
        return NoteResult(LoadedPage(Page(src_path=src_path, url="", meta=meta), source), [])
    url = id_url(meta.doc_id) if meta.doc_id else page_url(src_path, meta)
    return NoteResult(LoadedPage(Page(src_path=src_path, url=url, meta=meta), source), [])


def _given_values(data: dict, settings: VaultSettings) -> dict[str, tuple[str, Any]]:
    """For each model field, (key, value) of the first mapped key with a value; empty counts as not given."""
    given = {}
    for name in field_names():
        for key in getattr(settings.fields, name):
            value = data.get(key)
            if not _empty(value):
                given[name] = (key, value)
                break
    return given


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(_empty(item) for item in value)
    return False


def _private(entry: tuple[str, Any] | None, ctx: FieldContext) -> bool:
    if entry is None:
        return False
    key, value = entry
    try:
        return publish_flag(value, key) is False
    except PublishFlagError as error:
        ctx.error(key, str(error))
        return False


def _meta(given, body: str, src_path: str, ctx: FieldContext, taxonomy: Taxonomy, settings: VaultSettings) -> PageMeta | None:
    stem = posixpath.splitext(posixpath.basename(src_path))[0]
    title = _text_field(given, "title", ctx, taxonomy) or first_heading(body) or stem.strip()
    description = _text_field(given, "description", ctx, taxonomy) or first_paragraph(body) or title
    categories = _categories(given, src_path, ctx, taxonomy, settings)
    tags = _tags(given, ctx, taxonomy)
    audience = _audience(given, ctx, taxonomy)
    created, updated = _date(given, "created", ctx), _date(given, "updated", ctx)
    source = parse_field("source", given["source"][1], given["source"][0], ctx, taxonomy) if "source" in given else None
    doc_id = _doc_id(given, ctx)
    kind = Kind.TOPIC if _top_folder(src_path) in settings.topic_folders else Kind.ARTICLE
    if kind is Kind.TOPIC and created is None:
        ctx.error(None, f"{_top_folder(src_path)} のノートはトピックス (日付順のお知らせ) になります。{settings.fields.created[0]}: に日付を書いてください ({EXAMPLES})")
    if ctx.problems:
        return None
    return PageMeta(
        kind=kind,
        title=title,
        description=description,
        category=categories[0] if categories else None,
        categories=categories,
        tags=tags,
        audience=audience,
        date=created if kind is Kind.TOPIC else None,
        updated=updated or (created if kind is Kind.ARTICLE else None),
        slug=doc_id or _topic_slug(kind, stem, src_path),
        source_url=source,
        doc_id=doc_id,
        author=_text_field(given, "author", ctx, taxonomy),
    )


def _text_field(given, name: str, ctx: FieldContext, taxonomy: Taxonomy) -> str | None:
    if name not in given:
        return None
    key, value = given[name]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return parse_field("title" if name == "title" else "description", value, key, ctx, taxonomy) or None


def _names(given, name: str, ctx: FieldContext) -> list[str]:
    if name not in given:
        return []
    key, value = given[name]
    names = term_names(value)
    if names is None:
        ctx.error(key, f"{key} は [a, b] のリストか、一つの名前で書いてください")
        return []
    return names


def _categories(given, src_path: str, ctx: FieldContext, taxonomy: Taxonomy, settings: VaultSettings) -> tuple[str, ...]:
    names = _names(given, "categories", ctx)
    key = given["categories"][0] if "categories" in given else settings.fields.categories[0]
    if names:
        return tuple(dict.fromkeys(slug for slug in (_resolve(name, key, ctx, taxonomy, "categories") for name in names) if slug))
    folder = _top_folder(src_path)
    slug = (folder_category(folder, taxonomy) if folder else None) or settings.default_category
    if src_path == HOME_NOTE:
        return ()
    if slug is None or slug not in taxonomy.categories:
        where = f"フォルダ '{folder}'" if folder else "保管庫の一番上"
        ctx.error(None, f"分類がありません ({where})。{key}: [分類名] を書くか、taxonomy.yml の categories に '{folder or '分類'}' を加えてください (mkdocs.yml の vault: default_category でも決められます)")
        return ()
    return (slug,)


def _tags(given, ctx: FieldContext, taxonomy: Taxonomy) -> tuple[str, ...]:
    key = given["tags"][0] if "tags" in given else ""
    levels = [level for name in _names(given, "tags", ctx) for level in with_parents(name)]
    return tuple(dict.fromkeys(slug for slug in (_resolve(name, key, ctx, taxonomy, "tags") for name in levels) if slug))


def _resolve(name: str, key: str, ctx: FieldContext, taxonomy: Taxonomy, section: str) -> str | None:
    resolve = taxonomy.resolve_category if section == "categories" else taxonomy.resolve_tag
    slug = resolve(clean_name(name))
    if slug is None:
        ctx.error(key, f"{key} の '{name}' は taxonomy.yml の {section} にありません。taxonomy.yml に加えてください (name: {name})")
    return slug


def _audience(given, ctx: FieldContext, taxonomy: Taxonomy) -> tuple[str, ...]:
    names = _names(given, "audience", ctx)
    if not names:
        return tuple(taxonomy.audiences)
    return parse_field("audience", names, given["audience"][0], ctx, taxonomy)


def _date(given, name: str, ctx: FieldContext) -> datetime | None:
    if name not in given:
        return None
    key, value = given[name]
    try:
        return parse_date(str(value))
    except DateError as error:
        ctx.error(key, f"{key}: {error}")
        return None


def _doc_id(given, ctx: FieldContext) -> str | None:
    if "id" not in given:
        return None
    key, value = given["id"]
    if isinstance(value, (list, dict, bool)):
        ctx.error(key, f"{key} は Sec01-02 のような一つの番号で書いてください")
        return None
    try:
        return id_slug(value)
    except IdError as error:
        ctx.error(key, f"{key}: {error}")
        return None


def _top_folder(src_path: str) -> str:
    return src_path.split("/", 1)[0] if "/" in src_path else ""


def _topic_slug(kind: Kind, stem: str, src_path: str) -> str | None:
    """Topics need a slug (their feed id); an article without an id keeps today's address rule."""
    return ascii_stem(stem, src_path) if kind is Kind.TOPIC else None
