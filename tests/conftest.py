"""Fixtures shared by every test area: fixture projects and the sample site."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# Tests never depend on the wall clock or on the machine's git history.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T09:00:00+09:00
os.environ.setdefault("KBPRESS_NOW", "2026-11-01T12:00:00+09:00")

MINIMAL_MKDOCS = """\
site_name: テスト保管庫
site_url: https://kb.example.jp/
site_author: テスト支援センター
use_directory_urls: true
theme:
  name: material
  language: ja
  font: false
  features:
    - navigation.indexes
    - navigation.path
nav:
  - ホーム: index.md
  - 解説記事: categories/index.md
  - トピックス: topics/index.md
  - 更新情報: updates.md
validation:
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
"""

HOME = """\
---
title: ホーム
---
ようこそ。
"""


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
        """Run a console script of this venv (mkdocs, kbpress) in the project."""
        command = [str(BIN / args[0]), *args[1:]]
        merged = {**os.environ, **(env or {})}
        done = subprocess.run(command, cwd=self.root, capture_output=True, text=True, timeout=timeout, env=merged)
        return BuildResult(done.returncode, done.stdout, done.stderr)

    def build(self, *extra: str, **kwargs) -> BuildResult:
        return self.run("mkdocs", "build", "--strict", *extra, **kwargs)

    def check(self, **kwargs) -> BuildResult:
        return self.run("kbpress", "check", **kwargs)


def sample_vocabulary() -> str:
    """The repository's taxonomy.yml without its search synonyms, which name words of the sample pages only."""
    return (REPO / "taxonomy.yml").read_text(encoding="utf-8").split("\nsynonyms:", 1)[0] + "\n"


@pytest.fixture
def fixture_project(tmp_path: Path) -> FixtureProject:
    """A small valid project: mkdocs.yml, the real vocabulary, a home page.

    The sample's search synonyms name words of the sample's pages, which
    this project does not have (``kbpress check`` would report every line),
    so the vocabulary comes without them (:func:`sample_vocabulary`).
    """
    project = FixtureProject(tmp_path / "project")
    project.write("mkdocs.yml", MINIMAL_MKDOCS)
    project.write("taxonomy.yml", sample_vocabulary())
    project.write("docs/index.md", HOME)
    return project


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's own sample knowledge base, built once with --strict."""
    out = tmp_path_factory.mktemp("sample") / "site"
    done = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out
