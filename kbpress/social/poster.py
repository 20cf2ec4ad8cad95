"""Posting with the ledger: exactly once, no silent stalls, clear stops.

Order of work for one post: write ``pending`` (fsynced), call the API,
write the outcome. When the outcome of a call is unknown (server error,
timeout, dropped connection, crash) the post is looked up on the account's
timeline; until it is found there, or shown absent once X's timeline has
had time to catch up (``settle_seconds``, on a later run), it is never
sent again: X does not always refuse a duplicate.

A refusal is read by its meaning (:mod:`.problems`): done already, a
duplicate, rejected for a person to look at (later posts continue), or a
stop for the whole run (authentication, permissions).
"""

from __future__ import annotations

import time as time_module
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

import requests
import tweepy

from ..model import JST
from .ledger import DONE, DUPLICATE, NOT_POSTED, PENDING, REJECTED, Ledger, LedgerRecord
from .lookup import Found, Lookup, LookupFailed
from .match import EXACT, NEAR, Sent
from .plan import NETWORK, QUOTE, REPOST, PlannedPost
from .problems import ALREADY, DUPLICATE as DUPLICATE_PROBLEM, REJECTED as REJECTED_PROBLEM, STOP
from .problems import classify, problem_of
from .xapi import ClientSettings, UnreadableAnswer, describe_error, is_unsent, rate_limit_of

EXIT_OK, EXIT_ERROR, EXIT_TEMPFAIL = 0, 1, 75
RESOLVE_HINT = "X で確かめてから kbpress social resolve で記録してください"


class StopRun(Exception):
    """Posting must stop now; what has not been sent stays queued for the next run."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Result:
    source_id: str
    file: str | None
    kind: str
    status: str  # a ledger status; "pending" when the outcome is still unknown
    remote_id: str | None = None
    note: str | None = None
    reconciled: bool = False  # the outcome of an earlier run, settled now
    attention: bool = False  # a person has to look at it


class Publisher:
    def __init__(
        self,
        client: tweepy.Client,
        user_id: str,
        ledger: Ledger,
        settings: ClientSettings,
        *,
        on_result: Callable[[Result], None],
        clean: Callable[[str], str] = lambda text: text,
        clock: Callable[[], datetime] = lambda: datetime.now(JST),
        sleep: Callable[[float], None] = time_module.sleep,
    ):
        self.client = client
        self.ledger = ledger
        self.settings = settings
        self.on_result = on_result
        self.clean = clean
        self.clock = clock
        self.sleep = sleep
        self.lookup = Lookup(client, user_id, clean)
        self.unknown_in_row = 0  # unknown outcomes (or unplaceable refusals) one after the other

    def run(self, posts: list[PlannedPost], limit: int | None) -> None:
        """Reconcile leftovers, then post up to ``limit`` items. Raises :class:`StopRun` to stop early."""
        self.reconcile_pending()
        attempted = 0
        for post in posts:
            latest = self.ledger.latest(post.source_id, post.network)
            if latest is not None and latest.status in (DONE, DUPLICATE, REJECTED, PENDING):
                continue  # settled, or its outcome is still being found out
            if limit is not None and attempted >= limit:
                break
            attempted += 1
            self.publish_one(post)

    def stalled(self) -> list[LedgerRecord]:
        """Posts whose outcome has been unknown for longer than ``stall_hours``."""
        limit = self.clock() - timedelta(hours=self.settings.stall_hours)
        return [record for record in self.ledger.pending(NETWORK) if self._unknown_since(record) <= limit]

    def _unknown_since(self, record: LedgerRecord) -> datetime:
        return datetime.fromisoformat(self.ledger.pending_since(record.source, record.network) or record.time)

    # -- reconciliation ---------------------------------------------------

    def reconcile_pending(self) -> None:
        for record in self.ledger.pending(NETWORK):
            sent = Sent(record.kind, record.text, record.target, self._unknown_since(record))
            try:
                found = self.lookup.find(sent)
            except LookupFailed as failure:
                self._lookup_failed(record, failure, reconciled=True)
                continue
            self._reconciled(record, found)

    def _reconciled(self, record: LedgerRecord, found: Found) -> None:
        if found.verdict == EXACT:
            self._settle(record, DONE, remote_id=found.remote_id, note="reconciled: found on X", reconciled=True)
        elif found.verdict == NEAR:
            note = f"X に似た投稿 {found.near_address} があります (文面が送ったものと違います)。{RESOLVE_HINT}"
            self._still_pending(record, note, reconciled=True, attention=True)
        elif self.clock() - self._unknown_since(record) < timedelta(seconds=self.settings.settle_seconds):
            self._report(record, PENDING, "X のタイムラインへの反映を待っています。次の実行で確かめます", reconciled=True)
        else:
            self._settle(record, NOT_POSTED, note="reconciled: not found on X", reconciled=True)

    def _lookup_failed(self, record: LedgerRecord, failure: LookupFailed, *, reconciled: bool) -> None:
        """Absence cannot be shown: the record stays pending; X's trouble or refused credentials stop the run."""
        if failure.auth:
            self._report(record, PENDING, failure.reason, reconciled=reconciled, attention=True)
            raise StopRun(f"X の認証に失敗しました ({failure.reason})。X_API_KEY などの 4 つの値とアプリの権限を確かめてください", EXIT_ERROR)
        if isinstance(failure.error, tweepy.TooManyRequests):
            self._report(record, PENDING, failure.reason, reconciled=reconciled)
            raise StopRun(rate_limit_of(failure.error, self.clock()).describe() + "未確認の投稿は台帳で pending のまま残しました。", EXIT_TEMPFAIL)
        note = f"X で投稿済みかどうかを確かめられませんでした ({failure.reason})"
        # Not yet a person's matter: it becomes one when the post stalls (stall_hours).
        self._still_pending(record, note, reconciled=reconciled)
        if failure.temporary:
            raise StopRun(f"{note}。台帳では pending のまま残しました。次の実行で改めて確かめます", EXIT_TEMPFAIL)

    # -- posting ----------------------------------------------------------

    def publish_one(self, post: PlannedPost) -> None:
        pending = LedgerRecord(
            source=post.source_id,
            hash=post.content_hash,
            network=post.network,
            kind=post.kind,
            status=PENDING,
            time=self._now(),
            target=post.target,
            text=post.text,
            file=post.source_path,
        )
        self._append(pending)
        attempts = max(1, self.settings.attempts)
        for attempt in range(1, attempts + 1):
            try:
                remote_id = self._send(post)
            except tweepy.TooManyRequests as error:
                if classify(problem_of(error.response, self.clean)).kind == STOP:  # e.g. the monthly usage cap
                    self._refused(post, pending, error)
                self._settle(pending, NOT_POSTED, note="rate limited")
                raise StopRun(rate_limit_of(error, self.clock()).describe() + "残りは次の実行で投稿します。", EXIT_TEMPFAIL) from None
            except (tweepy.TwitterServerError, UnreadableAnswer) as error:
                self._unknown_outcome(post, pending, error)
                return
            except tweepy.HTTPException as error:
                self._refused(post, pending, error)
                return
            except requests.RequestException as error:
                if is_unsent(error) and attempt < attempts:
                    self.sleep(self.settings.backoff * 2 ** (attempt - 1))
                    continue
                if is_unsent(error):
                    self._settle(pending, NOT_POSTED, note=describe_error(error, self.clean))
                    raise StopRun(f"X に接続できません ({describe_error(error, self.clean)}、{attempts} 回試行)。残りは次の実行で投稿します", EXIT_TEMPFAIL) from None
                self._unknown_outcome(post, pending, error)
                return
            except Exception as error:  # e.g. an unreadable answer: X may or may not have the post
                self._report(pending, PENDING, type(error).__name__)
                raise StopRun(
                    f"予期しないエラーです ({type(error).__name__})。投稿されたかどうか分からないため台帳では "
                    "pending のまま残し、次の実行で X を確かめてから続けます",
                    EXIT_ERROR,
                ) from None
            else:
                self.unknown_in_row = 0
                self._settle(pending, DONE, remote_id=remote_id)
                return

    def _unknown_outcome(self, post: PlannedPost, pending: LedgerRecord, error: Exception) -> None:
        """After a server error or a lost answer: look once; never send again in this run."""
        cause = describe_error(error, self.clean)
        self.sleep(self.settings.backoff)
        try:
            found = self.lookup.find(Sent(post.kind, post.text, post.target, _time(pending)))
        except LookupFailed as failure:
            self._lookup_failed(pending, failure, reconciled=False)
            return
        if found.verdict == EXACT:
            self.unknown_in_row = 0
            self._settle(pending, DONE, remote_id=found.remote_id, note=f"found on X after {cause}")
            return
        self._still_pending(pending, f"{cause}。X にはまだ見つかりません。次の実行で確かめます (再送しません)")
        self.unknown_in_row += 1
        if self.unknown_in_row >= max(1, self.settings.attempts):
            raise StopRun(
                f"X が応答しないかエラーを返しました ({cause}、{self.unknown_in_row} 件続けて)。投稿されたかどうか分からないため"
                "台帳では pending のまま残し、次の実行で X を確かめてから続けます",
                EXIT_TEMPFAIL,
            )

    def _refused(self, post: PlannedPost, pending: LedgerRecord, error: tweepy.HTTPException) -> None:
        problem = problem_of(error.response, self.clean)
        meaning = classify(problem, sent_text=post.text)
        note = f"{meaning.reason} ({problem.describe()})"
        if meaning.kind == ALREADY:
            self._settle(pending, DONE, remote_id=post.target_id if post.kind == REPOST else None, note=note)
        elif meaning.kind == DUPLICATE_PROBLEM:
            self._settle(pending, DUPLICATE, note=note)
        elif meaning.kind == REJECTED_PROBLEM:
            self._settle(pending, REJECTED, note=note, attention=True)
        elif meaning.kind == STOP:
            self._settle(pending, NOT_POSTED, note=note, attention=True)
            raise StopRun(f"{note}。{meaning.fix}", EXIT_ERROR)
        else:
            self._settle(pending, NOT_POSTED, note=note + "。次の実行でもう一度投稿します", attention=True)
            self.unknown_in_row += 1
            if self.unknown_in_row >= 2:
                raise StopRun(f"X が続けて投稿を拒否しました ({problem.describe()})。アカウントやアプリの状態を確かめてください", EXIT_ERROR)
            return
        self.unknown_in_row = 0

    def _send(self, post: PlannedPost) -> str:
        if post.kind == REPOST:
            response = self.client.retweet(post.target_id, user_auth=True)
            if not (isinstance(response.data, dict) and response.data.get("retweeted") is True):
                raise UnreadableAnswer("data の retweeted が true ではありません")  # a 200 with only errors is no repost
            return post.target_id
        response = self.client.create_tweet(
            text=post.text, quote_tweet_id=post.target_id if post.kind == QUOTE else None, user_auth=True
        )
        return _post_id(response.data)

    def _settle(self, record: LedgerRecord, status: str, *, remote_id=None, note=None, reconciled=False, attention=False) -> None:
        self._append(record.with_status(status, self._now(), remote_id=remote_id, note=note))
        self._report(record, status, note, remote_id=remote_id, reconciled=reconciled, attention=attention)

    def _still_pending(self, record: LedgerRecord, note: str, *, reconciled=False, attention=False) -> None:
        """The outcome stays unknown: say why in the ledger too (once per reason), for whoever reads it."""
        latest = self.ledger.latest(record.source, record.network)
        if latest is None or latest.status != PENDING or latest.note != note:
            self._append(record.with_status(PENDING, self._now(), note=note))
        self._report(record, PENDING, note, reconciled=reconciled, attention=attention)

    def _append(self, record: LedgerRecord) -> None:
        """Write one ledger line; a ledger that cannot take it (disk full, no permission) stops the run."""
        try:
            self.ledger.append(record)
        except OSError as error:
            raise StopRun(
                f"投稿台帳 {self.ledger.shown} に書き込めません ({error.strerror or type(error).__name__})。"
                "ディスクの空きと書き込みの権限を確かめてください。送信したものは次の実行で X を確かめます (二重には投稿しません)",
                EXIT_ERROR,
            ) from None

    def _report(self, record: LedgerRecord, status: str, note: str | None, *, remote_id=None, reconciled=False, attention=False) -> None:
        self.on_result(Result(record.source, record.file, record.kind, status, remote_id, note, reconciled, attention))

    def _now(self) -> str:
        return self.clock().astimezone(JST).isoformat(timespec="seconds")


def _post_id(data) -> str:
    """The new post's id from a success answer; anything else leaves the outcome unknown."""
    post_id = data.get("id") if isinstance(data, dict) else None
    if isinstance(post_id, bool) or not isinstance(post_id, (str, int)) or not str(post_id).strip().isdigit():
        shown = "data がありません" if data is None else f"data の id が {type(post_id).__name__}"
        raise UnreadableAnswer(shown)
    return str(post_id).strip()


def _time(record: LedgerRecord) -> datetime:
    return datetime.fromisoformat(record.time)
