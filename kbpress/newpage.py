"""``kbpress new``: a new article or topic with front matter that passes ``check``."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from datetime import datetime
from pathlib import Path

from .model import JST, KbpressError
from .taxonomy import SLUG_RE, load_taxonomy


class NewPageError(ValueError):
    pass


def suggest_slug(title: str, now: datetime, prefix: str) -> str:
    """ASCII words of the title, else ``<prefix>-YYYYMMDD-HHMM`` (Japanese has no spelling to reuse)."""
    ascii_words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKC", title).lower())
    if ascii_words:
        return "-".join(ascii_words)[:60].strip("-")
    return f"{prefix}-{now.astimezone(JST):%Y%m%d-%H%M}"


def create_page(project, kind: str, title: str, *, slug: str | None, category: str | None, now: datetime) -> Path:
    title = " ".join(title.split())
    if not title:
        raise NewPageError("タイトルを指定してください")
    shown_taxonomy = os.path.relpath(project.taxonomy_path, project.project_dir)
    try:
        taxonomy = load_taxonomy(project.taxonomy_path, shown_taxonomy)
    except KbpressError as error:
        raise NewPageError(str(error)) from None
    if not taxonomy.categories:
        raise NewPageError(
            f"{shown_taxonomy}: categories: にカテゴリが一つもありません。"
            "新しいページはカテゴリに入れるので、先に categories: にスラッグと name: を書いてください"
        )
    slug = slug or suggest_slug(title, now, kind)
    if not SLUG_RE.match(slug):
        raise NewPageError(f"slug '{slug}' は半角英小文字・数字・ハイフンだけで指定してください")
    if category is not None and taxonomy.resolve_category(category) is None:
        raise NewPageError(f"カテゴリ '{category}' は taxonomy.yml にありません。次から選んでください: {', '.join(taxonomy.categories)}")
    local = now.astimezone(JST).replace(microsecond=0)
    dirs = {value.value: key for key, value in project.content_config.kind_dirs.items()}
    if kind == "topic":
        path = project.docs_dir / dirs["topic"] / f"{local:%Y}" / f"{local:%Y-%m-%d}-{slug}.md"
        text = _topic(title, slug, local, taxonomy.resolve_category(category or "") or next(iter(taxonomy.categories)))
    else:
        path = project.docs_dir / dirs["article"] / f"{slug}.md"
        text = _article(title, local, taxonomy.resolve_category(category or "") or next(iter(taxonomy.categories)), taxonomy)
    if path.exists():
        raise NewPageError(f"{path.relative_to(project.project_dir)} は既にあります。--slug で別の名前を指定してください")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)
    return path


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _topic(title: str, slug: str, local: datetime, category: str) -> str:
    return (
        "---\n"
        f"title: {_q(title)}\n"
        f"date: {local.isoformat()}\n"
        f"slug: {slug}\n"
        f"categories: [{category}]\n"
        "tags: []\n"
        "summary: ここに一段落の要約を書いてください。\n"
        "draft: true\n"
        "---\n\n"
        "本文をここに書いてください。公開するときは draft: true の行を消します。\n"
    )


def _article(title: str, local: datetime, category: str, taxonomy) -> str:
    return (
        "---\n"
        f"title: {_q(title)}\n"
        "description: ここに一段落の要約を書いてください。\n"
        f"category: {category}\n"
        "tags: []\n"
        f"audience: [{taxonomy.audiences[-1]}]\n"
        f"updated: {local:%Y-%m-%d}\n"
        "---\n\n"
        "## はじめに\n\n本文をここに書いてください。\n"
    )
