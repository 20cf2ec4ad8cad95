"""Queue files: reposts and quote-reposts of other accounts' posts.

One YAML file per post in ``social/``, so each has its own history in git::

    id: npa-phishing-warning          # stable name; the ledger remembers it
    type: quote                       # repost, quote, or post (a web page's URL under our comment)
    url: https://x.com/example_account/status/1790000000000000001
    comment: |                        # quote and post: our words (a post adds the URL on the last line)
      ...
    date: 2025-06-12T09:00:00+09:00   # optional: not before this time
    memo: ...                         # optional note for the team, never posted
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from ..model import JST, Problem
from ..sources import SourceError, decode_source
from ..taxonomy import SLUG_RE
from ..yamlload import YamlError, load_yaml
from .statusurl import EXAMPLE_STATUS_URL, parse_status_url
from .textfit import MAX_WEIGHTED_LENGTH, fits, has_forbidden_characters, normalize_text, weighted_length

QUEUE_SUFFIXES = (".yml", ".yaml")
QUEUE_TYPES = ("repost", "quote", "post")
# Files in social/ that are not queue items (kbpress watch reads its sources from here).
NOT_QUEUE_FILES = {"sources.yml"}
_KEYS = {"id", "type", "url", "comment", "date", "memo"}
_DATE_ONLY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class QueueEntry:
    id: str
    type: str  # "repost" or "quote"
    url: str  # as written
    status_id: str
    comment: str | None  # normalised; quotes only
    not_before: datetime | None
    path: str  # as shown to the user, e.g. social/npa-warning.yml


def iter_queue_files(social_dir: Path) -> list[Path]:
    if not social_dir.is_dir():
        return []
    return sorted(
        path
        for path in social_dir.iterdir()
        if path.suffix in QUEUE_SUFFIXES and not path.name.startswith(".") and path.name not in NOT_QUEUE_FILES
    )


def load_queue(social_dir: Path, shown_dir: str = "social") -> tuple[list[QueueEntry], list[Problem]]:
    """Every queue file in ``social_dir``, validated; problems name file and line."""
    entries: list[QueueEntry] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in iter_queue_files(social_dir):
        shown = f"{shown_dir}/{path.name}"
        entry, entry_problems = load_queue_file(path.read_bytes(), shown)
        problems += entry_problems
        if entry is None:
            continue
        if entry.id in seen:
            problems.append(Problem(shown, f"id '{entry.id}' が {seen[entry.id]} と重複しています。別の id にしてください", 1))
            continue
        seen[entry.id] = shown
        entries.append(entry)
    return _without_repeated_reposts(entries, social_dir, problems)


def _without_repeated_reposts(
    entries: list[QueueEntry], social_dir: Path, problems: list[Problem]
) -> tuple[list[QueueEntry], list[Problem]]:
    """X keeps one repost per post: two files reposting the same post are both held back, each naming the other.

    Which one was meant (and which the ledger already knows) is for a person to say.
    """
    by_status: dict[str, list[QueueEntry]] = {}
    for entry in entries:
        if entry.type == "repost":
            by_status.setdefault(entry.status_id, []).append(entry)
    repeated = {status: group for status, group in by_status.items() if len(group) > 1}
    for status, group in repeated.items():
        for entry in group:
            others = ", ".join(other.path for other in group if other is not entry)
            problems.append(
                Problem(
                    entry.path,
                    f"{others} と同じ投稿 ({status}) をリポストしようとしています。どちらかのファイルを削除してください",
                    loaded_line(social_dir / Path(entry.path).name, "url"),
                )
            )
    kept = [entry for entry in entries if not (entry.type == "repost" and entry.status_id in repeated)]
    return kept, problems


def loaded_line(path: Path, key: str) -> int:
    """The line of a top-level key in a queue file (1 when it cannot be found)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((number for number, line in enumerate(lines, start=1) if line.startswith(f"{key}:")), 1)


def load_queue_file(raw: bytes, shown: str) -> tuple[QueueEntry | None, list[Problem]]:
    try:
        text = decode_source(raw, shown)
        loaded = load_yaml(text)
    except SourceError as error:
        return None, [error.problem]
    except YamlError as error:
        return None, [Problem(shown, str(error), error.line)]
    data = loaded.data
    if not isinstance(data, dict):
        return None, [Problem(shown, "「キー: 値」の形 (id, type, url など) で 1 ファイルに 1 件だけ書いてください", 1)]
    problems: list[Problem] = []

    def error(key: str | None, message: str) -> None:
        problems.append(Problem(shown, message, loaded.key_lines.get(key, 1) if key else 1))

    for key in data:
        if key not in _KEYS:
            error(str(key), f"未知のキー '{key}' です。使えるキー: {', '.join(sorted(_KEYS))}")
    entry_id = _read_id(data.get("id"), error)
    kind = _read_type(data.get("type"), error)
    url, status_id = _read_url(data.get("url"), kind, error)
    comment = _read_comment(data.get("comment"), kind, error, url)
    not_before = _read_date(data.get("date"), error)
    if problems:
        return None, problems
    return QueueEntry(entry_id, kind, url, status_id, comment, not_before, shown), []


def _read_id(value, error) -> str:
    if value is None:
        error(None, "id がありません。この投稿を表す半角英小文字とハイフンの名前を id: に書いてください (例: ipa-ransomware-2025-06)")
    elif not isinstance(value, str) or not SLUG_RE.match(value):
        error("id", f"id '{value}' は半角英小文字・数字・ハイフンだけで書いてください (例: ipa-ransomware-2025-06)")
    else:
        return value
    return ""


def _read_type(value, error) -> str:
    if value is None:
        error(None, "type がありません。type: repost (リポスト) か quote (引用)、Web ページなら post (URL を付けて投稿) を書いてください")
    elif value not in QUEUE_TYPES:
        error("type", f"type '{value}' は使えません。repost (リポスト) か quote (引用)、Web ページなら post (URL を付けて投稿) にしてください")
    else:
        return value
    return ""


def _read_url(value, kind: str, error) -> tuple[str, str]:
    if kind == "post":
        return _read_page_url(value, error)
    if value is None:
        error(None, f"url がありません。リポスト・引用する X の投稿の URL を url: に書いてください (例: {EXAMPLE_STATUS_URL})")
        return "", ""
    status_id = parse_status_url(value) if isinstance(value, str) else None
    if status_id is None:
        error(
            "url",
            f"url '{value}' は X の投稿の URL ではありません。x.com か twitter.com の投稿を開き、"
            f"「リンクをコピー」で得た URL を書いてください (例: {EXAMPLE_STATUS_URL})",
        )
        return "", ""
    return value.strip(), status_id


def _read_page_url(value, error) -> tuple[str, str]:
    """A post links any web page: an absolute http(s) URL."""
    if not isinstance(value, str) or not re.match(r"^https?://[^\s/]+\S*$", value.strip()):
        error("url" if value is not None else None, f"url '{value}' は Web ページの URL ではありません。https:// で始まる記事の URL を書いてください")
        return "", ""
    return value.strip(), ""


_MISSING_COMMENT = {
    "quote": "quote には引用に添える comment: を書いてください",
    "post": "post には記事の URL の上に書く紹介文を comment: に書いてください",
}


def _read_comment(value, kind: str, error, url: str = "") -> str | None:
    if kind == "repost":
        if value is not None:
            error("comment", "repost には comment を書けません。コメントを付けるなら type: quote にしてください")
        return None
    if kind not in ("quote", "post"):
        return None
    if not isinstance(value, str) or not value.strip():
        error("comment" if value is not None else None, _MISSING_COMMENT[kind])
        return None
    comment = normalize_text(value)
    posted = f"{comment}\n{url}" if kind == "post" else comment
    if has_forbidden_characters(comment):
        error("comment", "comment に X で使えない文字 (U+FEFF, U+FFFE, U+FFFF) が含まれています。削除してください")
    elif not fits(posted):
        length = weighted_length(posted)
        error(
            "comment",
            f"comment が長すぎます: {length}/{MAX_WEIGHTED_LENGTH} (全角は 2、URL は 23 と数えます)。"
            f"{length - MAX_WEIGHTED_LENGTH} 以上短くしてください",
        )
    return comment


def _read_date(value, error) -> datetime | None:
    if value is None:
        return None
    text = value.strip() if isinstance(value, str) else ""
    try:
        if _DATE_ONLY_RE.match(text):
            parsed = datetime.combine(date.fromisoformat(text), time())
        else:
            parsed = datetime.fromisoformat(text)
    except ValueError:
        error("date", f"date '{value}' を日時として読めません。2025-06-12T09:00:00+09:00 の形で書いてください")
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=JST)
