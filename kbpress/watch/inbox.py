"""``social/inbox/``: the candidates ``kbpress watch`` found, one YAML file per day.

A day's file is what a scheduled run's pull request adds, so specialists
review a day's news as one diff. Each candidate::

    - id: 3fa9c2d1e0                 # for kbpress social pick / drop
      title: ...
      url: https://...              # canonical: no tracking parameters, x.com for X posts
      source: JPCERT/CC 注意喚起
      published: 2026-11-01T09:00:00+09:00
      summary: ...
      suggested: post               # post (web page), repost or quote (X post)
      action:                       # the decision: post, repost, quote or drop
      comment:                      # the text of a post or a quote
      queued: social/watch-3fa9c2d1e0.yml   # set once a queue item was made

The decision can be typed here by hand (``action:``, ``comment:``) or
made with ``kbpress social pick``; both end in the same queue item.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from pathlib import Path

from ..atomic import write_bytes_atomic
from ..model import JST, Problem
from ..sources import SourceError, decode_source
from ..yamlload import YamlError, load_yaml
from ..yamlload import list_item_lines
from .yamllines import dump_yaml

INBOX_DIR = "inbox"
_NOT_STORED = ("line", "path", "key_lines")
ACTIONS = ("post", "repost", "quote", "drop")
_HEADER = """\
# kbpress watch が集めた投稿候補 ({day})。
# 投稿するものは action: に post (記事の URL を付けて投稿)・repost (リポスト)・quote (引用) を、
# post と quote では comment: に添える文章を書きます (kbpress social pick ID --as ... でも同じです)。
# 投稿しないものは action: drop にします。決めたものは次の kbpress publish で投稿キューに入ります。
"""


@dataclass(frozen=True)
class Candidate:
    id: str
    title: str
    url: str
    source: str
    published: str | None  # ISO 8601 in JST
    summary: str
    suggested: str
    action: str | None = None
    comment: str | None = None
    queued: str | None = None
    line: int = 1  # where it is written (not stored)
    path: str = ""  # the inbox file, as shown to the user (not stored)
    key_lines: dict = field(default_factory=dict, compare=False)  # key -> line, for messages (not stored)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def to_yaml_data(self) -> dict:
        stored = [f.name for f in fields(self) if f.name not in _NOT_STORED]
        return {name: getattr(self, name) for name in stored}

    @property
    def undecided(self) -> bool:
        return self.action is None


@dataclass
class InboxFile:
    path: Path
    shown: str
    candidates: list[Candidate]

    def save(self) -> None:
        day = self.path.stem
        body = dump_yaml({"candidates": [candidate.to_yaml_data() for candidate in self.candidates]})
        write_bytes_atomic(self.path, (_HEADER.format(day=day) + body).encode("utf-8"))

    def replace(self, updated: Candidate) -> None:
        self.candidates = [updated if candidate.id == updated.id else candidate for candidate in self.candidates]


def inbox_dir(social_dir: Path) -> Path:
    return social_dir / INBOX_DIR


def day_file(social_dir: Path, moment: datetime) -> Path:
    return inbox_dir(social_dir) / f"{moment.astimezone(JST).date().isoformat()}.yml"


def load_inbox(social_dir: Path, shown_dir: str) -> tuple[list[InboxFile], list[Problem]]:
    """Every inbox file, oldest first; problems name file and line."""
    directory = inbox_dir(social_dir)
    files, problems = [], []
    paths = sorted(directory.glob("*.yml")) if directory.is_dir() else []
    for path in paths:
        shown = f"{shown_dir}/{INBOX_DIR}/{path.name}"
        inbox, file_problems = load_inbox_file(path, shown)
        problems += file_problems
        files.append(inbox)
    return files, problems


def load_inbox_file(path: Path, shown: str) -> tuple[InboxFile, list[Problem]]:
    if not path.exists():
        return InboxFile(path, shown, []), []
    try:
        text = decode_source(path.read_bytes(), shown)
        loaded = load_yaml(text)
    except SourceError as error:
        return InboxFile(path, shown, []), [error.problem]
    except YamlError as error:
        return InboxFile(path, shown, []), [Problem(shown, str(error), error.line)]
    data = loaded.data
    if data is None:
        return InboxFile(path, shown, []), []
    if not isinstance(data, dict) or not isinstance(data.get("candidates"), list):
        return InboxFile(path, shown, []), [Problem(shown, "candidates: の下に候補が並ぶ形のはずです。git diff で壊れたところを確かめて直してください", 1)]
    lines = list_item_lines(text, "candidates")
    candidates, problems = [], []
    for index, item in enumerate(data["candidates"]):
        item_lines = lines[index] if index < len(lines) else {"": 1}
        candidate, item_problems = _read_candidate(item, item_lines, shown)
        problems += item_problems
        if candidate is not None:
            candidates.append(candidate)
    return InboxFile(path, shown, candidates), problems


_TEXT_KEYS = ("title", "source", "summary", "suggested")
_OPTIONAL_KEYS = ("published", "comment", "queued")


def _read_candidate(item, lines: dict[str, int], shown: str) -> tuple[Candidate | None, list[Problem]]:
    start = lines.get("", 1)
    if not isinstance(item, dict) or not all(isinstance(item.get(key), str) and item[key] for key in ("id", "url")):
        return None, [Problem(shown, "候補には id: と url: が必要です。消してしまった場合は git diff で元に戻してください", start)]
    problems = []
    action = item.get("action")
    if action is not None and action not in ACTIONS:
        problems.append(Problem(shown, f"action '{action}' は使えません。post・repost・quote・drop のどれかを書くか、空のままにしてください", lines.get("action", start)))
        action = None
    texts = {key: str(item.get(key) or "") for key in _TEXT_KEYS}
    optional = {key: (None if item.get(key) is None else str(item[key])) for key in _OPTIONAL_KEYS}
    candidate = Candidate(id=item["id"], url=item["url"], action=action, line=start, path=shown, key_lines=lines, **texts, **optional)
    return candidate, problems


def find_candidate(files: list[InboxFile], candidate_id: str) -> tuple[InboxFile, Candidate] | None:
    for inbox in reversed(files):
        for candidate in inbox.candidates:
            if candidate.id == candidate_id:
                return inbox, candidate
    return None


def decided(candidate: Candidate, action: str, comment: str | None, queued: str | None) -> Candidate:
    return replace(candidate, action=action, comment=comment, queued=queued)
