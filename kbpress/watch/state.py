"""``social/watch-state.json``: what each source said last time, for conditional requests.

Committed with the inbox, so the scheduled job (a fresh checkout each
time) still asks only for what changed. Feeds keep their ETag and
Last-Modified, X sources the newest post id seen.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..atomic import write_bytes_atomic
from .client import Validators

STATE_NAME = "watch-state.json"


class WatchState:
    def __init__(self, path: Path, sources: dict[str, dict]):
        self.path = path
        self.sources = sources

    @classmethod
    def load(cls, path: Path) -> WatchState:
        """The saved state; a missing or damaged file only means full requests this once."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return cls(path, {})
        sources = data.get("sources") if isinstance(data, dict) else None
        return cls(path, {key: value for key, value in (sources or {}).items() if isinstance(value, dict)})

    def validators(self, key: str) -> Validators:
        entry = self.sources.get(key, {})
        return Validators(entry.get("etag"), entry.get("last_modified"))

    def since_id(self, key: str) -> str | None:
        return self.sources.get(key, {}).get("since_id")

    def remember_validators(self, key: str, validators: Validators) -> None:
        entry = {"etag": validators.etag, "last_modified": validators.last_modified}
        self.sources[key] = {name: value for name, value in entry.items() if value}

    def remember_since_id(self, key: str, since_id: str | None) -> None:
        if since_id:
            self.sources[key] = {"since_id": since_id}

    def save(self) -> None:
        text = json.dumps({"sources": self.sources}, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
        write_bytes_atomic(self.path, text.encode("utf-8"))
