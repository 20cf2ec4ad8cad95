"""What the vault's own Obsidian settings say is not content, read at every build.

The owner already told Obsidian which files are not notes for readers:
the template folder (core Templates, Templater), the "Excluded files" of
Settings → Files and links (``app.json`` ``userIgnoreFilters``), and
where daily notes go (core Daily notes, the Periodic Notes plugin; daily
notes are personal journals). Reading them at each build, not only at
``kbpress init``, means a folder excluded in Obsidian later is honoured
too. A settings file kbpress cannot read stops the build (fail closed):
guessing would publish what the file meant to keep back.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..model import KbpressError, Problem
from .settings import VaultSettings

SETTINGS_DIR = ".obsidian"
_TEMPLATE_SETTINGS = (("templates.json", ("folder",)), ("plugins/templater-obsidian/data.json", ("templates_folder",)))
_PERIODS = ("daily", "weekly", "monthly", "quarterly", "yearly")
_PERIOD_FORMATS = {"daily": "YYYY-MM-DD", "weekly": "gggg-[W]ww", "monthly": "YYYY-MM", "quarterly": "YYYY-[Q]Q", "yearly": "YYYY"}
# Moment.js tokens of note-name formats, longest first, and what they match in a file name.
_MOMENT_TOKENS = (
    ("YYYY", r"\d{4}"), ("gggg", r"\d{4}"), ("GGGG", r"\d{4}"), ("MMMM", r"[^/]+?"), ("dddd", r"[^/]+?"), ("MMM", r"[^/]+?"),
    ("ddd", r"[^/]+?"), ("YY", r"\d{2}"), ("MM", r"\d{2}"), ("DD", r"\d{2}"), ("Do", r"\d{1,2}\w*"), ("ww", r"\d{2}"),
    ("WW", r"\d{2}"), ("dd", r"[^/]+?"), ("M", r"\d{1,2}"), ("D", r"\d{1,2}"), ("w", r"\d{1,2}"), ("W", r"\d{1,2}"),
    ("Q", r"[1-4]"), ("d", r"\d"),
)


@dataclass(frozen=True)
class ObsidianRules:
    templates: tuple[str, ...] = ()  # template folders set in Obsidian
    ignore_filters: tuple[str, ...] = ()  # "Excluded files": a path prefix, or /a regular expression/
    journal_folders: tuple[str, ...] = ()  # where daily (and other periodic) notes are created
    journal_names: tuple[str, ...] = ()  # regexes of periodic note paths when they go to the vault's top
    attachment_folder: str | None = None  # where pasted files go: published only when a published note uses them
    prefix: str = ""  # the docs folder inside the vault ("公開用/"); Obsidian's paths start at the vault's top


def with_rules(settings: VaultSettings, rules: ObsidianRules, publish_daily_notes: bool = False) -> VaultSettings:
    """``settings`` with what the vault's Obsidian settings leave out (daily notes too, unless asked to publish them)."""
    return replace(
        settings,
        templates=tuple(dict.fromkeys((*settings.templates, *rules.templates))),
        ignore_filters=rules.ignore_filters,
        journal_folders=() if publish_daily_notes else rules.journal_folders,
        journal_names=() if publish_daily_notes else rules.journal_names,
        obsidian_prefix=rules.prefix,
    )


def vault_root(docs_dir: Path) -> Path | None:
    """The vault that holds ``docs_dir``: the nearest folder (itself or above) with Obsidian's settings folder."""
    for folder in (docs_dir, *docs_dir.parents):
        if (folder / SETTINGS_DIR).is_dir():
            return folder
    return None


def read_obsidian_rules(docs_dir: Path) -> ObsidianRules:
    """The exclusions the vault's Obsidian settings give; KbpressError naming a settings file that cannot be read."""
    docs_dir = docs_dir.resolve()
    root = vault_root(docs_dir)
    if root is None:
        return ObsidianRules()
    settings = root / SETTINGS_DIR
    prefix = "".join(f"{part}/" for part in docs_dir.relative_to(root).parts)
    templates = [value for name, keys in _TEMPLATE_SETTINGS if (value := _folder(_load(settings, name), keys))]
    app = _load(settings, "app.json")
    folders, names = _journals(settings)
    return ObsidianRules(
        prefix=prefix,
        templates=tuple(dict.fromkeys(t[len(prefix):] if prefix and t.startswith(prefix) else t for t in templates)),
        ignore_filters=_ignore_filters(app),
        journal_folders=tuple(dict.fromkeys(folders)),
        journal_names=tuple(dict.fromkeys(names)),
        attachment_folder=_folder(app, ("attachmentFolderPath",)),
    )


def ignore_match(src_path: str, filters: tuple[str, ...]) -> str | None:
    """The "Excluded files" entry that matches a vault path, as Obsidian reads it (prefix, or /regex/)."""
    for entry in filters:
        if _is_regex(entry):
            if re.search(entry[1:-1], src_path):
                return entry
        elif src_path.startswith(entry) or src_path.startswith(entry.rstrip("/") + "/"):
            return entry
    return None


def _load(settings: Path, name: str) -> dict:
    data = _load_json(settings, name)
    return data if isinstance(data, dict) else {}


def _load_json(settings: Path, name: str):
    path = settings / name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise _unreadable(name, f"が読めません ({error})") from None
    if not text.strip():
        return {}
    try:
        return json.loads(text)
    except ValueError as error:
        raise _unreadable(name, f"が JSON として読めません ({getattr(error, 'msg', error)})", getattr(error, "lineno", None)) from None


def _unreadable(name: str, what: str, line: int | None = None) -> KbpressError:
    return KbpressError(Problem(
        f"{SETTINGS_DIR}/{name}",
        f"Obsidian の設定ファイル{what}。公開しないファイルの設定かもしれないため、止めました。"
        "Obsidian で保管庫を開き直して設定を保存し直すか、git の競合の印 (<<<<<<<) などを取り除いてください",
        line,
    ))


def _folder(data: dict, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and value.strip().strip("/") and not value.strip().startswith("."):
            return value.strip().strip("/")
    return None


def _is_regex(entry: str) -> bool:
    return len(entry) > 2 and entry.startswith("/") and entry.endswith("/")


def _ignore_filters(app: dict) -> tuple[str, ...]:
    entries = [entry.strip() for entry in app.get("userIgnoreFilters") or [] if isinstance(entry, str) and entry.strip()]
    for entry in entries:
        if _is_regex(entry):
            try:
                re.compile(entry[1:-1])
            except re.error as error:
                raise _unreadable("app.json", f"の「除外するファイル」の正規表現 {entry} が読めません ({error})") from None
    return tuple(entries)


def _journals(settings: Path) -> tuple[list[str], list[str]]:
    """Folders of periodic notes, and name patterns of those created at the top of the vault."""
    folders: list[str] = []
    names: list[str] = []
    daily = _load(settings, "daily-notes.json")
    if daily or _core_plugin_enabled(settings, "daily-notes"):
        _add_period(daily, "daily", folders, names)
    periodic = _load(settings, "plugins/periodic-notes/data.json")
    sets = [periodic, *[item for item in periodic.get("calendarSets") or [] if isinstance(item, dict)]]
    for calendar in sets:
        for period in _PERIODS:
            config = calendar.get(period)
            if isinstance(config, dict) and config.get("enabled", True):
                _add_period(config, period, folders, names)
    return folders, names


def _add_period(config: dict, period: str, folders: list[str], names: list[str]) -> None:
    folder = _folder(config, ("folder",))
    if folder:
        folders.append(folder)
        return
    fmt = config.get("format") if isinstance(config.get("format"), str) and config.get("format").strip() else _PERIOD_FORMATS[period]
    names.append(moment_pattern(fmt.strip()))


def _core_plugin_enabled(settings: Path, plugin: str) -> bool:
    """Whether a core plugin is on: ``{"daily-notes": true}``, or a list of the plugins on (older Obsidian)."""
    data = _load_json(settings, "core-plugins.json")
    return data.get(plugin) is True if isinstance(data, dict) else isinstance(data, list) and plugin in data


def moment_pattern(fmt: str) -> str:
    """A Moment.js note-name format (``YYYY-MM-DD``, ``YYYY/MM/YYYY-MM-DD ddd``) as a regex of the vault path."""
    parts, index = [], 0
    while index < len(fmt):
        if fmt[index] == "[":
            end = fmt.find("]", index)
            end = len(fmt) if end < 0 else end
            parts.append(re.escape(fmt[index + 1:end]))
            index = end + 1
            continue
        token = next(((t, p) for t, p in _MOMENT_TOKENS if fmt.startswith(t, index)), None)
        if token:
            parts.append(token[1])
            index += len(token[0])
        else:
            parts.append(re.escape(fmt[index]))
            index += 1
    return "".join(parts)
