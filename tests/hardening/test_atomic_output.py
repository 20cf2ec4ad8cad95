"""A build killed at any point leaves the previous site complete and untouched."""

from __future__ import annotations

import hashlib

import pytest

from tests.projects import article

KILLER = """\
import os
import signal

from mkdocs.plugins import event_priority

POINT = os.environ.get("KILL_AT")


def _die(point):
    if POINT == point:
        os.kill(os.getpid(), signal.SIGKILL)


def on_files(files, config):
    _die("files")


def on_page_content(html, page, config, files):
    if page.file.src_uri.startswith("articles/"):
        _die("page")
    return html


@event_priority(-50)  # after the outputs, before the staging directory is swapped in
def on_post_build(config):
    _die("post_build")
"""

def numbered_article(n: int, content: str = "内容") -> str:
    return article(f"記事{n}", description=f"要約{n}", tags=None, body=f"## 本文\n\n{content}{n}\n")


def snapshot(site):
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("point", ["files", "page", "post_build"])
def test_killed_build_leaves_previous_site_intact(fixture_project, point):
    for n in range(5):
        fixture_project.write(f"docs/articles/a{n}.md", numbered_article(n))
    first = fixture_project.build()
    assert first.returncode == 0, first.output
    before = snapshot(fixture_project.site)
    assert "articles/a0/index.html" in before

    fixture_project.write("killer.py", KILLER)
    config = (fixture_project.root / "mkdocs.yml").read_text(encoding="utf-8")
    fixture_project.write("mkdocs.yml", config + "hooks:\n  - killer.py\n")
    for n in range(5):
        fixture_project.write(f"docs/articles/a{n}.md", numbered_article(n, "変更後の内容"))
    killed = fixture_project.build(env={"KILL_AT": point})
    assert killed.returncode == -9, killed.output

    assert snapshot(fixture_project.site) == before
    # The next build cleans the killed build's staging directory and succeeds.
    done = fixture_project.build(env={"KILL_AT": ""})
    assert done.returncode == 0, done.output
    assert "変更後の内容" in (fixture_project.site / "articles/a0/index.html").read_text(encoding="utf-8")
    assert [p.name for p in fixture_project.root.iterdir() if p.name.startswith(".site")] == []
