"""Shared parts of the bad-input matrices: the Row table format and how a row runs.

A row starts from a copy of a project whose previous site is already built,
changes one thing, runs the command a specialist would run and asserts the
exit status, the message (file, line, fix), no traceback and, when the run
fails, the previous site left untouched byte for byte.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from tests.conftest import HOME, MINIMAL_MKDOCS, REPO, BuildResult, FixtureProject, sample_vocabulary

PUBLISH_SCRIPT = REPO / "scripts" / "publish"


@dataclass
class Row:
    name: str
    change: Callable[[FixtureProject], None]
    outcome: str  # "error": fails even without --strict; "warning": fails only under --strict; "accept"
    expect: tuple[str, ...] = ()  # substrings of the output (file:line and the fix)
    check: Callable[[FixtureProject], None] | None = None  # extra assertions on the result
    command: str = "build"  # "build": mkdocs build --strict; "check": kbpress check
    check_expect: tuple[str, ...] = ()  # a build row whose problem `kbpress check` must also report (exit 1)


def edit(relative: str, old: str, new: str):
    def change(project: FixtureProject) -> None:
        path = project.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def write(relative: str, text: str | bytes):
    def change(project: FixtureProject) -> None:
        if isinstance(text, bytes):
            project.write_bytes(relative, text)
        else:
            project.write(relative, text)

    return change


def site_has(relative: str):
    def check(project: FixtureProject) -> None:
        assert (project.site / relative).is_file(), relative

    return check


def site_lacks(relative: str):
    def check(project: FixtureProject) -> None:
        assert not (project.site / relative).exists(), relative

    return check


def snapshot(directory: Path) -> dict[str, str]:
    """Every file under ``directory`` with its SHA-256: equal snapshots mean byte-identical trees."""
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def copy_project(template: Path, root: Path) -> FixtureProject:
    shutil.copytree(template, root, symlinks=True)
    return FixtureProject(root)


def run_row(row: Row, built_template: Path, tmp_path: Path) -> None:
    project = copy_project(built_template, tmp_path / "project")
    before = snapshot(project.site)
    row.change(project)
    result = project.build(timeout=600) if row.command == "build" else project.check()
    output = result.output
    assert "Traceback" not in output, output
    if row.command == "check":
        _assert_check_outcome(row, result)
        assert snapshot(project.site) == before, "kbpress check changed the site"
    elif row.outcome == "accept":
        assert result.returncode == 0, output
    else:
        assert result.returncode != 0, output
        assert snapshot(project.site) == before, "the previous site was changed"
        if row.outcome == "warning":
            relaxed = project.run("mkdocs", "build")
            assert relaxed.returncode == 0, relaxed.output
    for expected in row.expect:
        assert expected in output, f"{expected!r} not in:\n{output}"
    if row.check_expect:
        checked = project.check()
        assert "Traceback" not in checked.output, checked.output
        assert checked.returncode == 1, checked.output
        for expected in row.check_expect:
            assert expected in checked.output, f"kbpress check: {expected!r} not in:\n{checked.output}"
    if row.check:
        row.check(project)


def _assert_check_outcome(row: Row, result: BuildResult) -> None:
    if row.outcome == "error":
        assert result.returncode == 1, result.output
    else:  # kbpress check reports warnings without failing
        assert result.returncode == 0, result.output


# -- a project with every output: portal, EPUB volume, feeds, social queue -----

OUTPUT_PLUGINS = """\
  - kbpress-feeds:
      feeds_dir: feeds
  - kbpress-epub:
      guidebook_dir: guidebook
"""

ARTICLE = """\
---
title: 不審なメールの見分け方
description: 差出人と本文のリンク先を確かめる方法です。
category: mail
tags: [phishing]
audience: [従業員]
updated: 2025-09-01
social:
  post: true
---
## 見分け方

本文です。[開いてしまったら](after.md#手順)
"""

AFTER = """\
---
title: 開いてしまったら
description: 添付ファイルを開いてしまったときの手順です。
category: incident
audience: [従業員]
updated: 2025-09-02
---
## 手順

本文です。
"""

TOPIC = """\
---
title: 偽SMSに注意
date: 2025-06-12T10:00:00+09:00
slug: fake-sms
categories: [alert]
tags: [phishing]
summary: 宅配業者をかたるSMSが増えています。
---
本文です。
"""

DRAFT_TOPIC = TOPIC.replace("偽SMSに注意", "書きかけの注意喚起").replace("slug: fake-sms", "slug: draft-topic\ndraft: true")

MANIFEST = """\
title: 情報セキュリティの基本
volume: 1
chapters:
  - articles/good.md
  - articles/after.md
"""

TOPICS_FEED = "title: トピックス\ndescription: すべてのトピックス\nlimit: 10\n"
ALERTS_FEED = "title: 注意喚起\ncategories: [alert]\n"

QUOTE = """\
id: quote-backup
type: quote
url: https://x.com/example_account/status/1790000000000000001
comment: バックアップは「別の場所に・複数世代」が基本です。
"""

REPOST = """\
id: repost-sms
type: repost
url: https://twitter.com/example_account/status/1790000000000000002
"""


def make_outputs_project(root: Path) -> FixtureProject:
    """A valid project using kbpress, kbpress-feeds and kbpress-epub, with a social queue; built once."""
    project = FixtureProject(root)
    project.write("mkdocs.yml", MINIMAL_MKDOCS + OUTPUT_PLUGINS)
    project.write("taxonomy.yml", sample_vocabulary())
    project.write("docs/index.md", HOME)
    project.write("docs/articles/good.md", ARTICLE)
    project.write("docs/articles/after.md", AFTER)
    project.write("docs/topics/2025/fake-sms.md", TOPIC)
    project.write("docs/topics/2025/draft.md", DRAFT_TOPIC)
    project.write("guidebook/basics.yml", MANIFEST)
    project.write("feeds/topics.yml", TOPICS_FEED)
    project.write("feeds/alerts.yml", ALERTS_FEED)
    project.write("social/quote-backup.yml", QUOTE)
    project.write("social/repost-sms.yml", REPOST)
    result = project.build()
    assert result.returncode == 0, result.output
    built = snapshot(project.site)
    # The rows below must prove these survive a failed build, so they must exist.
    assert "guidebook/basics.epub" in built and "feeds/topics.xml" in built and "feeds/alerts.atom" in built, sorted(built)
    return project


# -- scripts/publish ----------------------------------------------------------


def run_publish_script(project: FixtureProject, *args: str, env: dict[str, str] | None = None, timeout: int = 120) -> BuildResult:
    """``scripts/publish`` as the workflow runs it, without any X_* variable of the caller."""
    import os

    clean = {key: value for key, value in os.environ.items() if not key.startswith(("X_", "KBPRESS_X_"))}
    done = subprocess.run(
        [sys.executable, str(PUBLISH_SCRIPT), *args, "-f", str(project.root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**clean, **(env or {})},
        cwd=project.root,
    )
    return BuildResult(done.returncode, done.stdout, done.stderr)
