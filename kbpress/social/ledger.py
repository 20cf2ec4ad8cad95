"""The ledger: what was posted, so every item is posted exactly once.

``social/ledger.jsonl`` holds one JSON object per line and is only ever
appended to. Before an API call a ``pending`` record is written and
flushed to disk; after it, the outcome. A ``pending`` record that has no
outcome means the run stopped in between: the next run looks the post up
on X before doing anything else. The last record of a source decides its
state. A damaged file stops the run: resetting it could post everything
again.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

from ..model import KbpressError, Problem

PENDING = "pending"
DONE = "done"
DUPLICATE = "duplicate"  # X refused it as a duplicate: never retried
REJECTED = "rejected"  # X refused this post as written (e.g. the original post is gone): a person decides
NOT_POSTED = "not_posted"  # known not to exist on X (rate limit, reconciliation): may be posted again
STATUSES = (PENDING, DONE, DUPLICATE, REJECTED, NOT_POSTED)
FINAL_STATUSES = (DONE, DUPLICATE, REJECTED)
_REQUIRED = ("source", "hash", "network", "kind", "status", "time")


@dataclass(frozen=True)
class LedgerRecord:
    source: str  # source id, e.g. "page:articles/backup-basics/@2025-06-01" or "queue:npa-warning"
    hash: str  # content hash of what was (to be) posted
    network: str  # "x"
    kind: str  # "post", "quote" or "repost"
    status: str
    time: str  # ISO 8601 in JST
    remote_id: str | None = None  # id of our post on X (for a repost: the reposted post)
    target: str | None = None  # page URL, or the URL of the quoted / reposted post
    text: str | None = None
    file: str | None = None  # the source file, for people reading the ledger
    note: str | None = None  # why, for anything but "done"

    def to_line(self) -> str:
        data = {key: value for key, value in asdict(self).items() if value is not None}
        return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"

    def with_status(self, status: str, time: str, remote_id: str | None = None, note: str | None = None):
        return replace(self, status=status, time=time, remote_id=remote_id, note=note)


class Ledger:
    """The records of ``path``; :meth:`append` makes each one durable before returning."""

    def __init__(self, path: Path, shown: str, records: list[LedgerRecord]):
        self.path = path
        self.shown = shown
        self.records = records
        # Redaction of every line written (set while posting): a note quoting
        # X's answer must never carry a credential into the committed file.
        self.clean: Callable[[str], str] = lambda line: line
        self._latest: dict[tuple[str, str], LedgerRecord] = {}
        for record in records:
            self._latest[(record.source, record.network)] = record

    @classmethod
    def load(cls, path: Path, shown: str) -> Ledger:
        """Read and validate the whole file; raise :class:`KbpressError` naming the damaged line."""
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls(path, shown, [])
        records = []
        lines = raw.split(b"\n")
        last = max((number for number, line in enumerate(lines, start=1) if line.strip()), default=0)
        for number, line in enumerate(lines, start=1):
            if line.strip():
                records.append(_parse_line(line, number, shown, is_last=number == last))
        return cls(path, shown, records)

    def latest(self, source: str, network: str) -> LedgerRecord | None:
        return self._latest.get((source, network))

    def is_settled(self, source: str, network: str) -> bool:
        """Posted, or refused for good: never to be attempted again."""
        record = self.latest(source, network)
        return record is not None and record.status in FINAL_STATUSES

    def pending_since(self, source: str, network: str) -> str | None:
        """When the current unknown outcome began: the first of the trailing ``pending`` records of a source."""
        since = None
        for record in reversed(self.records):
            if (record.source, record.network) != (source, network):
                continue
            if record.status != PENDING:
                break
            since = record.time
        return since

    def pending(self, network: str) -> list[LedgerRecord]:
        return [
            record for (source, net), record in self._latest.items() if net == network and record.status == PENDING
        ]

    def append(self, record: LedgerRecord) -> None:
        """Append one line and fsync it, so a crash right after still leaves it on disk."""
        created = not self.path.exists()
        with open(self.path, "ab") as stream:
            if stream.tell() > 0 and not _ends_with_newline(self.path):
                stream.write(b"\n")  # a hand edit removed the final newline
            stream.write(self.clean(record.to_line()).encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        if created:
            _fsync_directory(self.path.parent)
        self.records.append(record)
        self._latest[(record.source, record.network)] = record


def _parse_line(line: bytes, number: int, shown: str, is_last: bool) -> LedgerRecord:
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise KbpressError(Problem(shown, _damage_message("JSON として読めません", is_last), number)) from None
    if not isinstance(data, dict):
        raise KbpressError(Problem(shown, _damage_message("1 行に 1 つの JSON オブジェクトではありません", is_last), number))
    missing = [key for key in _REQUIRED if not isinstance(data.get(key), str)]
    if missing:
        raise KbpressError(Problem(shown, _damage_message(f"{', '.join(missing)} がありません", is_last), number))
    if data["status"] not in STATUSES:
        raise KbpressError(Problem(shown, _damage_message(f"status '{data['status']}' は不明な値です", is_last), number))
    known = {key: data.get(key) for key in LedgerRecord.__dataclass_fields__}
    return LedgerRecord(**known)


def _damage_message(what: str, is_last: bool) -> str:
    cause = "直前の実行が書き込み中に中断された可能性があります。" if is_last else "手作業の編集か git のマージで壊れた可能性があります。"
    return (
        f"投稿台帳が壊れています ({what})。{cause}"
        "安全のため投稿を止めました。台帳を消したり作り直したりしないでください (すべてが再投稿されます)。"
        "git log -p でこの行の正しい内容を確かめて直すか、X のアカウントで該当の投稿の有無を確かめてから、"
        "この行を削除して再実行してください"
    )


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as stream:
        stream.seek(-1, os.SEEK_END)
        return stream.read(1) == b"\n"


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def ledger_lock(lock_path: Path, shown: str) -> Iterator[None]:
    """Hold an exclusive lock for the whole run; a second run fails at once instead of waiting."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise KbpressError(
                    Problem(
                        shown,
                        "別の publish が実行中です (台帳がロックされています)。終わるのを待ってから実行してください。"
                        "実行中のものがないのに続く場合は、そのプロセスが残っていないか確かめてください",
                    )
                ) from None
            raise
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
