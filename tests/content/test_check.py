"""`kbpress check` and `kbpress new`: one line per problem, exit status, valid new files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

GOOD = """\
---
title: 不審なメールの見分け方
description: 要約です。
category: mail
tags: [phishing]
audience: [従業員]
updated: 2025-09-01
---
## 見分け方

[開いてしまったら](after.md#手順) と ![流れ図](../images/flow.png)
"""

AFTER = """\
---
title: 開いてしまったら
description: 要約です。
category: incident
audience: [従業員]
updated: 2025-09-02
---
## 手順

本文
"""


@pytest.fixture
def checked_project(fixture_project):
    fixture_project.write("docs/articles/good.md", GOOD)
    fixture_project.write("docs/articles/after.md", AFTER)
    fixture_project.write_bytes("docs/images/flow.png", b"\x89PNG\r\n\x1a\n")
    return fixture_project


def test_clean_project_prints_nothing(checked_project):
    result = checked_project.check()
    assert result.returncode == 0, result.output
    assert result.stdout == ""


def test_each_problem_is_one_line_with_file_and_line(checked_project):
    checked_project.write("docs/articles/good.md", GOOD.replace("after.md#手順", "missing.md").replace("[phishing]", "[nosuchtag]"))
    checked_project.write("docs/articles/after.md", AFTER.replace("2025-09-02", "2026-02-30").replace("title: 開いてしまったら\n", ""))
    result = checked_project.check()
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    # The front matter errors stop that page's link check: three lines, one per problem.
    assert len(lines) == 3, result.stdout
    assert any(line.startswith("docs/articles/after.md:1:") and "title" in line for line in lines)
    assert any(line.startswith("docs/articles/after.md:5:") and "存在しない日付" in line for line in lines)
    assert any(line.startswith("docs/articles/good.md:5:") and "nosuchtag" in line for line in lines)


def test_broken_link_anchor_and_image_are_reported_with_lines(checked_project):
    checked_project.write(
        "docs/articles/good.md",
        GOOD.replace("after.md#手順", "gone.md") + "\n[見出し](after.md#ない見出し)\n\n![図](../images/none.png)\n\n[内部](#ない)\n",
    )
    result = checked_project.check()
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "docs/articles/good.md:11: リンク先のページ 'gone.md' がありません" in lines[0]
    assert any(":13:" in line and "ない見出し" in line for line in lines)
    assert any(":15:" in line and "none.png" in line for line in lines)
    assert any(":17:" in line and "#ない" in line for line in lines)


def test_image_without_alt_is_a_warning_that_fails_check_as_it_fails_the_strict_build(checked_project):
    checked_project.write("docs/articles/good.md", GOOD.replace("![流れ図]", "![]"))
    result = checked_project.check()
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "docs/articles/good.md:11: 警告: 画像 'flow.png' に代替テキストがありません。![画像の説明](…) の形で、何が写っているかを書いてください"
    ]
    assert checked_project.build().returncode == 1
    assert checked_project.run("mkdocs", "build").returncode == 0  # a warning: only --strict stops


def test_links_to_generated_pages_are_valid(checked_project):
    checked_project.write("docs/index.md", "---\ntitle: ホーム\n---\n[分野](categories/index.md) [更新](updates.md) [年](topics/index.md)\n")
    assert checked_project.check().returncode == 0


@pytest.mark.parametrize("kind", ["article", "topic"])
def test_new_writes_a_page_that_passes_check(checked_project, kind):
    result = checked_project.run("kbpress", "new", kind, "新しいお知らせ", "--slug", "new-notice")
    assert result.returncode == 0, result.output
    created = list(checked_project.docs.rglob("*new-notice*.md"))
    assert len(created) == 1
    text = created[0].read_text(encoding="utf-8")
    assert "新しいお知らせ" in text
    if kind == "topic":
        assert "+09:00" in text and "slug: new-notice" in text
    check = checked_project.check()
    assert check.returncode == 0, check.output
    again = checked_project.run("kbpress", "new", kind, "新しいお知らせ", "--slug", "new-notice")
    assert again.returncode != 0 and "既にあります" in again.output


def test_new_without_ascii_title_gets_a_dated_slug(checked_project):
    result = checked_project.run("kbpress", "new", "topic", "注意喚起")
    assert result.returncode == 0, result.output
    assert "topic-20261101-1200" in result.stdout


def test_sample_content_is_clean():
    done = subprocess.run(
        [str(Path(sys.executable).parent / "kbpress"), "check"], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
