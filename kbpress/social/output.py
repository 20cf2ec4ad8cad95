"""How the publish command shows its plan and results: Japanese text or JSON lines."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TextIO

from ..model import Problem
from .ledger import DONE, DUPLICATE, NOT_POSTED, PENDING, REJECTED, LedgerRecord
from .plan import POST, QUOTE, REPOST, PlannedPost, Skipped
from .poster import Result
from .statusurl import canonical_status_url
from .textfit import MAX_WEIGHTED_LENGTH

KIND_LABELS = {POST: "告知", QUOTE: "引用", REPOST: "リポスト"}
STATUS_LABELS = {
    DONE: "投稿しました",
    DUPLICATE: "重複のため X に拒否されました (再投稿しません)",
    REJECTED: "X に拒否されました (確認が必要です。再投稿しません)",
    NOT_POSTED: "投稿されていません (次回また投稿します)",
    PENDING: "投稿されたか不明です (次回 X で確かめます)",
}


def print_plan(
    posts: list[PlannedPost],
    *,
    held_back: int,
    skipped: list[Skipped],
    pending: list[LedgerRecord],
    fmt: str,
    out: TextIO,
    err: TextIO,
) -> None:
    """The dry run: what ``--post`` would send now, and what waits."""
    if fmt == "json":
        for post in posts:
            out.write(json.dumps(post.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
        notes = err
    else:
        out.write(f"投稿予定 {len(posts)} 件 (ドライラン: 何も投稿していません。投稿するには --post を付けます)\n")
        for number, post in enumerate(posts, start=1):
            _print_post(number, post, out)
        notes = out
    if held_back:
        notes.write(f"--limit により {held_back} 件は次回以降に回します\n")
    for record in pending:
        notes.write(f"確認待ち: {record.file or record.source} は前回の実行で投稿されたか不明です。--post の最初に X で確かめます\n")
    for item in skipped:
        notes.write(f"保留: {item.source_path}: {item.reason}\n")


def _print_post(number: int, post: PlannedPost, out: TextIO) -> None:
    out.write(f"\n[{number}] {KIND_LABELS[post.kind]} ({post.kind})  {post.source_path}\n")
    out.write(f"    対象: {post.target}\n")
    if post.text is None:
        out.write("    本文: なし (そのままリポストします)\n")
        return
    note = " (要約を短縮しました)" if post.shortened else ""
    out.write(f"    文字数: {post.weighted_length}/{MAX_WEIGHTED_LENGTH}{note}\n")
    for line in post.text.split("\n"):
        out.write(f"    | {line}\n")


def print_result(result: Result, *, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        data = {
            "type": "result",
            "network": "x",
            "kind": result.kind,
            "id": result.source_id,
            "source": result.file,
            "status": result.status,
            "remote_id": result.remote_id,
            "note": result.note,
            "reconciled": result.reconciled,
            "attention": result.attention,
        }
        out.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
        return
    label = STATUS_LABELS.get(result.status, result.status)
    where = f" → {status_address(result)}" if result.status == DONE and result.remote_id else ""
    checked = "前回分を確認: " if result.reconciled else ""
    note = f" [{result.note}]" if result.note else ""
    out.write(f"{checked}{label}: {KIND_LABELS.get(result.kind, result.kind)} {result.file or result.source_id}{where}{note}\n")
    out.flush()


def status_address(result: Result) -> str:
    return canonical_status_url(result.remote_id)


@dataclass(frozen=True)
class Summary:
    """What a ``--post`` run did, per post (the last outcome of each), and what needs a person."""

    outcomes: dict[str, Result]  # source id -> its last result in this run
    stopped: str | None  # why the run stopped early
    stalled: list[LedgerRecord]
    skipped_files: list[Problem]  # queue files that could not be read
    exit_code: int

    @property
    def counts(self) -> dict[str, int]:
        counts = {status: 0 for status in STATUS_LABELS}
        for result in self.outcomes.values():
            counts[result.status] = counts.get(result.status, 0) + 1
        return counts

    @property
    def found_on_x(self) -> int:
        """Posts of an earlier run found on X now (counted under "done" as well)."""
        return sum(1 for r in self.outcomes.values() if r.status == DONE and r.reconciled)

    def to_json(self) -> dict:
        return {
            "counts": self.counts,
            "found_on_x": self.found_on_x,
            "stopped": self.stopped,
            "attention": [{"source": what, "reason": why} for what, why in self.attention()],
            "exit_code": self.exit_code,
        }

    def attention(self) -> list[tuple[str, str]]:
        """(what, why) for each thing a person has to look at."""
        stalled = {record.source for record in self.stalled}
        items = [
            (record.file or record.source, f"{_stalled_reason(record, self.outcomes.get(record.source))}")
            for record in self.stalled
        ]
        items += [
            (result.file or result.source_id, result.note or STATUS_LABELS.get(result.status, result.status))
            for result in self.outcomes.values()
            if result.attention and result.source_id not in stalled
        ]
        items += [(problem.path, f"読めないため投稿しませんでした: {problem.message}") for problem in self.skipped_files]
        return items


def _stalled_reason(record: LedgerRecord, result: Result | None) -> str:
    why = f" ({result.note})" if result and result.note else ""
    return (
        f"{record.time} に送信してから投稿されたか確かめられていません{why}。"
        "X で確かめて kbpress social resolve で記録してください"
    )


def print_summary(summary: Summary, *, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(json.dumps({"type": "summary", **summary.to_json()}, ensure_ascii=False, sort_keys=True) + "\n")
        return
    counts = summary.counts
    if not any(counts.values()) and not summary.stopped and not summary.attention():
        out.write("投稿するものはありませんでした\n")
        return
    parts = [f"{label.split(' (')[0]} {counts[status]} 件" for status, label in STATUS_LABELS.items() if counts.get(status)]
    line = "結果: " + ("、".join(parts) if parts else "投稿なし")
    if summary.found_on_x:
        line += f" (うち前回の実行の分を X で確認 {summary.found_on_x} 件)"
    if summary.stopped:
        line += "。途中で中断しました"
    out.write(line + "\n")
    for what, why in summary.attention():
        out.write(f"要対応: {what}: {why}\n")
