"""The command line of the watch: ``kbpress watch`` and ``kbpress social pick`` / ``drop``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .. import clock
from ..model import KbpressError
from .check import SOCIAL_DIR
from .sources import DEFAULT_MAX_AGE_DAYS

_CONFIG_HELP = "mkdocs.yml のパス (既定: 今のフォルダから上にたどって最初に見つかる mkdocs.yml)"


EXIT_PROBLEM = 2  # kbpress watch: nothing was read (1 means some sources failed)


def locate_project(config_file: str | None, failure_code: int = 1):
    """The project the command works on: the nearest mkdocs.yml upward, as every kbpress command finds it."""
    from ..project import NoProjectError, find_config_file, site_banner
    from ..social.cli import read_project_config

    try:
        path = Path(config_file) if config_file else find_config_file(Path.cwd())
        project = read_project_config(path)
    except NoProjectError as error:
        click.echo(str(error), err=True)
        sys.exit(failure_code)
    except KbpressError as error:
        _fail(error, failure_code)
    click.echo(site_banner(project.site_name, project.site_url or "", path), err=True)
    return project


def _fail(error: KbpressError, code: int = 1):
    for problem in error.problems:
        click.echo(str(problem) if problem.path else problem.message, err=True)
    sys.exit(code)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="json: 新しい候補を 1 行 1 件で出力")
@click.option("--days", type=click.IntRange(min=1), default=DEFAULT_MAX_AGE_DAYS, show_default=True, help="これより古い記事は候補にしない (日数)")
@click.option("--config", "-f", "config_file", default=None, help=_CONFIG_HELP)
def watch(fmt: str, days: int, config_file: str | None) -> None:
    """social/sources.yml の情報源を読み、新しい投稿候補を social/inbox/ に加えます。

    終了コード: 0 すべて読めた、1 読めない情報源があった (ほかは取り込み済み)、2 設定の誤りで何も読んでいない。
    """
    from .run import WatchOptions, watch_command

    project = locate_project(config_file, EXIT_PROBLEM)
    options = WatchOptions(site_url=project.site_url or "", now=clock.now(), fmt=fmt, max_age_days=days)
    try:
        code = watch_command(project.project_dir / SOCIAL_DIR, SOCIAL_DIR, options, env=os.environ, out=sys.stdout, err=sys.stderr)
    except KbpressError as error:
        _fail(error, EXIT_PROBLEM)
    sys.exit(code)


@click.group()
def social() -> None:
    """投稿候補の選択と台帳: pick (投稿キューに入れる)、drop (投稿しない)、resolve (結果の分からない投稿を記録)。"""


@social.command()
@click.argument("candidate_id", metavar="ID")
@click.option("--as", "action", type=click.Choice(["post", "repost", "quote"]), required=True, help="post: URL を付けて投稿、repost: リポスト、quote: 引用")
@click.option("--comment", default=None, help="post と quote に添える文章 (post で省くと記事の題名)")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--config", "-f", "config_file", default=None, help=_CONFIG_HELP)
def pick(candidate_id: str, action: str, comment: str | None, fmt: str, config_file: str | None) -> None:
    """候補 ID を投稿キュー (social/watch-ID.yml) に入れます。文字数はその場で確かめます。"""
    from .pick import pick as pick_candidate

    project = locate_project(config_file)
    try:
        picked = pick_candidate(project.project_dir / SOCIAL_DIR, SOCIAL_DIR, candidate_id, action, comment)
    except KbpressError as error:
        _fail(error)
    if fmt == "json":
        click.echo(json.dumps(picked.to_json(), ensure_ascii=False, sort_keys=True))
        return
    details = picked.to_json()
    click.echo(f"投稿キューに入れました: {picked.file} ({action}, {details['weighted_length']}/280)")
    click.echo("kbpress publish で投稿予定を確かめられます")


@social.command()
@click.argument("candidate_id", metavar="ID")
@click.option("--config", "-f", "config_file", default=None, help=_CONFIG_HELP)
def drop(candidate_id: str, config_file: str | None) -> None:
    """候補 ID を「投稿しない」にします。"""
    from .pick import drop as drop_candidate

    project = locate_project(config_file)
    try:
        dropped = drop_candidate(project.project_dir / SOCIAL_DIR, SOCIAL_DIR, candidate_id)
    except KbpressError as error:
        _fail(error)
    click.echo(f"投稿しないことにしました: {dropped.id} ({dropped.title})")
