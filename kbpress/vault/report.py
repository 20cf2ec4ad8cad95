"""What a vault publishes and what it keeps back, for ``kbpress check`` (text and JSON).

The list is made by the same loading the build uses, so what it says is
published is exactly what reaches the site, the feeds, the search index,
the EPUBs and the posts. Files under a hidden folder (``.obsidian/``,
``.trash/``) are summed up per folder rather than listed one by one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..model import KbpressError, Page, Problem
from .addresses import RedirectMap, load_redirects, lost_address_problems, redirect_problems
from .attachments import MARKDOWN_SUFFIXES, withheld
from .privacy import Exclusion, folder_exclusion
from ..obsidian.project import ROOT_FILES
from .sources import iter_vault_files

UNUSED_REASON = "公開するノートが使っていないファイル"


@dataclass
class Publication:
    published: list[Page] = field(default_factory=list)
    excluded: list[Exclusion] = field(default_factory=list)  # notes (and folders of other files) left out
    attachments: list[str] = field(default_factory=list)  # files the published notes use: what the build copies

    def as_json(self) -> str:
        return json.dumps(
            {
                "published": [
                    {"path": page.src_path, "url": "/" + page.url, "title": page.title, "id": page.meta.doc_id}
                    for page in self.published
                ],
                "excluded": [{"path": item.src_path, "reason": item.reason} for item in self.excluded],
                "attachments": self.attachments,
            },
            ensure_ascii=False,
            indent=2,
        )

    def as_text(self) -> str:
        lines = [f"公開するノート ({len(self.published)} 件):"]
        lines += [f"  /{page.url}  ← {page.src_path}" for page in self.published]
        lines.append(f"公開する添付ファイル ({len(self.attachments)} 件):")
        lines += [f"  {src_path}" for src_path in self.attachments]
        lines.append(f"公開しないもの ({len(self.excluded)} 件):")
        lines += [f"  {item.src_path}  ({item.reason})" for item in self.excluded]
        return "\n".join(lines)


def vault_problems(project, pages: list[Page], bodies: dict[str, str], excluded: list[Exclusion], listing: Publication | None,
                   used_files: set[str] | None = None) -> list[Problem]:
    """Redirect map problems and lost addresses; fills ``listing`` when given.

    ``used_files``: with Obsidian Markdown, the files the published notes use;
    the build copies exactly those, so the listing names them and every other
    attachment as not published, by that one rule.
    """
    if listing is not None:
        listing.published = sorted(pages, key=lambda page: page.url)
        settings = project.content_config.vault
        notes = [item.src_path for item in exclusions(project.docs_dir, settings, excluded) if item.src_path.endswith(MARKDOWN_SUFFIXES)]
        kept_back = excluded + withheld(project.docs_dir, settings, bodies, notes)
        if used_files is not None:
            listing.attachments = sorted(used_files - {item.src_path for item in kept_back})
            kept_back += unused_attachments(project.docs_dir, settings, used_files, kept_back)
        listing.excluded = exclusions(project.docs_dir, settings, kept_back)
    redirects = redirect_map(project)
    if redirects is None:
        return []
    if isinstance(redirects, list):
        return redirects
    return redirect_problems(redirects, {page.url for page in pages}) + lost_address_problems(redirects, pages)


def unused_attachments(docs_dir: Path, settings, used_files: set[str], kept_back: list[Exclusion]) -> list[Exclusion]:
    """Vault files (not notes) no published note uses: the build leaves them out of the site."""
    known = {item.src_path for item in kept_back}
    return [
        Exclusion(src_path, UNUSED_REASON)
        for _path, src_path in iter_vault_files(docs_dir)
        if not src_path.endswith(MARKDOWN_SUFFIXES) and src_path not in used_files and src_path not in known
        and src_path not in ROOT_FILES and folder_exclusion(src_path, settings) is None
    ]


def redirect_map(project) -> RedirectMap | list[Problem] | None:
    if project.redirects_path is None:
        return None
    path = Path(project.redirects_path)
    try:
        return load_redirects(path, _shown(path, project.project_dir))
    except KbpressError as error:
        return error.problems


def exclusions(docs_dir: Path, settings, notes: list[Exclusion]) -> list[Exclusion]:
    """Every excluded note, and every other excluded file (hidden folders summed up per folder)."""
    by_path = {item.src_path: item for item in notes}
    hidden: dict[str, int] = {}
    for _path, src_path in iter_vault_files(docs_dir):
        if src_path in by_path:
            continue
        reason = folder_exclusion(src_path, settings)
        if reason is None:
            continue
        hidden_part = next((part for part in src_path.split("/") if part.startswith(".")), None)
        if hidden_part is not None:
            folder = src_path.split(hidden_part, 1)[0] + hidden_part
            hidden[folder] = hidden.get(folder, 0) + 1
        else:
            by_path[src_path] = Exclusion(src_path, reason)
    summed = [Exclusion(f"{folder}/" if not Path(docs_dir, folder).is_file() else folder, f"Obsidian の設定・ごみ箱などの隠しフォルダ ({count} ファイル)") for folder, count in hidden.items()]
    return sorted(list(by_path.values()) + summed, key=lambda item: item.src_path)


def _shown(path: Path, project_dir: Path) -> str:
    try:
        return path.resolve().relative_to(project_dir.resolve()).as_posix()
    except ValueError:
        return str(path)
