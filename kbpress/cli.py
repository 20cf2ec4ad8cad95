"""The ``kbpress`` command: init, check, new, epub, publish, watch, social.

The CLI is an adapter like the plugins: it finds the project's mkdocs.yml
(:mod:`kbpress.project`), reads it with MkDocs' own loader and hands plain
values to the core.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

CONFIG_HELP = "mkdocs.yml のパス (既定: 今のフォルダから上にたどって最初に見つかる mkdocs.yml)"


def config_path(config_file: str | None) -> Path:
    """The mkdocs.yml to use: the one given, else the nearest from the working directory upward."""
    from .project import NoProjectError, find_config_file

    if config_file is not None:
        path = Path(config_file)
        if not path.is_file():
            raise click.ClickException(f"{config_file} が見つかりません。mkdocs.yml のパスを確かめてください")
        return path
    try:
        return find_config_file(Path.cwd())
    except NoProjectError as error:
        raise click.ClickException(str(error)) from None


def _load_mkdocs_config(config_file: str | None):
    """mkdocs.yml found and loaded by MkDocs's loader (:mod:`kbpress.plugins.project`); errors end the command.

    The site it names goes to stderr first (``kbpress check`` prints only
    problems on stdout), so nobody checks or publishes the wrong site.
    """
    from .model import KbpressError
    from .plugins.project import load_mkdocs_config
    from .project import site_banner

    path = config_path(config_file)
    try:
        config = load_mkdocs_config(path)
    except KbpressError as error:
        raise click.ClickException("\n".join(str(problem) for problem in error.problems)) from None
    click.echo(site_banner(config.site_name, config.site_url or "", path), err=True)
    return config


def project_from_config(config):
    """A :class:`kbpress.check.Project` from a loaded MkDocs config."""
    from .model import KbpressError
    from .plugins import project

    from .plugins.base import configuration_problems

    problems = configuration_problems(config)
    if problems:
        # The build stops (or, under --strict, fails) on these: so does check.
        raise click.ClickException("\n".join(problems))
    try:
        return project.project_from_config(config)
    except KbpressError as error:
        raise click.ClickException("\n".join(str(problem) for problem in error.problems)) from None


class _Commands(click.Group):
    """The command group; ``watch`` and ``social`` are added when one of them is asked for.

    Their modules import the posting stack (twitter-text alone takes most
    of a second), which ``kbpress epub``, ``check`` or ``new`` never use.
    """

    LATER = ("social", "watch")

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LATER})

    def get_command(self, ctx: click.Context, cmd_name: str):
        if cmd_name in self.LATER and cmd_name not in self.commands:
            _add_social_commands()
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kbpress")
def main() -> None:
    """知識の保管庫 (kbpress): ポータル・EPUB・フィード・SNS 投稿を一つの Markdown から作ります。"""


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", "site_name", default="知識ベース", show_default=True, help="サイトの名前 (site_name)")
@click.option("--url", "site_url", default="https://kb.example.jp/", show_default=True, help="公開先の URL (site_url)")
@click.option("--organisation", default=None, help="運営する組織の名前 (既定: サイトの名前)")
@click.option("--requirement", default=None, help="requirements.txt に書く kbpress の入手先 (既定: kbpress==この版)")
@click.option("--vault", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Obsidian の保管庫 (またはその中のフォルダ) のノートをそのまま原稿にします")
def init(directory: Path, site_name: str, site_url: str, organisation: str | None, requirement: str | None, vault: Path | None) -> None:
    """新しい知識ベースを DIRECTORY に作ります (kbpress はパッケージとして使います)。"""
    from . import clock
    from .starter import InitError, create_project
    from .vault.init import create_vault_project
    from .vault.initfiles import init_summary

    options = dict(site_name=site_name, site_url=site_url, organisation=organisation or site_name, requirement=requirement, now=clock.now())
    try:
        if vault is None:
            written = create_project(directory, **options)
        else:
            written, scan = create_vault_project(directory, vault, **options)
    except InitError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{directory} に知識ベースを作りました ({len(written)} ファイル)。次のコマンドで確かめられます:")
    if vault is not None:
        click.echo(f"  保管庫 {vault}: ノート {scan.notes} 件、分類 {len(scan.categories)}、タグ {len(scan.tags)}")
        for line in init_summary(scan):
            click.echo(line)
        for src_path in scan.unreadable:
            click.echo(f"  読めない front matter: {src_path} (kbpress check で行と直し方が分かります)")
    click.echo(f"  cd {directory} && mkdocs build --strict && kbpress check")


@main.command()
@click.option("--config", "-f", "config_file", default=None, help=CONFIG_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="保管庫の公開一覧と問題の出力形式")
@click.option("--record-addresses", is_flag=True, help="保管庫: 今のアドレスを redirects.yml に記録し、変わったアドレスの転送を加えます")
def check(config_file: str | None, fmt: str, record_addresses: bool) -> None:
    """サイトを作らずにすべての原稿を検査し、問題を 1 行ずつ表示します (保管庫では公開するノートの一覧も)。"""
    from .check import check_project
    from .extensions import register_checks
    from .vault.report import Publication

    register_checks()
    project = project_from_config(_load_mkdocs_config(config_file))
    listing = Publication() if project.content_config.vault is not None else None
    problems = check_project(project, listing=listing)
    if record_addresses:
        _record_addresses(project, listing, problems)
        problems = check_project(project, listing=listing)
    if fmt == "json":
        click.echo(_check_json(problems, listing))
    else:
        for problem in problems:
            prefix = {"warning": "警告: ", "note": "お知らせ: "}.get(problem.severity, "")
            click.echo(f"{problem.path}:{problem.line or 1}: {prefix}{problem.message}")
        if listing is not None:
            click.echo(listing.as_text())
    if any(problem.severity != "note" for problem in problems):
        # Warnings too: `mkdocs build --strict` fails on every one of them.
        sys.exit(1)


def _check_json(problems, listing) -> str:
    import json

    data = {
        "problems": [
            {"path": p.path, "line": p.line or 1, "severity": p.severity, "message": p.message} for p in problems
        ]
    }
    if listing is not None:
        data.update(json.loads(listing.as_json()))
    return json.dumps(data, ensure_ascii=False, indent=2)


def _record_addresses(project, listing, problems):
    """``--record-addresses``: write redirects.yml with this state and the redirects it can tell."""
    from .vault.addresses import recorded, write_redirects
    from .vault.report import redirect_map

    redirects = redirect_map(project) if listing is not None else None
    if redirects is None or isinstance(redirects, list) or any(p.severity == "error" for p in problems):
        raise click.ClickException("保管庫の知識ベースで、エラーをすべて直してから --record-addresses を使ってください")
    new_redirects, addresses = recorded(redirects, listing.published)
    write_redirects(redirects.path, new_redirects, addresses)
    click.echo(f"{redirects.shown} に {len(addresses)} 件のアドレスと {len(new_redirects)} 件の転送を記録しました", err=True)


@main.command()
@click.argument("kind", type=click.Choice(["article", "topic"]))
@click.argument("title")
@click.option("--slug", help="URL に使う半角英小文字とハイフンの名前")
@click.option("--category", help="カテゴリのスラッグ (taxonomy.yml)")
@click.option("--config", "-f", "config_file", default=None, help=CONFIG_HELP)
def new(kind: str, title: str, slug: str | None, category: str | None, config_file: str | None) -> None:
    """新しい解説記事 (article) またはトピックス (topic) のファイルを作ります。"""
    from . import clock
    from .newpage import NewPageError, create_page

    project = project_from_config(_load_mkdocs_config(config_file))
    if project.content_config.vault is not None:
        raise click.ClickException(
            "この知識ベースの原稿は Obsidian の保管庫です。kbpress は保管庫に書き込まないため、新しいノートは Obsidian で作ってください"
        )
    try:
        path = create_page(project, kind, title, slug=slug, category=category, now=clock.now())
    except NewPageError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"作成しました: {path.relative_to(project.project_dir)}")


@main.command()
@click.argument("volume", required=False)
@click.option("--config", "-f", "config_file", default=None, help=CONFIG_HELP)
@click.option("--output", "-o", type=click.Path(file_okay=False), help="EPUB を書き出すフォルダ (既定: site_dir/guidebook)")
def epub(volume: str | None, config_file: str | None, output: str | None) -> None:
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


# Commands that hand their arguments, -h included, to their own parser (publish, social resolve).
PASS_THROUGH = {
    "context_settings": {"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []},
    "add_help_option": False,
}


@main.command(**PASS_THROUGH)
@click.pass_context
def publish(ctx: click.Context) -> None:
    """SNS 投稿の予定を表示します (--post で投稿、--format json、--limit N、-h で詳しい使い方)。"""
    sys.exit(publish_in_project(list(ctx.args)))


def publish_in_project(args: list[str]) -> int:
    """``kbpress publish`` (and ``scripts/publish``) on the project found from the working directory."""
    from .social.cli import run_publish

    if any(arg in ("-h", "--help") for arg in args):
        return run_publish(args)
    given = _given_config(args)
    try:
        # The same lookup and announcement as every other command, so a
        # dry run names the site whose posts it plans.
        config = _load_mkdocs_config(given)
    except click.ClickException as error:
        error.show()
        return 1
    if given is None:
        args = [*args, "-f", config.config_file_path]
    return run_publish(args)


def _given_config(args: list[str]) -> str | None:
    for index, arg in enumerate(args):
        if arg in ("-f", "--config-file") and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--config-file="):
            return arg.split("=", 1)[1]
    return None


def _add_social_commands() -> None:
    """watch, and the social group: pick and drop (inbox candidates) and resolve (the ledger)."""
    from .watch.cli import social, watch

    @social.command(**PASS_THROUGH)
    @click.pass_context
    def resolve(ctx: click.Context) -> None:
        """ID を --posted URL (投稿済み) か --not-posted (未投稿: 次回投稿し直す) として台帳に記録します (-h で詳しい使い方)。"""
        from .social.resolve import run_resolve

        sys.exit(run_resolve(list(ctx.args)))

    main.add_command(watch)
    main.add_command(social)


def run() -> None:
    main(prog_name="kbpress")


if __name__ == "__main__":
    run()
