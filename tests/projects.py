"""The one fixture module: a project factory, its mkdocs.yml, page factories and command runs.

Every test that needs a project on disk starts here, so the mkdocs.yml a
test builds with and the pages it writes are stated once. Commands run
either as a specialist runs them (a child process: :meth:`FixtureProject.run`)
or in this process through the same command-line code
(:meth:`FixtureProject.run_in_process`), which saves the interpreter's
start-up and MkDocs's imports for the many bad-input rows.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import textwrap
import traceback
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

DEFAULT_NAV = ("ホーム: index.md", "解説記事: categories/index.md", "トピックス: topics/index.md", "更新情報: updates.md")
OUTPUT_PLUGINS = """\
  - kbpress-feeds:
      feeds_dir: feeds
  - kbpress-epub:
      guidebook_dir: guidebook
"""


def mkdocs_yml(nav: tuple[str, ...] = DEFAULT_NAV, plugins: str = "", features: bool = True) -> str:
    """The fixture projects' mkdocs.yml: the portal's theme and extensions, ``kbpress`` first, then ``plugins``."""
    feature_lines = "  features:\n    - navigation.indexes\n    - navigation.path\n" if features else ""
    nav_lines = "".join(f"  - {entry}\n" for entry in nav)
    return f"""\
site_name: テスト保管庫
site_url: https://kb.example.jp/
site_author: テスト支援センター
use_directory_urls: true
theme:
  name: material
  language: ja
  font: false
{feature_lines}nav:
{nav_lines}validation:
  nav:
    omitted_files: ignore
markdown_extensions:
  - admonition
  - attr_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
plugins:
  - kbpress:
      taxonomy: taxonomy.yml
{plugins}"""


MINIMAL_MKDOCS = mkdocs_yml()


# -- pages ----------------------------------------------------------------------


def front_matter(**fields) -> str:
    """YAML front matter in the order given: lists in flow style, a dict as a nested block."""
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {name}: {_scalar(item)}" for name, item in value.items())
        elif isinstance(value, (list, tuple)):
            lines.append(f"{key}: [{', '.join(str(item) for item in value)}]")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n---\n"


def _scalar(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def article(title: str, *, description: str | None = None, category: str = "mail", tags=("phishing",),
            audience=("従業員",), updated: str = "2025-09-01", body: str = "## 見分け方\n\n本文です。\n", **extra) -> str:
    """An article (解説記事) with valid front matter; ``extra`` fields come after ``updated``."""
    return front_matter(title=title, description=description or f"{title}の要約です。", category=category,
                        tags=list(tags) if tags else None, audience=list(audience), updated=updated, **extra) + body


def topic(title: str, *, date: str = "2025-06-12T10:00:00+09:00", slug: str = "fake-sms", categories=("alert",),
          tags=None, summary: str | None = None, body: str = "本文です。\n", **extra) -> str:
    """A topic (トピックス) with valid front matter; ``extra`` fields come after ``summary``."""
    return front_matter(title=title, date=date, slug=slug, categories=list(categories),
                        tags=list(tags) if tags else None, summary=summary or f"{title}の要約です。", **extra) + body


HOME = front_matter(title="ホーム") + "ようこそ。\n"


# -- projects -------------------------------------------------------------------


@dataclass
class BuildResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass
class FixtureProject:
    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def write_bytes(self, relative: str, data: bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def run(self, *args: str, timeout: int = 300, env: dict | None = None) -> BuildResult:
        """Run a console script of this venv (mkdocs, kbpress) in the project, in a child process."""
        command = [str(BIN / args[0]), *args[1:]]
        merged = {**os.environ, **(env or {})}
        done = subprocess.run(command, cwd=self.root, capture_output=True, text=True, timeout=timeout, env=merged)
        return BuildResult(done.returncode, done.stdout, done.stderr)

    def run_in_process(self, *args: str) -> BuildResult:
        """The same command line (``mkdocs ...`` or ``kbpress ...``) run by its own code in this process.

        A traceback the command would print is added to the output, so
        "no traceback" assertions hold as for a child process.
        """
        return run_cli_in_process(self.root, args[0], list(args[1:]))

    def build(self, *extra: str, **kwargs) -> BuildResult:
        """`mkdocs build --strict`: in this process, or in a child when ``env`` or ``timeout`` is given."""
        if kwargs:
            return self.run("mkdocs", "build", "--strict", *extra, **kwargs)
        return self.run_in_process("mkdocs", "build", "--strict", *extra)

    def check(self, **kwargs) -> BuildResult:
        """`kbpress check`: in this process, or in a child when ``env`` or ``timeout`` is given."""
        if kwargs:
            return self.run("kbpress", "check", **kwargs)
        return self.run_in_process("kbpress", "check")


def sample_vocabulary() -> str:
    """The repository's taxonomy.yml without its search synonyms, which name words of the sample pages only."""
    return (REPO / "taxonomy.yml").read_text(encoding="utf-8").split("\nsynonyms:", 1)[0] + "\n"


def new_project(root: Path, mkdocs: str = MINIMAL_MKDOCS, pages: dict[str, str] | None = None) -> FixtureProject:
    """A project at ``root``: ``mkdocs``, the repository's vocabulary, the home page and ``pages`` (docs-relative).

    The sample's search synonyms name words of the sample's pages, which a
    fixture project does not have (``kbpress check`` would report every
    line), so the vocabulary comes without them.
    """
    project = FixtureProject(root)
    project.write("mkdocs.yml", mkdocs)
    project.write("taxonomy.yml", sample_vocabulary())
    project.write("docs/index.md", HOME)
    for relative, text in (pages or {}).items():
        project.write(f"docs/{relative}", text)
    return project


# -- commands in this process -------------------------------------------------------


def run_cli_in_process(root: Path, program: str, argv: list[str]) -> BuildResult:
    from click.testing import CliRunner

    cli = _command(program)
    with _isolated_logging(), contextlib.chdir(root):
        result = CliRunner().invoke(cli, argv, prog_name=program, catch_exceptions=True)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return BuildResult(result.exit_code, result.stdout, stderr)


def _command(program: str):
    if program == "mkdocs":
        from mkdocs.__main__ import cli

        return cli
    if program == "kbpress":
        from kbpress.cli import main

        return main
    raise ValueError(f"no in-process command line for {program!r}")


@contextlib.contextmanager
def _isolated_logging():
    """Each run starts with MkDocs's loggers as a new process has them, and leaves them as they were.

    MkDocs's command line adds a stream handler per run and a duplicate
    filter to its build log (which would hide a message a previous run
    logged); both are removed afterwards.
    """
    from mkdocs.commands import build

    loggers = [logging.getLogger("mkdocs"), build.log]
    saved = [(logger, logger.level, logger.propagate, list(logger.handlers), list(logger.filters)) for logger in loggers]
    for logger in loggers:
        logger.filters.clear()
    try:
        yield
    finally:
        for logger, level, propagate, handlers, filters in saved:
            logger.setLevel(level)
            logger.propagate = propagate
            logger.handlers[:] = handlers
            logger.filters[:] = filters
