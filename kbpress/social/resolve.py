"""``kbpress social resolve ID --posted URL | --not-posted``: a person settles what X could not.

For a post left ``pending`` (its outcome could not be found out), or
``rejected`` / ``not_posted`` by X, after looking at the account on X:

- ``--posted URL``: it is on X at URL; recorded as ``done``, never sent again;
- ``--not-posted``: it is not on X; recorded as ``not_posted``, sent again
  by the next ``--post`` run.

ID is the ledger's ``source`` (``queue:npa-warning``,
``page:articles/backup-basics/@2026-10-01``), a queue file's ``id``, or the
file the post comes from (``social/npa-warning.yml``,
``docs/articles/backup-basics.md``).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO

from .. import clock
from ..model import JST, KbpressError, Problem
from .check import LEDGER_NAME, SOCIAL_DIR
from .ledger import DONE, NOT_POSTED, PENDING, REJECTED, Ledger, LedgerRecord, ledger_lock
from .plan import NETWORK, REPOST
from .statusurl import EXAMPLE_STATUS_URL, parse_status_url

LOCK_NAME = ".ledger.lock"
RESOLVABLE = (PENDING, REJECTED, NOT_POSTED)
EXIT_OK, EXIT_ERROR = 0, 1


def resolve(project_dir: Path, item: str, *, posted_url: str | None, now: datetime) -> LedgerRecord:
    """Append the person's decision for ``item`` to the ledger; raises KbpressError naming the fix."""
    social_dir = Path(project_dir) / SOCIAL_DIR
    remote_id = _posted_id(posted_url) if posted_url is not None else None
    with ledger_lock(social_dir / LOCK_NAME, f"{SOCIAL_DIR}/{LOCK_NAME}"):
        ledger = Ledger.load(social_dir / LEDGER_NAME, f"{SOCIAL_DIR}/{LEDGER_NAME}")
        record = _the_record(ledger, item)
        time = now.astimezone(JST).isoformat(timespec="seconds")
        if posted_url is not None:
            # A repost is known by the reposted post's id, as every repost record is.
            remote = (_target_id(record) or remote_id) if record.kind == REPOST else remote_id
            decided = record.with_status(DONE, time, remote_id=remote, note=f"resolved by hand: posted ({posted_url.strip()})")
        else:
            decided = record.with_status(NOT_POSTED, time, note="resolved by hand: not on X, to be posted again")
        ledger.append(decided)
        return decided


def _the_record(ledger: Ledger, item: str) -> LedgerRecord:
    wanted = item.strip().removeprefix("./")
    latest = [record for record in ledger.records if record.network == NETWORK]
    by_source = {record.source: record for record in latest}
    candidates = [
        record for source, record in by_source.items()
        if source in (wanted, f"queue:{wanted}", f"page:{wanted}") or record.file == wanted
    ]
    if not candidates:
        raise KbpressError(Problem(f"{SOCIAL_DIR}/{LEDGER_NAME}", f"'{item}' の記録が投稿台帳にありません。台帳の source か、投稿元のファイル名を指定してください"))
    open_ones = [record for record in candidates if record.status in RESOLVABLE]
    if not open_ones:
        states = ", ".join(sorted({record.status for record in candidates}))
        raise KbpressError(
            Problem(f"{SOCIAL_DIR}/{LEDGER_NAME}", f"'{item}' はすでに決着しています ({states})。resolve は pending・rejected・not_posted の投稿にだけ使えます")
        )
    if len(open_ones) > 1:
        names = ", ".join(sorted(record.source for record in open_ones))
        raise KbpressError(Problem(f"{SOCIAL_DIR}/{LEDGER_NAME}", f"'{item}' に当たる投稿が複数あります ({names})。source で指定してください"))
    return open_ones[0]


def _posted_id(url: str) -> str:
    status_id = parse_status_url(url)
    if status_id is None:
        raise KbpressError(Problem("", f"--posted '{url}' は X の投稿の URL ではありません (例: {EXAMPLE_STATUS_URL})"))
    return status_id


def _target_id(record: LedgerRecord) -> str | None:
    return parse_status_url(record.target) if record.target else None


def build_parser(prog: str = "kbpress social resolve") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog, description="投稿されたか分からない投稿や X に拒否された投稿を、X で確かめた結果として台帳に記録します。"
    )
    parser.add_argument("item", metavar="ID", help="台帳の source、キューファイルの id、または投稿元のファイル")
    decision = parser.add_mutually_exclusive_group(required=True)
    decision.add_argument("--posted", metavar="URL", help="X に投稿されている (その投稿の URL)")
    decision.add_argument("--not-posted", action="store_true", help="X にない (次の --post で投稿し直す)")
    parser.add_argument("-f", "--config-file", default=None, help="mkdocs.yml のパス (そのフォルダの social/ を使います)")
    return parser


def run_resolve(argv: list[str] | None = None, *, project_dir: Path | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = build_parser().parse_args(argv)
    folder = Path(args.config_file).resolve().parent if args.config_file else Path(project_dir or Path.cwd())
    try:
        record = resolve(folder, args.item, posted_url=args.posted, now=clock.now())
    except KbpressError as error:
        for problem in error.problems:
            err.write(f"{problem}\n" if problem.path else f"{problem.message}\n")
        return EXIT_ERROR
    what = "投稿済み (done)" if record.status == DONE else "未投稿 (not_posted: 次の --post で投稿します)"
    out.write(f"記録しました: {record.file or record.source} を{what}としました\n")
    return EXIT_OK
