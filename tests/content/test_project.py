"""Starting and finding a knowledge base: `kbpress init`, the mkdocs.yml lookup, `kbpress new` on a bare vocabulary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kbpress.project import NoProjectError, find_config_file
from tests.conftest import BIN, REPO

PUBLISH = REPO / "scripts" / "publish"


def kbpress(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "kbpress"), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_lookup_finds_the_nearest_mkdocs_yml_upward(tmp_path):
    outer, inner = tmp_path / "outer", tmp_path / "outer" / "docs" / "nested-kb"
    (inner / "docs" / "articles").mkdir(parents=True)
    (outer / "mkdocs.yml").write_text("site_name: a\n", encoding="utf-8")
    (inner / "mkdocs.yml").write_text("site_name: b\n", encoding="utf-8")
    assert find_config_file(outer / "docs") == (outer / "mkdocs.yml").resolve()
    assert find_config_file(inner / "docs" / "articles") == (inner / "mkdocs.yml").resolve()
    with pytest.raises(NoProjectError) as caught:
        find_config_file(Path("/proc/self"))
    assert "kbpress init" in str(caught.value)


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "notes.txt").write_text("mine", encoding="utf-8")
    result = kbpress("init", "kb", cwd=tmp_path)
    assert result.returncode == 1 and "空ではありません" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in (tmp_path / "kb").iterdir()] == ["notes.txt"]


@pytest.fixture(scope="module")
def new_kb(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("init")
    result = kbpress("init", "soc-kb", "--name", "SOC: 手順集 \"内部\"", "--url", "https://soc.example.net/kb", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "soc-kb"


def test_init_writes_every_part_of_a_knowledge_base(new_kb):
    expected = {"mkdocs.yml", "taxonomy.yml", "README.md", "requirements.txt", ".gitignore", ".github/workflows/site.yml",
                "docs/index.md", "docs/faq.md", "docs/about.md", "docs/articles/password-basics.md",
                "guidebook/basics.yml", "feeds/topics.yml", "social/.gitignore"}
    written = {p.relative_to(new_kb).as_posix() for p in new_kb.rglob("*") if p.is_file()}
    topics = [name for name in written if name.startswith("docs/topics/")]
    assert len(topics) == 1 and topics[0].startswith("docs/topics/2026/2026-11-01-")  # KBPRESS_NOW
    assert written - set(topics) == expected
    assert not [name for name in written if "${" in (new_kb / name).read_text(encoding="utf-8")]


def test_every_command_works_from_inside_the_project_and_names_the_site(new_kb):
    # A name with a colon and quotes stays one YAML string.
    result = kbpress("check", cwd=new_kb / "docs" / "articles")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert 'SOC: 手順集 "内部" (https://soc.example.net/kb/)' in result.stderr


def test_new_page_from_a_subfolder_lands_in_the_project(new_kb):
    result = kbpress("new", "article", "Incident Triage", "--category", "incident", cwd=new_kb / "guidebook")
    assert result.returncode == 0, result.stderr
    page = new_kb / "docs" / "articles" / "incident-triage.md"
    assert page.is_file() and "category: incident" in page.read_text(encoding="utf-8")
    assert kbpress("check", cwd=new_kb).returncode == 0


def test_outside_any_project_every_command_fails_clearly(tmp_path):
    for args in (["check"], ["new", "topic", "題"], ["epub"], ["publish"]):
        result = kbpress(*args, cwd=tmp_path)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert "mkdocs.yml がありません" in result.stderr and "Traceback" not in result.stderr, args


def test_publish_script_plans_the_posts_of_the_project_it_runs_in(new_kb):
    (new_kb / "social" / "repost-alert.yml").write_text(
        "id: repost-alert\ntype: repost\nurl: https://x.com/example_soc/status/1790000000000000009\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("X_", "KBPRESS_X_"))}
    done = subprocess.run([sys.executable, str(PUBLISH), "--format", "json"], cwd=new_kb / "docs", capture_output=True,
                          text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    assert 'SOC: 手順集 "内部" (https://soc.example.net/kb/)' in done.stderr
    assert "1790000000000000009" in done.stdout
    assert "kb.example.jp" not in done.stdout  # none of the repository's own sample posts


@pytest.mark.parametrize(
    "taxonomy",
    [None, "", "categories: {}\ntags: {}\n", "tags:\n  a: {name: A}\n"],
    ids=["missing", "empty", "no categories", "tags only"],
)
def test_new_without_categories_says_what_to_add(fixture_project, taxonomy):
    path = fixture_project.root / "taxonomy.yml"
    if taxonomy is None:
        path.unlink()
    else:
        path.write_text(taxonomy, encoding="utf-8")
    result = fixture_project.run("kbpress", "new", "topic", "偽の請求書メール")
    assert result.returncode == 1, result.output
    assert "Traceback" not in result.output and "taxonomy.yml" in result.stderr
    assert not (fixture_project.docs / "topics").exists()
