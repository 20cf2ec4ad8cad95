"""Reading a vault for ``kbpress init --vault``: the keys, categories, tags and folders it uses.

Only notes that may be published are read for the vocabulary (a private
note's tags would otherwise name its subject on the public tag list); the
keys of every readable note count, so the mapping fits the whole vault.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..sources import SourceError, decode_source, split_front_matter
from ..yamlload import YamlError, load_yaml
from .categories import folder_names
from .folders import ambiguous_reason, private_reason, strip_order
from .obsidianconfig import ObsidianRules, read_obsidian_rules, with_rules
from .privacy import PublishFlagError, folder_exclusion, not_a_note, publish_flag, tidy_keys
from .settings import DEFAULT_FIELDS, TEMPLATE_FOLDERS, VaultSettings
from .sources import iter_vault_files
from .terms import term_names, with_parents

# Folder names that hold dated news: their notes become topics (feeds, the topic archive).
TOPIC_FOLDER_NAMES = ("お知らせ", "トピックス", "ニュース", "注意喚起", "news", "News", "topics", "Topics")


@dataclass
class VaultScan:
    keys: Counter = field(default_factory=Counter)  # front-matter key -> notes using it
    categories: list[str] = field(default_factory=list)  # names, first seen first
    tags: list[str] = field(default_factory=list)  # every level of every nested tag
    audiences: list[str] = field(default_factory=list)
    needs_default_category: bool = False  # a note at the top names no category
    topic_folders: list[str] = field(default_factory=list)
    private_folders: dict[str, str] = field(default_factory=dict)  # folder proposed for exclude -> why (its name)
    ambiguous_folders: dict[str, str] = field(default_factory=dict)  # folder published, worth a look -> why
    templates: list[str] = field(default_factory=list)  # template folders Obsidian is set to use
    obsidian: ObsidianRules = field(default_factory=ObsidianRules)  # what Obsidian's settings exclude at every build
    kept_numbers: list[str] = field(default_factory=list)  # folders keeping their number: stripped, they would merge
    notes: int = 0
    unreadable: list[str] = field(default_factory=list)  # notes whose front matter cannot be read


def scan_vault(vault: Path) -> VaultScan:
    """What the vault holds; KbpressError when its Obsidian settings cannot be read."""
    rules = read_obsidian_rules(vault)
    folders = _folders(vault)
    scan = VaultScan(templates=[name for name in rules.templates if name not in TEMPLATE_FOLDERS], obsidian=rules)
    scan.topic_folders = [folder for folder in folders if "/" not in folder and strip_order(folder) in TOPIC_FOLDER_NAMES]
    base = with_rules(VaultSettings(), rules)
    _propose(folders, base, scan)
    settings = replace(base, exclude=tuple(scan.private_folders))
    folder_categories: list[str] = []
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
        _collect_terms(data, src_path, scan, folder_categories)
    _name_folder_categories(scan, folder_categories)
    return scan


def _folders(vault: Path) -> list[str]:
    """Every folder that holds a file, with every folder above it (a folder of folders is proposed too)."""
    found = set()
    for _path, src_path in iter_vault_files(vault):
        parts = src_path.split("/")[:-1]
        found.update("/".join(parts[: index + 1]) for index in range(len(parts)))
    return sorted(found)


def _propose(folders: list[str], settings: VaultSettings, scan: VaultScan) -> None:
    """Folders whose names say they are not for readers: proposed for exclude (the owner can take one out)."""
    for folder in folders:
        if folder_exclusion(folder + "/", settings) or any(folder.startswith(done + "/") for done in scan.private_folders):
            continue  # left out already: Obsidian's own settings, a template folder, a folder above it
        name = folder.rsplit("/", 1)[-1]
        reason = private_reason(name)
        if reason:
            scan.private_folders[folder] = reason
        elif ambiguous_reason(name):
            scan.ambiguous_folders[folder] = ambiguous_reason(name)


def _name_folder_categories(scan: VaultScan, folder_categories: list[str]) -> None:
    """Folder categories lose their ordering prefix (10 メール -> メール) unless two folders would merge."""
    names = folder_names(list(dict.fromkeys(entry[1:] for entry in folder_categories if entry.startswith("/"))))
    scan.kept_numbers = [folder for folder, name in names.items() if folder == name and strip_order(folder) != folder]
    for entry in folder_categories:
        name = names[entry[1:]] if entry.startswith("/") else entry
        if name not in scan.categories:
            scan.categories.append(name)


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


def _collect_terms(data: dict, src_path: str, scan: VaultScan, categories: list[str]) -> None:
    """Terms in the order first seen; a folder's category as "/folder", named once every folder is known."""
    names = term_names(_first(data, "categories")) or []
    if not names:
        if "/" in src_path:
            names = ["/" + src_path.split("/", 1)[0]]
        else:
            scan.needs_default_category = True
    categories.extend(name for name in names if name not in categories)
    for tag in term_names(_first(data, "tags")) or []:
        for level in with_parents(tag):
            if level not in scan.tags:
                scan.tags.append(level)
    for name in term_names(_first(data, "audience")) or []:
        if name not in scan.audiences:
            scan.audiences.append(name)
