"""The ``kbpress`` command: check, new, epub, publish.

The CLI is an adapter like the plugins: it reads mkdocs.yml with MkDocs'
own loader and hands plain values to the core.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

DEFAULT_CONFIG = "mkdocs.yml"


def _load_mkdocs_config(config_file: str):
    """mkdocs.yml loaded by MkDocs's loader (:mod:`kbpress.plugins.project`); errors end the command."""
    from .model import KbpressError
    from .plugins.project import load_mkdocs_config

    try:
        return load_mkdocs_config(Path(config_file))
    except KbpressError as error:
        raise click.ClickException("\n".join(str(problem) for problem in error.problems)) from None


def project_from_config(config):
    """A :class:`kbpress.check.Project` from a loaded MkDocs config."""
    from .model import KbpressError
    from .plugins import project

    try:
        return project.project_from_config(config)
    except KbpressError as error:
        raise click.ClickException("\n".join(str(problem) for problem in error.problems)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kbpress")
def main() -> None:
    """知識の保管庫 (kbpress): ポータル・EPUB・フィード・SNS 投稿を一つの Markdown から作ります。"""


@main.command()
@click.option("--config", "-f", "config_file", default=DEFAULT_CONFIG, show_default=True, help="mkdocs.yml のパス")
def check(config_file: str) -> None:
    """サイトを作らずにすべての原稿を検査し、問題を 1 行ずつ表示します。"""
    from .check import check_project
    from .extensions import register_checks

    register_checks()
    project = project_from_config(_load_mkdocs_config(config_file))
    problems = check_project(project)
    for problem in problems:
        prefix = "警告: " if problem.severity == "warning" else ""
        click.echo(f"{problem.path}:{problem.line or 1}: {prefix}{problem.message}")
    if any(problem.severity == "error" for problem in problems):
        sys.exit(1)


@main.command()
@click.argument("kind", type=click.Choice(["article", "topic"]))
@click.argument("title")
@click.option("--slug", help="URL に使う半角英小文字とハイフンの名前")
@click.option("--category", help="カテゴリのスラッグ (taxonomy.yml)")
@click.option("--config", "-f", "config_file", default=DEFAULT_CONFIG, show_default=True)
def new(kind: str, title: str, slug: str | None, category: str | None, config_file: str) -> None:
    """新しい解説記事 (article) またはトピックス (topic) のファイルを作ります。"""
    from . import clock
    from .newpage import NewPageError, create_page

    project = project_from_config(_load_mkdocs_config(config_file))
    try:
        path = create_page(project, kind, title, slug=slug, category=category, now=clock.now())
    except NewPageError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"作成しました: {path.relative_to(project.project_dir)}")


@main.command()
@click.argument("volume", required=False)
@click.option("--config", "-f", "config_file", default=DEFAULT_CONFIG, show_default=True, help="mkdocs.yml のパス")
@click.option("--output", "-o", type=click.Path(file_okay=False), help="EPUB を書き出すフォルダ (既定: site_dir/guidebook)")
def epub(volume: str | None, config_file: str, output: str | None) -> None:
    """ガイドブック追補資料 (EPUB) だけを作ります。VOLUME (巻の名前) を省くとすべての巻を作ります。"""
    from .epubcommand import EpubCommandError, build_epubs_with_stats

    config = _load_mkdocs_config(config_file)
    try:
        written, chapters = build_epubs_with_stats(config, volume, Path(output) if output else None)
    except EpubCommandError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"章の本文: 前回のビルドから再利用 {chapters.reused} 章、今回描画 {chapters.rendered} 章")
    for path in written:
        click.echo(f"作成しました: {path}")


@main.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []},
    add_help_option=False,
)
@click.pass_context
def publish(ctx: click.Context) -> None:
    """SNS 投稿の予定を表示します (--post で投稿、--format json、--limit N、-h で詳しい使い方)。"""
    from .social.cli import run_publish

    sys.exit(run_publish(list(ctx.args)))


def run() -> None:
    main(prog_name="kbpress")


if __name__ == "__main__":
    run()
