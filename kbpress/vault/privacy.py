"""What is never published: Obsidian's own files, templates, trash, private folders and private notes.

Privacy first: a folder rule removes every file below it (notes and
attachments alike) before any page is loaded or file copied (only the
names a private note embeds are read, to withhold those attachments), and a note's
``公開: false`` is read before its other keys are validated, so an
internal note never reaches an output and its mistakes never stop a build.
A publish flag kbpress cannot read is an error (fail closed), never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .obsidianconfig import ignore_match
from .settings import VaultSettings

# Files that are Obsidian's or another tool's state, wherever they are; dot-folders (.obsidian, .trash, .git) too.
CONFIG_LIKE_SUFFIXES = (".canvas", ".base")
_FALSE_WORDS = {"false", "no", "off", "いいえ", "しない", "非公開", "不可", "×", "0"}
_TRUE_WORDS = {"true", "yes", "on", "はい", "する", "公開", "可", "○", "1"}


PRIVATE_REASON = "ノートの front matter で公開しないと書かれている (公開: false / publish: false)"


@dataclass(frozen=True)
class Exclusion:
    """A vault file left out of every output, and why (shown by ``kbpress check``)."""

    src_path: str
    reason: str


def folder_exclusion(src_path: str, settings: VaultSettings) -> str | None:
    """Why a vault file is never published because of where it is; None when its folder may be."""
    parts = src_path.split("/")
    if any(part.startswith(".") for part in parts):
        return "Obsidian の設定・ごみ箱などの隠しフォルダ・隠しファイル"
    if src_path.endswith(CONFIG_LIKE_SUFFIXES):
        return "Obsidian のキャンバス・データベースのファイル"
    folders = parts[:-1]
    if any(folder in settings.templates for folder in folders) or _under(src_path, settings.templates):
        return "テンプレートのフォルダ"
    in_vault = settings.obsidian_prefix + src_path  # Obsidian's settings name paths from the vault's top
    ignored = ignore_match(in_vault, settings.ignore_filters)
    if ignored is not None:
        return f"Obsidian の「除外するファイル」({ignored})"
    journal = _journal(in_vault, settings)
    if journal is not None:
        return journal
    for folder in settings.exclude:
        if _under(src_path, (folder,)):
            return f"公開しないフォルダ ({folder})"
    if settings.include and not _under(src_path, settings.include):
        return f"公開するフォルダ ({', '.join(settings.include)}) の外"
    return None


def _journal(in_vault: str, settings: VaultSettings) -> str | None:
    for folder in settings.journal_folders:
        if _under(in_vault, (folder,)):
            return f"デイリーノート・定期ノート (日々の記録) のフォルダ ({folder})"
    stem = in_vault.rsplit(".", 1)[0]
    if any(re.fullmatch(pattern, stem) for pattern in settings.journal_names):
        return "デイリーノート・定期ノート (日々の記録)"
    return None


def _under(src_path: str, folders: tuple[str, ...]) -> bool:
    cleaned = (folder.strip().strip("/") for folder in folders)
    return any(folder and src_path.startswith(folder + "/") for folder in cleaned)


def tidy_keys(data: dict) -> dict:
    """Front-matter keys without surrounding spaces (ASCII or full-width), as Obsidian's properties view shows them.

    ``"公開 ": false`` is a private note: matching keys exactly would publish it.
    """
    return {str(key).strip(): value for key, value in data.items()}


NOT_A_NOTE_REASON = "本文のない .md、Excalidraw の図、キャンバスのデータ (ノートではないファイル)"
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*$", re.S | re.M)


def not_a_note(raw: bytes, src_path: str) -> bool:
    """A ``.md`` file that holds no prose: publishing it would show an empty or raw page.

    Obsidian creates an empty file when a link to a not-yet-written note is
    clicked; Excalidraw keeps drawings as ``*.excalidraw.md`` (front matter
    ``excalidraw-plugin:``); a canvas saved under ``.md`` is a JSON object.
    """
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    front = _FRONT_MATTER_RE.match(text)
    body = text[front.end():].strip() if front else text.strip()
    if src_path.lower().endswith(".excalidraw.md") or (front and "excalidraw-plugin:" in front.group(1)):
        return True
    return not body or (body.startswith("{") and body.endswith("}") and '"nodes"' in body)


class PublishFlagError(ValueError):
    pass


def publish_flag(value: Any, key: str) -> bool | None:
    """The note's publish key: True, False, or None when not given (empty counts as not given)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _FALSE_WORDS:
        return False
    if word in _TRUE_WORDS:
        return True
    raise PublishFlagError(
        f"{key}: '{value}' が公開してよいかどうか読めません。公開しないノートは {key}: false、公開するノートは {key}: true と書いてください"
    )
