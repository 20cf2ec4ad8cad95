"""Reading a vault for ``kbpress init --vault``: the keys, categories, tags and folders it uses.

Only notes that may be published are read for the vocabulary (a private
note's tags would otherwise name its subject on the public tag list); the
keys of every readable note count, so the mapping fits the whole vault.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..sources import SourceError, decode_source, split_front_matter
from ..yamlload import YamlError, load_yaml
from .privacy import PublishFlagError, folder_exclusion, not_a_note, publish_flag, tidy_keys
from .settings import DEFAULT_FIELDS, TEMPLATE_FOLDERS, VaultSettings
from .sources import iter_vault_files
from .terms import term_names, with_parents

# Folder names that hold dated news: their notes become topics (feeds, the topic archive).
TOPIC_FOLDER_NAMES = ("お知らせ", "トピックス", "ニュース", "注意喚起", "news", "News", "topics", "Topics")
# Folder names that say "not for readers": init lists them under exclude (the owner can take them out).
PRIVATE_FOLDER_NAMES = ("非公開", "内部", "内部資料", "社外秘", "下書き", "private", "Private", "drafts", "Drafts", "internal")


@dataclass
class VaultScan:
    keys: Counter = field(default_factory=Counter)  # front-matter key -> notes using it
    categories: list[str] = field(default_factory=list)  # names, first seen first
    tags: list[str] = field(default_factory=list)  # every level of every nested tag
    audiences: list[str] = field(default_factory=list)
    needs_default_category: bool = False  # a note at the top names no category
    topic_folders: list[str] = field(default_factory=list)
    private_folders: list[str] = field(default_factory=list)  # vault folders whose name says they are private
    templates: list[str] = field(default_factory=list)  # template folders Obsidian is set to use
    notes: int = 0
    unreadable: list[str] = field(default_factory=list)  # notes whose front matter cannot be read


def obsidian_template_folders(vault: Path) -> list[str]:
    """The template folders named in Obsidian's settings (core Templates and the Templater plugin)."""
    found = []
    for settings_file, key in ((".obsidian/templates.json", "folder"), (".obsidian/plugins/templater-obsidian/data.json", "templates_folder")):
        try:
            value = json.loads((vault / settings_file).read_text(encoding="utf-8")).get(key)
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(value, str) and value.strip().strip("/"):
            found.append(value.strip().strip("/"))
    return found


def scan_vault(vault: Path) -> VaultScan:
    folders = sorted({src.rsplit("/", 1)[0] for _p, src in iter_vault_files(vault) if "/" in src})
    scan = VaultScan(templates=[name for name in obsidian_template_folders(vault) if name not in TEMPLATE_FOLDERS])
    scan.private_folders = [folder for folder in folders if folder.rsplit("/", 1)[-1] in PRIVATE_FOLDER_NAMES]
    scan.topic_folders = [folder for folder in folders if "/" not in folder and folder in TOPIC_FOLDER_NAMES]
    settings = VaultSettings(templates=TEMPLATE_FOLDERS + tuple(scan.templates), exclude=tuple(scan.private_folders))
    for path, src_path in iter_vault_files(vault):
        if not src_path.endswith(".md") or folder_exclusion(src_path, settings):
            continue
        raw = path.read_bytes()
        if not_a_note(raw, src_path):
            continue
        scan.notes += 1
        data = _front_matter(raw, src_path, scan)
        if data is None:
            continue
        scan.keys.update(str(key) for key in data)
        if _private(data):
            continue
        _collect_terms(data, src_path, scan)
    return scan


def _front_matter(raw: bytes, src_path: str, scan: VaultScan) -> dict | None:
    try:
        source = split_front_matter(decode_source(raw, src_path), src_path)
        data = load_yaml(source.front_matter).data if source.front_matter is not None else {}
    except (SourceError, YamlError):
        scan.unreadable.append(src_path)
        return None
    if data is not None and not isinstance(data, dict):
        scan.unreadable.append(src_path)
        return None
    return tidy_keys(data or {})


def _private(data: dict) -> bool:
    for key in DEFAULT_FIELDS["publish"]:
        try:
            if publish_flag(data.get(key), key) is False:
                return True
        except PublishFlagError:
            return True  # unreadable: treated as private, and kbpress check names it
    return False


def _first(data: dict, name: str):
    for key in DEFAULT_FIELDS[name]:
        if data.get(key) not in (None, "", []):
            return data[key]
    return None


def _collect_terms(data: dict, src_path: str, scan: VaultScan) -> None:
    categories = term_names(_first(data, "categories")) or []
    if not categories:
        if "/" in src_path:
            categories = [src_path.split("/", 1)[0]]
        else:
            scan.needs_default_category = True
    for name in categories:
        if name not in scan.categories:
            scan.categories.append(name)
    for tag in term_names(_first(data, "tags")) or []:
        for level in with_parents(tag):
            if level not in scan.tags:
                scan.tags.append(level)
    for name in term_names(_first(data, "audience")) or []:
        if name not in scan.audiences:
            scan.audiences.append(name)
