"""``kbpress init DIR --vault PATH``: a knowledge base over an existing Obsidian vault.

The notes stay where they are: mkdocs.yml's ``docs_dir`` points at the
vault, and nothing is written into it. What the vault's notes say is read
first (:mod:`.scan`), so the field mapping lists the keys they use, the
taxonomy their categories and tags, and ``redirects.yml`` the addresses
they get today; a guidebook volume and a feed are set up over the notes.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from ..content import ContentConfig, iter_markdown_files, load_sources
from ..model import KbpressError, Kind
from ..starter import InitError, check_target, starter_text, template_values, write_file
from ..taxonomy import load_taxonomy
from .addresses import write_redirects
from .initfiles import DEFAULT_CATEGORY, feed_yml, mkdocs_yml, readme, taxonomy_yml, volume_yml
from .obsidianconfig import with_rules
from .scan import VaultScan, scan_vault
from .settings import DEFAULT_REDIRECTS, VaultSettings


def create_vault_project(
    target: Path, vault: Path, *, site_name: str, site_url: str, organisation: str, requirement: str | None, now: datetime
) -> tuple[list[Path], VaultScan]:
    """Write the knowledge base's files into ``target``; the files written, and what the vault holds."""
    check_target(target, site_url)
    _check_vault(target, vault)
    try:
        scan = scan_vault(vault)
    except KbpressError as error:
        raise InitError(str(error)) from None
    values = template_values(site_name=site_name, site_url=site_url, organisation=organisation, requirement=requirement, now=now)
    docs_dir = Path(os.path.relpath(vault.resolve(), target.resolve())).as_posix()
    target.mkdir(parents=True, exist_ok=True)
    written = [
        write_file(target, "mkdocs.yml", mkdocs_yml(starter_text("mkdocs.yml", values), docs_dir, scan, values)),
        write_file(target, "taxonomy.yml", taxonomy_yml(scan)),
    ]
    settings = _settings(scan)
    taxonomy = load_taxonomy(target / "taxonomy.yml")
    loaded, _problems = load_sources(
        iter_markdown_files(vault), vault.resolve(), target.resolve(), taxonomy, ContentConfig(vault=settings)
    )
    pages = [item.page for item in loaded]
    write_redirects(target / DEFAULT_REDIRECTS, {}, {page.url: page.src_path for page in sorted(pages, key=lambda p: p.url)})
    written.append(target / DEFAULT_REDIRECTS)
    if any(page.kind is Kind.ARTICLE for page in pages):
        written.append(write_file(target, "guidebook/notes.yml", volume_yml(pages, values)))
    written.append(write_file(target, "feeds/notes.yml", feed_yml(values)))
    for name in ("dot-gitignore", "requirements.txt", "social/dot-gitignore"):
        written.append(write_file(target, name, starter_text(name, values)))
    written.append(write_file(target, "README.md", readme(values["site_name"], docs_dir)))
    return written, scan


def _check_vault(target: Path, vault: Path) -> None:
    if not vault.is_dir():
        raise InitError(f"--vault '{vault}' のフォルダがありません。Obsidian の保管庫 (またはその中のフォルダ) のパスを指定してください")
    inside = target.resolve()
    if inside == vault.resolve() or vault.resolve() in inside.parents:
        raise InitError(
            f"{target} は保管庫 {vault} の中です。保管庫には何も書き込まないため、知識ベースは保管庫の外のフォルダに作ってください (例: 保管庫の隣)"
        )


def _settings(scan: VaultScan) -> VaultSettings:
    return with_rules(VaultSettings(
        exclude=tuple(scan.private_folders),
        topic_folders=tuple(scan.topic_folders),
        default_category=DEFAULT_CATEGORY[0] if scan.needs_default_category else None,
    ), scan.obsidian)
