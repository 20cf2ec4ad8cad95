"""Test support for social publishing: a small project on disk and helpers to run publish."""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kbpress.model import JST
from kbpress.social.cli import publish_command
from kbpress.social.xapi import ClientSettings
from kbpress.taxonomy import load_taxonomy
from tests.projects import FixtureProject

REPO = Path(__file__).resolve().parents[2]
SITE_URL = "https://kb.example.jp/"
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=JST)

# Fake OAuth 1.0a credentials. The access token starts with the user id, as X's do.
FAKE_CREDENTIALS = {
    "X_API_KEY": "fakeApiKeyQ7v2Lm9XcR4tZp",
    "X_API_SECRET": "fakeApiSecret+Wn3/Yk8=Hs1dJq5Tb0Vu6Gx2Ce4",
    "X_ACCESS_TOKEN": "42-fakeAccessTokenR8mK2pQ9wZ3xL7vN",
    "X_ACCESS_TOKEN_SECRET": "fakeTokenSecret&Ju5%Pe7!Dk2~Ma9",
}
USER_ID = "42"

ARTICLE = """\
---
title: パスワード管理の基本
description: 使い回しをやめ、パスワード管理ツールと多要素認証でアカウントを守る方法を解説します。
category: account
audience: [経営者, 従業員]
updated: 2026-10-01
social:
  post: true
  hashtags: [情報セキュリティ, 中小企業]
---
本文です。
"""

TOPIC = """\
---
title: 宅配業者を装う偽 SMS にご注意ください
date: 2026-10-15T10:00:00+09:00
slug: fake-sms-2026-10
categories: [alert]
summary: 不在通知を装った SMS のリンクから偽サイトに誘導する手口が増えています。
social:
  post: true
---
本文です。
"""

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


class Project(FixtureProject):
    """A fixture project (:mod:`tests.projects`) with a posting ledger and stand-ins for built pages."""

    @property
    def ledger_path(self) -> Path:
        return self.root / "social" / "ledger.jsonl"

    def build_page(self, url: str) -> None:
        """Stand-in for the built site: publish only looks for <url>index.html."""
        page = self.site / url / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("<!doctype html><title>built</title>", encoding="utf-8")

    def ledger(self) -> list[dict]:
        if not self.ledger_path.exists():
            return []
        return [json.loads(line) for line in self.ledger_path.read_text(encoding="utf-8").splitlines() if line]

    def mkdocs_yml(self) -> Path:
        return self.write(
            "mkdocs.yml",
            f"""\
            site_name: テスト
            site_url: {SITE_URL}
            markdown_extensions:
              - toc:
                  slugify: !!python/object/apply:pymdownx.slugs.slugify
                    kwds:
                      case: lower
            plugins:
              - kbpress:
                  taxonomy: taxonomy.yml
              - search
            """,
        )


def make_project(root: Path, *, pages: bool = True, queue: bool = True) -> Project:
    project = Project(root)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "taxonomy.yml", root / "taxonomy.yml")
    project.mkdocs_yml()
    project.write("docs/index.md", "---\ntitle: ホーム\n---\nようこそ。\n")
    project.build_page("")
    if pages:
        project.write("docs/articles/password-basics.md", ARTICLE)
        project.write("docs/topics/2026/fake-sms.md", TOPIC)
        project.build_page("articles/password-basics/")
        project.build_page("topics/2026/fake-sms-2026-10/")
    if queue:
        project.write("social/quote-backup.yml", QUOTE)
        project.write("social/repost-sms.yml", REPOST)
    return project


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json_lines(self) -> list[dict]:
        """The plan, or the results of a --post run (without its closing summary)."""
        lines = [json.loads(line) for line in self.out.splitlines() if line.strip()]
        return [line for line in lines if line.get("type") != "summary"]

    def summary(self) -> dict:
        """The closing summary of a --post run in JSON."""
        lines = [json.loads(line) for line in self.out.splitlines() if line.strip()]
        summaries = [line for line in lines if line.get("type") == "summary"]
        assert len(summaries) == 1 and lines[-1] is summaries[0], self.out
        return summaries[0]


def publish(
    project: Project,
    *,
    post: bool = False,
    fmt: str = "text",
    limit: int | None = None,
    now: datetime = NOW,
    env: dict | None = None,
    settings: ClientSettings | None = None,
) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = publish_command(
        project.root,
        post=post,
        fmt=fmt,
        limit=limit,
        now=now,
        site_dir=project.site,
        docs_dir=project.docs,
        site_url=SITE_URL,
        taxonomy=load_taxonomy(project.root / "taxonomy.yml"),
        out=out,
        err=err,
        env={} if env is None else env,
        settings=settings,
    )
    return Run(code, out.getvalue(), err.getvalue())
