"""The command line: scripts/publish, mkdocs.yml reading, and `kbpress check` integration."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kbpress.social.cli import read_project_config
from socialsupport import REPO

SCRIPT = REPO / "scripts" / "publish"


def run_script(*args: str, env_extra: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("X_")}
    env.update({"KBPRESS_NOW": "2026-11-01T12:00:00+09:00", **(env_extra or {})})
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120, env=env, cwd=cwd or REPO
    )


def test_script_dry_run_json_on_a_project(project):
    done = run_script("--format", "json", "-f", str(project.root / "mkdocs.yml"), "--site-dir", str(project.site))

    assert done.returncode == 0, done.stderr
    kinds = [json.loads(line)["kind"] for line in done.stdout.splitlines()]
    assert sorted(kinds) == ["post", "post", "quote", "repost"]


def test_script_post_without_credentials_names_the_missing_variables(project):
    done = run_script("--post", "-f", str(project.root / "mkdocs.yml"))

    assert done.returncode == 1
    for name in ("X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET"):
        assert name in done.stderr
    assert not (project.root / "social" / "ledger.jsonl").exists()


def test_script_refuses_a_non_loopback_api_base(project):
    env = {"X_API_KEY": "k" * 8, "X_API_SECRET": "s" * 8, "X_ACCESS_TOKEN": "42-" + "t" * 8, "X_ACCESS_TOKEN_SECRET": "u" * 8}
    env["KBPRESS_X_API_BASE"] = "https://api.example.com"

    done = run_script("--post", "-f", str(project.root / "mkdocs.yml"), env_extra=env)

    assert done.returncode == 1 and "127.0.0.1" in done.stderr


def test_now_is_for_dry_runs_only(project):
    done = run_script("--post", "--now", "2026-12-01T09:00", "-f", str(project.root / "mkdocs.yml"))

    assert done.returncode == 1 and "--now はドライラン専用" in done.stderr


def test_mkdocs_yml_is_read_as_a_build_reads_it(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_SITE_URL", "https://kb.example.jp/")
    (tmp_path / "docs").mkdir()  # MkDocs's loader, like a build, requires the docs folder
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\n"
        "site_url: !ENV [KB_SITE_URL, 'https://fallback.example/']\n"
        "site_dir: public\n"
        "markdown_extensions:\n"
        "  - toc:\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n"
        "  - search\n"
        "  - kbpress:\n"
        "      taxonomy: vocab/taxonomy.yml\n"
        "      articles_dir: kb\n",
        encoding="utf-8",
    )

    project = read_project_config(config)

    assert project.site_url == "https://kb.example.jp/"
    assert project.site_dir == (tmp_path / "public").resolve()
    assert project.docs_dir == (tmp_path / "docs").resolve()
    assert project.taxonomy_path == (tmp_path / "vocab" / "taxonomy.yml").resolve()
    assert "kb" in project.content_config.kind_dirs


def test_kbpress_check_reports_social_problems(fixture_project):
    fixture_project.write("social/bad.yml", "id: bad\ntype: quote\nurl: https://example.com/post/1\ncomment: c\n")

    result = fixture_project.check()

    assert result.returncode == 1
    assert "social/bad.yml:3: url 'https://example.com/post/1' は X の投稿の URL ではありません" in result.output


@pytest.mark.slow
def test_script_dry_run_json_on_the_sample_content(sample_site):
    done = run_script("--format", "json", "--site-dir", str(sample_site))

    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    kinds = [line["kind"] for line in lines]
    assert kinds.count("post") >= 1 and kinds.count("repost") >= 1 and kinds.count("quote") >= 1, done.stdout + done.stderr
    for line in lines:
        assert {"network", "kind", "text", "weighted_length", "source"} <= set(line)
        if line["kind"] == "post":
            assert line["text"].startswith(("【更新情報】", "【トピックス】")) and line["weighted_length"] <= 280
            assert (sample_site / line["target"].removeprefix("https://kb.example.jp/") / "index.html").is_file()
