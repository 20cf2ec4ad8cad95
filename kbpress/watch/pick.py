"""From a candidate to a queue item: ``kbpress social pick`` / ``drop`` and decisions typed in the inbox.

A picked candidate becomes an ordinary queue file (``social/watch-<id>.yml``)
checked by the queue's own rules before it is written, so a comment that
is too long is refused at once, not on posting day. The inbox records the
decision and the queue file; the ledger keys the post by the queue id, so
the same candidate is posted once however it was picked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_bytes_atomic
from ..model import KbpressError, Problem
from ..social.queue import QueueEntry, load_queue_file
from ..social.statusurl import parse_status_url
from ..social.textfit import normalize_text
from .inbox import Candidate, InboxFile, decided, find_candidate, load_inbox
from .yamllines import dump_yaml

QUEUE_PREFIX = "watch-"
POSTABLE = ("post", "repost", "quote")


@dataclass(frozen=True)
class Picked:
    candidate: Candidate
    entry: QueueEntry
    file: str  # the queue file, as shown

    def to_json(self) -> dict:
        from ..social.textfit import weighted_length

        text = queue_text(self.entry)
        return {
            "id": self.candidate.id,
            "queue_id": self.entry.id,
            "file": self.file,
            "kind": self.entry.type,
            "url": self.entry.url,
            "text": text,
            "weighted_length": weighted_length(text) if text else 0,
        }


def queue_text(entry: QueueEntry) -> str | None:
    """What will be posted: the comment with the page URL for a post, the comment for a quote."""
    if entry.type == "post":
        return f"{entry.comment}\n{entry.url}"
    return entry.comment


def pick(social_dir: Path, shown_dir: str, candidate_id: str, action: str, comment: str | None) -> Picked:
    """Write the queue item for ``candidate_id`` and record the decision; raises KbpressError."""
    files = _inbox(social_dir, shown_dir)
    inbox, candidate = _find(files, candidate_id)
    if candidate.queued:
        raise KbpressError(Problem(candidate.path, f"候補 {candidate_id} はすでに {candidate.queued} になっています。変えるにはそのファイルを直してください", candidate.line))
    entry, raw = queue_item(candidate, action, comment)
    queue_path = social_dir / f"{entry.id}.yml"
    if queue_path.exists():
        raise KbpressError(Problem(entry.path, "同じ名前の投稿キューのファイルがすでにあります。内容を確かめてください"))
    write_bytes_atomic(queue_path, raw)
    inbox.replace(decided(candidate, action, entry.comment, entry.path))
    inbox.save()
    return Picked(candidate, entry, entry.path)


def drop(social_dir: Path, shown_dir: str, candidate_id: str) -> Candidate:
    files = _inbox(social_dir, shown_dir)
    inbox, candidate = _find(files, candidate_id)
    if candidate.queued:
        raise KbpressError(Problem(candidate.path, f"候補 {candidate_id} はすでに {candidate.queued} になっています。取りやめるにはそのファイルを削除してください", candidate.line))
    updated = decided(candidate, "drop", candidate.comment, None)
    inbox.replace(updated)
    inbox.save()
    return updated


def queue_item(candidate: Candidate, action: str, comment: str | None) -> tuple[QueueEntry, bytes]:
    """The queue file for a decision, validated like any queue file; raises KbpressError naming the problem."""
    def problem(key: str, message: str) -> KbpressError:
        return KbpressError(Problem(candidate.path, message, candidate.line_of(key)))

    if action not in POSTABLE:
        raise problem("action", f"action は {'・'.join(POSTABLE)} のどれかです")
    is_x_post = parse_status_url(candidate.url) is not None
    if action in ("repost", "quote") and not is_x_post:
        raise problem("action", f"{candidate.url} は X の投稿ではないので {action} できません。post (URL を付けて投稿) にしてください")
    if action == "repost" and comment:
        raise problem("comment", "repost にはコメントを付けられません。コメントを付けるなら quote にしてください")
    if action == "quote" and not (comment or "").strip():
        raise problem("comment", "quote には引用に添える文章が必要です (--comment で指定するか、inbox の comment: に書いてください)")
    text = normalize_text(comment) if comment and comment.strip() else (candidate.title if action == "post" else None)
    shown = f"{Path(candidate.path).parent.parent.as_posix()}/{QUEUE_PREFIX}{candidate.id}.yml"
    raw = _queue_yaml(candidate, action, text)
    entry, problems = load_queue_file(raw, shown)
    if problems or entry is None:
        raise KbpressError([Problem(candidate.path, f"{candidate.id}: {p.message}", candidate.line_of("comment")) for p in problems])
    return entry, raw


def _queue_yaml(candidate: Candidate, action: str, text: str | None) -> bytes:
    data = {"id": f"{QUEUE_PREFIX}{candidate.id}", "type": action, "url": candidate.url}
    if text is not None:
        data["comment"] = text
    data["memo"] = f"{candidate.source}: {candidate.title}"
    header = f"# kbpress watch の候補 {candidate.id} ({candidate.path}) から作りました。\n"
    return (header + dump_yaml(data)).encode("utf-8")


def decided_in_inbox(social_dir: Path, shown_dir: str) -> tuple[list[tuple[InboxFile, Candidate, QueueEntry, bytes]], list[Problem]]:
    """Decisions typed into inbox files (``action:``) that have no queue item yet, validated."""
    files, problems = load_inbox(social_dir, shown_dir)
    found = []
    for inbox in files:
        for candidate in inbox.candidates:
            if candidate.action not in POSTABLE or candidate.queued:
                continue
            if (social_dir / f"{QUEUE_PREFIX}{candidate.id}.yml").exists():
                continue  # its queue file exists already (the inbox edit was not committed): the queue has it
            try:
                entry, raw = queue_item(candidate, candidate.action, candidate.comment)
            except KbpressError as error:
                problems += error.problems
                continue
            found.append((inbox, candidate, entry, raw))
    return found, problems


def queue_inbox_decisions(social_dir: Path, shown_dir: str) -> list[QueueEntry]:
    """Write the queue items of the inbox decisions and mark them queued (``kbpress publish --post``)."""
    found, problems = decided_in_inbox(social_dir, shown_dir)
    if problems:
        raise KbpressError(problems)
    for inbox, candidate, entry, raw in found:
        write_bytes_atomic(social_dir / f"{entry.id}.yml", raw)
        inbox.replace(decided(candidate, candidate.action, entry.comment, entry.path))
        inbox.save()
    return [entry for _inbox, _candidate, entry, _raw in found]


def _inbox(social_dir: Path, shown_dir: str) -> list[InboxFile]:
    files, problems = load_inbox(social_dir, shown_dir)
    if problems:
        raise KbpressError(problems)
    return files


def _find(files: list[InboxFile], candidate_id: str) -> tuple[InboxFile, Candidate]:
    found = find_candidate(files, candidate_id)
    if found is None:
        raise KbpressError(Problem("", f"候補 {candidate_id} が social/inbox/ にありません。id を確かめてください (kbpress watch の出力か inbox のファイルにあります)"))
    return found

