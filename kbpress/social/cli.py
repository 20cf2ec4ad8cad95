"""``kbpress publish``: plan (dry run, the default) or post to X.

``publish_command`` does the work with every input passed in;
``run_publish`` parses command-line options and reads mkdocs.yml for it
with MkDocs's own loader, as every command does
(:mod:`kbpress.plugins.project`); the pages are loaded with the same
loader ``kbpress check`` uses.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Mapping, TextIO


from .. import clock
from ..content import ContentConfig, iter_markdown_files, load_sources
from ..model import JST, KbpressError, Page, Problem
from ..taxonomy import Taxonomy, load_taxonomy
from .check import LEDGER_NAME, SOCIAL_DIR, check_social
from .ledger import Ledger, ledger_lock
from .output import print_plan
from .plan import NETWORK, PlannedPost, Skipped, plan_page_posts, plan_queue_posts, unsettled
from .poster import EXIT_ERROR, EXIT_OK
from .posting import PostingRun
from .queue import load_queue
from .redact import Redactor
from .xapi import API_BASE_VARIABLE, ClientSettings, Credentials, CredentialsError, check_api_base

LOCK_NAME = ".ledger.lock"


def publish_command(
    project_dir: Path,
    *,
    post: bool,
    fmt: str = "text",
    limit: int | None = None,
    now: datetime | None = None,
    site_dir: Path,
    docs_dir: Path,
    site_url: str | None,
    taxonomy: Taxonomy,
    content_config: ContentConfig | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    env: Mapping[str, str] | None = None,
    settings: ClientSettings | None = None,
    stall_hours: float | None = None,
    summary_file: Path | None = None,
) -> int:
    """Plan and (with ``post``) send the posts; returns 0, 1 (problems) or 75 (stopped, retry later)."""
    out = out or sys.stdout
    err = err or sys.stderr
    env = os.environ if env is None else env
    social_dir = Path(project_dir) / SOCIAL_DIR
    try:
        if post:
            _queue_inbox_decisions(social_dir)
        planned, skipped, bad_files = plan_all(
            Path(project_dir),
            docs_dir=Path(docs_dir),
            site_dir=Path(site_dir),
            site_url=site_url,
            taxonomy=taxonomy,
            content_config=content_config or ContentConfig(),
            now=now or clock.now(),
        )
        if not post:
            ledger = _load_ledger(social_dir)
            todo = unsettled(planned, ledger)
            shown = todo if limit is None else todo[:limit]
            pending = ledger.pending(NETWORK)
            print_plan(shown, held_back=len(todo) - len(shown), skipped=skipped, pending=pending, fmt=fmt, out=out, err=err)
            _print_problems(bad_files, err)
            return EXIT_ERROR if bad_files else EXIT_OK
        credentials = _credentials(env)
        settings = settings or ClientSettings(api_base=env.get(API_BASE_VARIABLE) or None)
        if stall_hours is not None:
            settings = replace(settings, stall_hours=stall_hours)
        try:
            with ledger_lock(social_dir / LOCK_NAME, f"{SOCIAL_DIR}/{LOCK_NAME}"):
                ledger = _load_ledger(social_dir)  # read under the lock: what earlier runs recorded
                run = PostingRun(ledger, credentials, settings, fmt=fmt, out=out, err=err, summary_file=summary_file)
                return run.post(planned, bad_files, limit)
        except (KbpressError, KeyboardInterrupt):
            raise
        except Exception as error:  # a defect outside the posting loop: shown, but never with a credential
            clean = Redactor(credentials.secrets())
            err.write(clean("".join(traceback.format_exception(error))))
            err.write(f"予期しないエラーです ({type(error).__name__})\n")
            return EXIT_ERROR
    except KbpressError as error:
        _print_problems(error.problems, err)
        return EXIT_ERROR


def plan_all(
    project_dir: Path,
    *,
    docs_dir: Path,
    site_dir: Path,
    site_url: str | None,
    taxonomy: Taxonomy,
    content_config: ContentConfig,
    now: datetime,
) -> tuple[list[PlannedPost], list[Skipped], list[Problem]]:
    """Every post due at ``now``, everything still waiting, and the queue files that cannot be read.

    A bad queue file holds back only itself; any other problem (pages, the
    ledger) raises KbpressError.
    """
    pages, shown = _load_pages(docs_dir, taxonomy, content_config, project_dir)
    _stop_on_errors(check_social(project_dir, pages, site_url, docs_dir=docs_dir, queue=False))
    entries, queue_problems = load_queue(project_dir / SOCIAL_DIR, SOCIAL_DIR)
    entries += _inbox_decisions(project_dir / SOCIAL_DIR)
    page_posts, page_skipped, problems = plan_page_posts(
        pages, site_url=site_url or "", site_dir=site_dir, now=now, shown=shown
    )
    _stop_on_errors(problems)
    queue_posts, queue_skipped = plan_queue_posts(entries, now=now)
    bad_files = [problem for problem in queue_problems if problem.severity == "error"]
    return page_posts + queue_posts, page_skipped + queue_skipped, bad_files


def _inbox_decisions(social_dir: Path) -> list:
    """Decisions typed into social/inbox/ files, planned as the queue items they become on --post."""
    from ..watch.pick import decided_in_inbox

    found, problems = decided_in_inbox(social_dir, SOCIAL_DIR)
    _stop_on_errors(problems)
    return [entry for _inbox, _candidate, entry, _raw in found]


def _queue_inbox_decisions(social_dir: Path) -> None:
    from ..watch.pick import queue_inbox_decisions

    queue_inbox_decisions(social_dir, SOCIAL_DIR)


def _load_ledger(social_dir: Path) -> Ledger:
    return Ledger.load(social_dir / LEDGER_NAME, f"{SOCIAL_DIR}/{LEDGER_NAME}")


def _credentials(env: Mapping[str, str]) -> Credentials:
    try:
        credentials = Credentials.from_env(env)
        if env.get(API_BASE_VARIABLE):
            check_api_base(env[API_BASE_VARIABLE])
        return credentials
    except CredentialsError as error:
        raise KbpressError(Problem("", str(error))) from None


def _stop_on_errors(problems: list[Problem]) -> None:
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise KbpressError(errors)


def _load_pages(
    docs_dir: Path, taxonomy: Taxonomy, config: ContentConfig, project_dir: Path
) -> tuple[list[Page], dict[str, str]]:
    """Every page as ``kbpress check`` sees it; any page problem stops publishing."""
    loaded, problems = load_sources(iter_markdown_files(docs_dir), docs_dir, project_dir, taxonomy, config)
    _stop_on_errors(problems)
    pages = [item.page for item in loaded]
    shown = {page.src_path: os.path.relpath(docs_dir / page.src_path, project_dir) for page in pages}
    return pages, shown


# -- command line -------------------------------------------------------------


@dataclass(frozen=True)
class ProjectConfig:
    project_dir: Path
    docs_dir: Path
    site_dir: Path
    site_url: str | None
    taxonomy_path: Path
    content_config: ContentConfig = field(default_factory=ContentConfig)
    site_name: str = ""


def build_parser(prog: str = "kbpress publish") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="公開済みページの告知と social/ のリポスト・引用を X に投稿します。既定はドライラン (何も送信しません)。",
    )
    add_publish_arguments(parser)
    return parser


def add_publish_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--post", action="store_true", help="実際に投稿する (環境変数 X_API_KEY などが必要)")
    parser.add_argument("--format", dest="fmt", choices=("text", "json"), default="text", help="出力形式 (json は 1 行 1 件)")
    parser.add_argument("--limit", type=_non_negative, default=None, help="この実行で投稿する最大件数")
    parser.add_argument("-f", "--config-file", default=None, help="mkdocs.yml のパス (既定: プロジェクトの mkdocs.yml)")
    parser.add_argument("--site-dir", default=None, help="ビルド済みサイトのディレクトリ (既定: mkdocs.yml の site_dir)")
    parser.add_argument("--now", default=None, help="ドライランでこの日時に実行したとみなす (例: 2025-07-01T09:00+09:00)")
    parser.add_argument(
        "--stall-hours", type=_positive_hours, default=None,
        help="投稿されたか分からないままこの時間 (既定 24) を過ぎたものがあれば失敗 (終了コード 1) にする",
    )
    parser.add_argument("--summary-file", default=None, help="--post の結果のまとめ (JSON) を書き出すファイル")


def run_publish(
    argv: list[str] | None = None,
    *,
    project_dir: Path | None = None,
    env: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Entry point for ``kbpress publish`` and ``scripts/publish``."""
    args = build_parser().parse_args(argv)
    return run_publish_args(args, project_dir=project_dir, env=env, out=out, err=err)


def run_publish_args(args: argparse.Namespace, *, project_dir=None, env=None, out=None, err=None) -> int:
    err = err or sys.stderr
    config_file = Path(args.config_file) if args.config_file else Path(project_dir or Path.cwd()) / "mkdocs.yml"
    try:
        project = read_project_config(config_file)
        now = _parse_now(args.now, args.post)
        taxonomy = load_taxonomy(project.taxonomy_path, os.path.relpath(project.taxonomy_path, project.project_dir))
    except KbpressError as error:
        _print_problems(error.problems, err)
        return EXIT_ERROR
    return publish_command(
        project.project_dir,
        post=args.post,
        fmt=args.fmt,
        limit=args.limit,
        now=now,
        site_dir=Path(args.site_dir).resolve() if args.site_dir else project.site_dir,
        docs_dir=project.docs_dir,
        site_url=project.site_url,
        taxonomy=taxonomy,
        content_config=project.content_config,
        out=out,
        err=err,
        env=env,
        stall_hours=args.stall_hours,
        summary_file=Path(args.summary_file) if args.summary_file else None,
    )


def read_project_config(config_file: Path) -> ProjectConfig:
    """The mkdocs.yml settings publishing needs, loaded as a build loads them."""
    from ..plugins.project import load_mkdocs_config, project_from_config

    config = load_mkdocs_config(config_file)
    project = project_from_config(config)
    return ProjectConfig(
        project_dir=project.project_dir,
        docs_dir=project.docs_dir,
        site_dir=project.site_dir,
        site_url=config.site_url or None,
        site_name=project.site_name,
        taxonomy_path=project.taxonomy_path,
        content_config=project.content_config,
    )


def _parse_now(value: str | None, post: bool) -> datetime | None:
    if value is None:
        return None
    if post:
        raise KbpressError(Problem("", "--now はドライラン専用です。--post と一緒には使えません"))
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise KbpressError(Problem("", f"--now '{value}' を日時として読めません (例: 2025-07-01T09:00+09:00)")) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=JST)


def _non_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("0 以上の整数を指定してください")
    return number


def _positive_hours(value: str) -> float:
    try:
        hours = float(value)
    except ValueError:
        hours = 0.0
    if not hours > 0:
        raise argparse.ArgumentTypeError("0 より大きい時間数を指定してください (例: 24)")
    return hours


def _print_problems(problems: list[Problem], err: TextIO) -> None:
    for problem in problems:
        err.write(f"{problem}\n" if problem.path else f"{problem.message}\n")
