"""How the publish command shows its plan and results: Japanese text or JSON lines."""

from __future__ import annotations

import json
from typing import TextIO

from .ledger import DONE, DUPLICATE, NOT_POSTED, PENDING, REJECTED, LedgerRecord
from .plan import POST, QUOTE, REPOST, PlannedPost, Skipped
from .poster import Result
from .statusurl import canonical_status_url
from .textfit import MAX_WEIGHTED_LENGTH

KIND_LABELS = {POST: "告知", QUOTE: "引用", REPOST: "リポスト"}
STATUS_LABELS = {
    DONE: "投稿しました",
    DUPLICATE: "重複のため X に拒否されました (再投稿しません)",
    REJECTED: "X に拒否されました (再投稿しません)",
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
            "network": "x",
            "kind": result.kind,
            "id": result.source_id,
            "source": result.file,
            "status": result.status,
            "remote_id": result.remote_id,
            "note": result.note,
            "reconciled": result.reconciled,
        }
        out.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
        return
    label = STATUS_LABELS.get(result.status, result.status)
    where = f" → {status_address(result)}" if result.status == DONE and result.remote_id else ""
    checked = "前回分を確認: " if result.reconciled else ""
    note = f" [{result.note}]" if result.note and result.status != DONE else ""
    out.write(f"{checked}{label}: {KIND_LABELS.get(result.kind, result.kind)} {result.file or result.source_id}{where}{note}\n")
    out.flush()


def status_address(result: Result) -> str:
    return canonical_status_url(result.remote_id)


def print_summary(results: list[Result], out: TextIO) -> None:
    if not results:
        out.write("投稿するものはありませんでした\n")
        return
    counts = {status: sum(1 for result in results if result.status == status) for status in STATUS_LABELS}
    parts = [f"{label.split(' (')[0]} {counts[status]} 件" for status, label in STATUS_LABELS.items() if counts[status]]
    out.write("結果: " + "、".join(parts) + "\n")
