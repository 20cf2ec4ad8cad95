"""Categories from folders: ``10 メール`` is the category メール, unless that would merge two folders unseen.

The folder's own name is tried first, so a taxonomy made before ordering
prefixes were stripped (or one that keeps ``10 メール`` on purpose) still
resolves; then the name without its ordering prefix (:mod:`.folders`).
Two folders that reach one category only because their numbers were
stripped (``10 メール`` and ``20 メール``) are a warning naming both and
the fix: a folder added after ``kbpress init`` would otherwise merge into
an existing category without anyone noticing.
"""

from __future__ import annotations

from ..model import Page, Problem
from ..taxonomy import Taxonomy
from .folders import strip_order


def folder_category(folder: str, taxonomy: Taxonomy) -> str | None:
    """The category slug a top folder gives: its own name first, then the name without the ordering prefix."""
    return taxonomy.resolve_category(folder) or taxonomy.resolve_category(strip_order(folder))


def folder_names(folders: list[str]) -> dict[str, str]:
    """The category name for each top folder (``kbpress init``): without the ordering prefix, unless two would merge."""
    stripped: dict[str, list[str]] = {}
    for folder in folders:
        stripped.setdefault(strip_order(folder), []).append(folder)
    return {folder: folder if len(stripped[strip_order(folder)]) > 1 else strip_order(folder) for folder in folders}


def merged_folder_problems(pages: list[Page], taxonomy: Taxonomy, shown: dict[str, str]) -> list[Problem]:
    """A warning for each category that two folders reach only because their ordering prefixes were stripped."""
    by_slug: dict[str, dict[str, str]] = {}
    stripped_into: set[str] = set()
    for page in sorted(pages, key=lambda page: page.src_path):
        folder = page.src_path.split("/", 1)[0] if "/" in page.src_path else ""
        slug = folder_category(folder, taxonomy) if folder else None
        if slug is None or page.meta.category != slug:
            continue
        by_slug.setdefault(slug, {}).setdefault(folder, page.src_path)
        if taxonomy.resolve_category(folder) is None:
            stripped_into.add(slug)
    problems = []
    for slug in sorted(stripped_into):
        folders = by_slug[slug]
        if len(folders) < 2:
            continue
        names = "、".join(f"'{folder}'" for folder in folders)
        name = taxonomy.categories[slug].name
        problems.append(Problem(
            shown[next(iter(folders.values()))],
            f"フォルダ {names} は先頭の番号を除くと同じ名前のため、一つの分類「{name}」になります。"
            f"分けるなら、taxonomy.yml の categories にフォルダと同じ名前の分類 (name: {list(folders)[-1]}) を加えてください。"
            "一つにするなら、フォルダを一つにまとめるか、ノートに 記事分類: を書いてください",
            severity="warning",
        ))
    return problems
