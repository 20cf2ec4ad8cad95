"""``social/sources.yml``: where ``kbpress watch`` looks for news.

::

    sources:
      - name: JPCERT/CC 注意喚起
        url: https://www.jpcert.or.jp/rss/jpcert.rdf     # a feed: RSS 1.0/2.0, Atom or JSON Feed
        include: [脆弱性, 注意喚起]                         # optional: keep items naming any of these
        exclude: [セミナー]                                # optional: drop items naming any of these
      - name: セキュリティ関係者リスト
        x_list: "1790000000000000000"                    # or x_user: example_account

Every problem names the file and the line of the offending key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..model import Problem
from ..sources import SourceError, decode_source
from ..yamlload import YamlError, load_yaml
from ..yamlload import list_item_lines

SOURCES_NAME = "sources.yml"
DEFAULT_MAX_AGE_DAYS = 7  # older items are not news any more
FEED, X_LIST, X_USER = "url", "x_list", "x_user"
_LOCATIONS = (FEED, X_LIST, X_USER)
_KEYS = {"name", *_LOCATIONS, "include", "exclude"}
_X_USER_RE = re.compile(r"^@?[A-Za-z0-9_]{1,15}$")


@dataclass(frozen=True)
class Source:
    name: str
    kind: str  # FEED, X_LIST or X_USER
    location: str  # the feed URL, the list id or the account name
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    line: int = 1  # where it is written, for messages

    @property
    def state_key(self) -> str:
        """What the watch state remembers this source by: moving a source keeps its state."""
        return self.location if self.kind == FEED else f"{self.kind}:{self.location}"

    def wants(self, text: str) -> bool:
        """The keyword filters: any include word (when given) and no exclude word, ignoring case."""
        folded = text.casefold()
        if self.include and not any(word.casefold() in folded for word in self.include):
            return False
        return not any(word.casefold() in folded for word in self.exclude)


def load_sources(path: Path, shown: str) -> tuple[list[Source], list[Problem]]:
    """The sources of ``path`` (none when the file is missing), validated."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], []
    try:
        text = decode_source(raw, shown)
        loaded = load_yaml(text)
    except SourceError as error:
        return [], [error.problem]
    except YamlError as error:
        return [], [Problem(shown, str(error), error.line)]
    data = loaded.data
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        line = loaded.key_lines.get("sources", 1)
        return [], [Problem(shown, "sources: の下に「- name: ...」の形で情報源を並べてください", line)]
    lines = list_item_lines(text, "sources")
    sources: list[Source] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data["sources"]):
        item_lines = lines[index] if index < len(lines) else {}
        source, item_problems = _read_source(item, item_lines, shown)
        problems += item_problems
        name = str(item.get("name", "")).strip() if isinstance(item, dict) else ""
        if name in seen:
            line = item_lines.get("name", 1)
            problems.append(Problem(shown, f"name '{name}' は {seen[name]} 行目と重複しています。別の名前にしてください", line))
            continue
        if name:
            seen[name] = item_lines.get("name", 1)
        if source is not None:
            sources.append(source)
    return sources, problems


def _read_source(item, lines: dict[str, int], shown: str) -> tuple[Source | None, list[Problem]]:
    start = lines.get("", 1)
    if not isinstance(item, dict):
        return None, [Problem(shown, "情報源は「name: 名前」と「url: フィードの URL」(または x_list: / x_user:) の組で書いてください", start)]
    problems: list[Problem] = []

    def error(key: str | None, message: str) -> None:
        problems.append(Problem(shown, message, lines.get(key, start) if key else start))

    for key in item:
        if key not in _KEYS:
            error(str(key), f"未知のキー '{key}' です。使えるキー: {', '.join(sorted(_KEYS))}")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        error("name" if "name" in item else None, "name: に情報源の名前を書いてください (例: name: JPCERT/CC 注意喚起)")
    kind, location = _read_location(item, error)
    include = _read_words(item, "include", error)
    exclude = _read_words(item, "exclude", error)
    if problems:
        return None, problems
    return Source(name.strip(), kind, location, include, exclude, start), []


def _read_location(item: dict, error) -> tuple[str, str]:
    given = [key for key in _LOCATIONS if key in item]
    if len(given) != 1:
        what = "どれもありません" if not given else f"{' と '.join(given)} が両方書かれています"
        error(given[-1] if given else None, f"url: (フィード)、x_list: (X のリスト)、x_user: (X のアカウント) のどれか一つを書いてください。{what}")
        return "", ""
    kind = given[0]
    value = item[kind]
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if kind == FEED and not re.match(r"^https?://[^\s/]+", text):
        error(kind, f"url '{value}' はフィードの URL ではありません。http:// か https:// で始まる URL を書いてください")
    elif kind == X_LIST and not text.isdigit():
        error(kind, f"x_list '{value}' はリストの番号ではありません。リストの URL (x.com/i/lists/番号) の数字を書いてください")
    elif kind == X_USER and not _X_USER_RE.match(text):
        error(kind, f"x_user '{value}' はアカウント名ではありません。@ の後の半角英数字を書いてください (例: x_user: example_account)")
    return kind, text.lstrip("@")


def _read_words(item: dict, key: str, error) -> tuple[str, ...]:
    value = item.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(word, (str, int)) and str(word).strip() for word in value):
        error(key, f"{key}: には語句をリストで書いてください (例: {key}: [ランサムウェア, 脆弱性])")
        return ()
    return tuple(str(word).strip() for word in value)
