"""The controlled vocabulary (categories, tags, audiences and search synonyms), kept in one YAML file.

Front matter may name a term by its ASCII slug or by its Japanese name;
the model always stores the slug, which also names the term's URL. The
``synonyms`` list is the site search's (:mod:`kbpress.synonyms`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .model import AUDIENCES, KbpressError, Problem, Term
from .synonyms import SECTION as SYNONYMS, SynonymRule, item_lines, parse_rules
from .yamlload import YamlError, load_yaml

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SECTIONS = ("categories", "tags")
_LIST_SECTIONS = ("audiences",)  # plain lists of names, read by their own loaders
_KEYS = _SECTIONS + _LIST_SECTIONS + (SYNONYMS,)


@dataclass
class Taxonomy:
    categories: dict[str, Term] = field(default_factory=dict)
    tags: dict[str, Term] = field(default_factory=dict)
    audiences: tuple[str, ...] = AUDIENCES  # who a page is for (front matter `audience:`)
    synonyms: tuple[SynonymRule, ...] = ()

    def resolve_category(self, value: str) -> str | None:
        return _resolve(self.categories, value)

    def resolve_tag(self, value: str) -> str | None:
        return _resolve(self.tags, value)


def _resolve(terms: dict[str, Term], value: str) -> str | None:
    if value in terms:
        return value
    for term in terms.values():
        if term.name == value:
            return term.slug
    return None


def load_taxonomy(path: Path, display_path: str | None = None) -> Taxonomy:
    """Read the vocabulary file; raise :class:`KbpressError` naming file and line."""
    shown = display_path or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise KbpressError(
            Problem(shown, "語彙ファイルがありません。mkdocs.yml の kbpress プラグインの taxonomy で正しいパスを指定してください")
        ) from None
    except UnicodeDecodeError:
        raise KbpressError(Problem(shown, "UTF-8 で保存されていません。UTF-8 で保存し直してください")) from None
    try:
        loaded = load_yaml(text)
    except YamlError as error:
        raise KbpressError(Problem(shown, str(error), error.line)) from None
    data = loaded.data
    if not isinstance(data, dict):
        raise KbpressError(Problem(shown, "categories: と tags: を持つ YAML のマッピングにしてください", 1))
    problems = [
        Problem(shown, f"未知のキー '{key}' です。使えるのは categories、tags、audiences と synonyms だけです", loaded.key_lines.get(key))
        for key in data
        if key not in _KEYS
    ]
    taxonomy = Taxonomy()
    for section in _SECTIONS:
        terms = _read_terms(data.get(section) or {}, section, shown, loaded.key_lines.get(section), problems)
        setattr(taxonomy, section, terms)
    if "audiences" in data:
        taxonomy.audiences = read_audiences(data["audiences"], shown, loaded.key_lines.get("audiences"), problems)
    taxonomy.synonyms, synonym_problems = parse_rules(
        data.get(SYNONYMS), item_lines(text), shown, loaded.key_lines.get(SYNONYMS)
    )
    problems += synonym_problems
    if problems:
        raise KbpressError(problems)
    return taxonomy


def _read_terms(raw: object, section: str, shown: str, line: int | None, problems: list[Problem]) -> dict[str, Term]:
    if not isinstance(raw, dict):
        problems.append(Problem(shown, f"{section} はスラッグをキーにしたマッピングにしてください", line))
        return {}
    terms: dict[str, Term] = {}
    names: set[str] = set()
    for slug, entry in raw.items():
        slug = str(slug)
        if not SLUG_RE.match(slug):
            problems.append(Problem(shown, f"{section} のスラッグ '{slug}' は半角英小文字・数字・ハイフンだけで書いてください", line))
            continue
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            problems.append(Problem(shown, f"{section}.{slug} に name (日本語の表示名) を書いてください", line))
            continue
        name = entry["name"].strip()
        if name in names:
            problems.append(Problem(shown, f"{section} の表示名 '{name}' が重複しています", line))
        names.add(name)
        terms[slug] = Term(slug=slug, name=name, description=str(entry.get("description") or "").strip())
    return terms


def read_audiences(raw: object, shown: str, line: int | None, problems: list[Problem]) -> tuple[str, ...]:
    """The ``audiences:`` list: who pages may be written for (default: 経営者, 管理者, 従業員)."""
    if not isinstance(raw, list) or not raw or not all(isinstance(item, str) and item.strip() for item in raw):
        problems.append(Problem(shown, "audiences は対象読者の名前のリストにしてください (例: audiences: [経営者, 従業員])", line))
        return AUDIENCES
    names = tuple(item.strip() for item in raw)
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        problems.append(Problem(shown, f"audiences に '{duplicates[0]}' が 2 回書かれています。1 回だけにしてください", line))
    return tuple(dict.fromkeys(names))
