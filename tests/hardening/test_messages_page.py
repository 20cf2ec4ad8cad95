"""Every message kbpress can show is explained in docs/authoring/messages.md.

The messages are found in the source, not listed by hand: each call that
reports something (Problem, PluginError, log.warning, click.ClickException,
...), each string a function returns in a module that reports problems, and
the hint tables added to messages. The fixed Japanese parts of a message —
the runs of Japanese text between placeholders, 8 characters or longer —
must appear in the page word for word, so a new or reworded message fails
here until the page explains it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import pytest

from tests.conftest import HOME, MINIMAL_MKDOCS, REPO, FixtureProject

PAGE = REPO / "docs" / "authoring" / "messages.md"
PACKAGE = REPO / "kbpress"
MIN_RUN = 8
JAPANESE_RUN = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]+")

# Calls whose string arguments are shown to a specialist.
MESSAGE_CALLS = {
    "Problem", "KbpressError", "PluginError", "ClickException", "NewPageError", "CredentialsError",
    "CompositionError", "StopRun", "SourceError", "YamlError", "FontNotFoundError", "ArgumentTypeError",
    "Skipped", "_damage_message", "warn_if_missing_dir", "EpubCommandError",
    "error", "_error", "_warn", "problem",  # the checkers' helpers that build Problems
    "warning", "info", "write", "echo",  # log.warning / log.error / log.info, err.write, click.echo
}
# Tables whose values end up in a message (missing-key hints, publish result labels).
MESSAGE_TABLES = {"_HINTS", "_REQUIRED_HINTS", "STATUS_LABELS"}
# Modules that write pages, books and feeds: their strings are content, not messages.
CONTENT_MODULES = {
    "kbpress/indexes.py", "kbpress/pageinfo.py", "kbpress/clock.py", "kbpress/newpage.py",
    "kbpress/feeds/discovery.py", "kbpress/epub/download.py", "kbpress/epub/package.py",
    "kbpress/epub/material.py", "kbpress/epub/cover.py",
    "kbpress/portal/latest.py", "kbpress/portal/pagelinks.py", "kbpress/portal/contacts.py",  # portal page parts
    "kbpress/vault/home.py", "kbpress/vault/redirectpage.py",  # a vault site's home and redirect pages
    "kbpress/vault/initfiles.py",  # the files kbpress init --vault writes
}


@dataclass(frozen=True)
class Message:
    where: str  # kbpress/...py:line
    text: str  # the source expression, for the failure report
    runs: tuple[str, ...]  # fixed Japanese runs of MIN_RUN characters or more


def fragments(node: ast.AST) -> list[str]:
    """The fixed text of a message expression; every placeholder splits it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        parts, current = [], ""
        for value in node.values:
            if isinstance(value, ast.Constant):
                current += value.value
            else:
                parts.append(current)
                current = ""
        return parts + [current]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return fragments(node.left) + fragments(node.right)
    if isinstance(node, ast.IfExp):
        return fragments(node.body) + fragments(node.orelse)
    return []  # names, nested calls (reported on their own), joins: placeholders


def japanese_runs(node: ast.AST) -> tuple[str, ...]:
    return tuple(run for text in fragments(node) for run in JAPANESE_RUN.findall(text) if len(run) >= MIN_RUN)


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _message_expressions(tree: ast.AST, content_module: bool):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _callee(node) in MESSAGE_CALLS:
            yield from node.args
            yield from (keyword.value for keyword in node.keywords)
        elif isinstance(node, ast.Return) and node.value is not None and not content_module:
            yield node.value
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", None) in MESSAGE_TABLES for t in node.targets):
            if isinstance(node.value, ast.Dict):
                yield from node.value.values


def collect_messages() -> list[Message]:
    messages = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        shown = path.relative_to(REPO).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for expression in _message_expressions(tree, shown in CONTENT_MODULES):
            runs = japanese_runs(expression)
            if runs:
                where = f"{shown}:{expression.lineno}"
                messages[where] = Message(where, ast.unparse(expression), runs)
    return list(messages.values())


MESSAGES = collect_messages()


def test_the_source_scan_finds_the_messages():
    """Guards the scanner itself: a broken scan must not pass silently."""
    assert len(MESSAGES) >= 150, len(MESSAGES)
    found = {run for message in MESSAGES for run in message.runs}
    for known in ("が見つかりません。ファイル名とフォルダを確かめてください",  # linkcheck, after a placeholder
                  "台帳がロックされています",  # the ledger lock, between ASCII words
                  "フィードの定義に問題があります",  # PluginError with an f-string
                  "ビルドに失敗したため、前回の出力をそのまま残しました",  # log.error
                  "から対象を選んで書いてください",  # a hint table
                  "として読めません"):  # an argument of the ledger's message builder
        assert any(known in run for run in found), known


@pytest.mark.parametrize("message", MESSAGES, ids=[message.where for message in MESSAGES])
def test_message_is_explained_in_the_authoring_guide(message):
    page = PAGE.read_text(encoding="utf-8")
    missing = [run for run in message.runs if run not in page]
    assert not missing, f"{message.where}: {message.text}\nnot in {PAGE.relative_to(REPO)}: {missing}"


AREAS = ("メタデータ", "ファイル", "本文とリンク", "ガイドブック", "フィード", "SNS 投稿", "設定")


def test_page_is_a_guide_page_with_every_area():
    page = PAGE.read_text(encoding="utf-8")
    assert page.startswith("---\ntitle: メッセージ一覧\ndescription: "), page[:80]
    headings = re.findall(r"^## (.+)$", page, flags=re.MULTILINE)
    for area in AREAS:
        assert any(heading.startswith(area) for heading in headings), (area, headings)


def test_page_passes_kbpress_check(tmp_path):
    """Its links and front matter follow the same rules as every other page."""
    project = FixtureProject(tmp_path / "project")
    project.write("mkdocs.yml", MINIMAL_MKDOCS.replace("  - admonition\n", "  - admonition\n  - def_list\n"))  # as in mkdocs.yml
    (project.root / "taxonomy.yml").write_bytes((REPO / "taxonomy.yml").read_bytes())
    project.write("docs/index.md", HOME)
    for page in (REPO / "docs" / "authoring").glob("*.md"):
        project.write_bytes(f"docs/authoring/{page.name}", page.read_bytes())
    result = project.check()
    assert "Traceback" not in result.output, result.output
    own = [line for line in result.output.splitlines() if line.startswith("docs/authoring/messages.md")]
    assert own == [], "\n".join(own)
