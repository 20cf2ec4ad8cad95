"""What to post now: eligible page announcements and queue entries, oldest first.

Only what readers can already see is announced: not a draft, not dated in
the future, and present in the built site.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..model import JST, Kind, Page, Problem, is_published
from .compose import CompositionError, compose_page_post
from .ledger import Ledger
from .queue import QueueEntry
from .textfit import weighted_length

NETWORK = "x"
POST, QUOTE, REPOST = "post", "quote", "repost"
_NO_DATE = datetime(1970, 1, 1, tzinfo=JST)
_QUEUE_KINDS = {"quote": QUOTE, "repost": REPOST, "post": POST}  # a queue post: a web page under our comment


@dataclass(frozen=True)
class PlannedPost:
    source_id: str  # the ledger key
    kind: str  # POST, QUOTE or REPOST
    text: str | None  # None for a repost
    target: str  # the page URL, or the URL of the post to quote / repost
    target_id: str | None  # X's id of the post to quote / repost
    source_path: str  # the file it comes from, as the user knows it
    due: datetime | None  # when it became eligible; None for undated queue entries
    network: str = NETWORK
    shortened: bool = False

    @property
    def weighted_length(self) -> int:
        return weighted_length(self.text) if self.text else 0

    @property
    def content_hash(self) -> str:
        content = {"network": self.network, "kind": self.kind, "text": self.text, "target": self.target}
        digest = hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        return "sha256:" + digest.hexdigest()

    def to_json(self) -> dict:
        return {
            "network": self.network,
            "kind": self.kind,
            "id": self.source_id,
            "text": self.text,
            "weighted_length": self.weighted_length,
            "target": self.target,
            "source": self.source_path,
            "due": self.due.isoformat() if self.due else None,
            "shortened": self.shortened,
        }


@dataclass(frozen=True)
class Skipped:
    source_path: str
    reason: str


def page_source_id(page: Page) -> str:
    """Topics are announced once; other pages again whenever ``updated`` changes."""
    updated = page.meta.updated
    if page.kind is Kind.TOPIC or updated is None:
        return f"page:{page.url}"
    return f"page:{page.url}@{updated.astimezone(JST).date().isoformat()}"


def page_due(page: Page) -> datetime | None:
    """When the announcement becomes due: a topic's date, otherwise the last update."""
    meta = page.meta
    return meta.date if meta.kind is Kind.TOPIC else meta.updated or meta.date


def absolute_page_url(site_url: str, page: Page) -> str:
    return site_url.rstrip("/") + "/" + page.url


def plan_page_posts(
    pages: list[Page], *, site_url: str, site_dir: Path, now: datetime, shown: dict[str, str]
) -> tuple[list[PlannedPost], list[Skipped], list[Problem]]:
    """Announcements of the pages that opted in with ``social: {post: true}``."""
    planned, skipped, problems = [], [], []
    for page in pages:
        social = page.meta.social
        if page.generated or social is None or not social.post:
            continue
        path = shown.get(page.src_path, page.src_path)
        reason = _page_not_ready(page, site_dir, now)
        if reason:
            skipped.append(Skipped(path, reason))
            continue
        try:
            composed = compose_page_post(page.meta, absolute_page_url(site_url, page))
        except CompositionError as error:
            problems.append(Problem(path, str(error)))
            continue
        planned.append(
            PlannedPost(
                source_id=page_source_id(page),
                kind=POST,
                text=composed.text,
                target=absolute_page_url(site_url, page),
                target_id=None,
                source_path=path,
                due=page_due(page),
                shortened=composed.shortened,
            )
        )
    return planned, skipped, problems


def _page_not_ready(page: Page, site_dir: Path, now: datetime) -> str | None:
    meta = page.meta
    if meta.draft:
        return "下書き (draft: true) のため告知しません"
    if not is_published(meta, now):
        return f"公開日時 {meta.date.isoformat()} より前のため告知を待っています"
    due = page_due(page)
    if due and due > now:
        return f"更新日 {due.date().isoformat()} より前のため告知を待っています"
    if not (site_dir / page.url / "index.html").is_file():
        return f"ビルド済みサイトに /{page.url} がないため告知しません (サイトを再ビルドしてから実行してください)"
    return None


def plan_queue_posts(entries: list[QueueEntry], *, now: datetime) -> tuple[list[PlannedPost], list[Skipped]]:
    planned, skipped = [], []
    for entry in entries:
        if entry.not_before and entry.not_before > now:
            skipped.append(Skipped(entry.path, f"date {entry.not_before.isoformat()} より前のため待っています"))
            continue
        planned.append(
            PlannedPost(
                source_id=f"queue:{entry.id}",
                kind=_QUEUE_KINDS[entry.type],
                text=f"{entry.comment}\n{entry.url}" if entry.type == "post" else entry.comment,
                target=entry.url,
                target_id=entry.status_id or None,
                source_path=entry.path,
                due=entry.not_before,
            )
        )
    return planned, skipped


def unsettled(planned: list[PlannedPost], ledger: Ledger) -> list[PlannedPost]:
    """The planned posts the ledger has no final outcome for, oldest first."""
    remaining = [post for post in planned if not ledger.is_settled(post.source_id, post.network)]
    return sorted(remaining, key=lambda post: (post.due or _NO_DATE, post.source_id))
