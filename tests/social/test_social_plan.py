"""What is eligible, and the dry run: planned posts listed, no network, nothing written."""

from __future__ import annotations

import json
import socket
from datetime import datetime

import pytest

from kbpress.model import JST
from socialsupport import ARTICLE, FAKE_CREDENTIALS, NOW, TOPIC, make_project, publish


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise AssertionError(f"network access during a dry run: {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def test_dry_run_lists_every_planned_post_without_any_network(project, no_network):
    run = publish(project, env=dict(FAKE_CREDENTIALS))  # credentials present: still nothing is sent

    assert run.code == 0, run.err
    assert no_network == []
    assert "投稿予定 4 件 (ドライラン" in run.out
    for expected in (
        "[1] 引用 (quote)  social/quote-backup.yml",
        "リポスト (repost)  social/repost-sms.yml",
        "告知 (post)  docs/articles/password-basics.md",
        "対象: https://kb.example.jp/articles/password-basics/",
        "| 【更新情報】パスワード管理の基本",
        "| 【トピックス】宅配業者を装う偽 SMS にご注意ください",
        "文字数: 169/280",
    ):
        assert expected in run.out
    assert not (project.root / "social" / "ledger.jsonl").exists()
    assert not (project.root / "social" / ".ledger.lock").exists()


def test_dry_run_json_has_one_object_per_planned_post(project, no_network):
    run = publish(project, fmt="json")

    assert run.code == 0 and no_network == []
    lines = run.json_lines()
    assert [line["kind"] for line in lines] == ["quote", "repost", "post", "post"]
    for line in lines:
        assert {"network", "kind", "text", "weighted_length", "source", "target", "id"} <= set(line)
        assert line["network"] == "x"
    article = next(line for line in lines if line["source"] == "docs/articles/password-basics.md")
    assert article["weighted_length"] == 169 and article["text"].startswith("【更新情報】")
    assert next(line for line in lines if line["kind"] == "repost")["text"] is None
    assert json.loads(run.out.splitlines()[0])  # stdout is pure JSON lines


def test_dry_run_applies_the_limit_and_says_so(project, no_network):
    run = publish(project, fmt="json", limit=2)

    assert len(run.json_lines()) == 2
    assert "--limit により 2 件は次回以降" in run.err


def test_drafts_future_topics_and_unbuilt_pages_wait(tmp_path, no_network):
    project = make_project(tmp_path / "p", queue=False)
    project.write("docs/topics/2026/draft.md", TOPIC.replace("slug: fake-sms-2026-10", "slug: draft-one\ndraft: true"))
    project.write(
        "docs/topics/2026/future.md",
        TOPIC.replace("slug: fake-sms-2026-10", "slug: future-one").replace("2026-10-15T10:00", "2026-12-01T10:00"),
    )
    project.write("docs/articles/unbuilt.md", ARTICLE.replace("title: パスワード管理の基本", "title: 未ビルド"))
    project.write("docs/articles/quiet.md", ARTICLE.replace("post: true", "post: false").replace("title: パスワード管理の基本", "title: 告知しない"))

    run = publish(project)

    assert "投稿予定 2 件" in run.out
    assert "保留: docs/topics/2026/draft.md: 下書き" in run.out
    assert "保留: docs/topics/2026/future.md: 公開日時 2026-12-01T10:00:00+09:00 より前" in run.out
    assert "保留: docs/articles/unbuilt.md: ビルド済みサイトに /articles/unbuilt/ がない" in run.out
    assert "quiet.md" not in run.out

    later = publish(project, now=datetime(2026, 12, 2, tzinfo=JST))
    assert "ビルド済みサイトに /topics/2026/future-one/ がない" in later.out  # due, but the site predates it
    project.build_page("topics/2026/future-one/")
    later = publish(project, now=datetime(2026, 12, 2, tzinfo=JST))
    assert "投稿予定 3 件" in later.out and "future.md" in later.out


def test_queue_entry_with_a_date_waits_until_then(project, no_network):
    project.write("social/later.yml", "id: later\ntype: repost\nurl: https://x.com/a/status/1790000000000000009\ndate: 2026-11-02T09:00:00+09:00\n")

    run = publish(project)

    assert "保留: social/later.yml: date 2026-11-02T09:00:00+09:00 より前" in run.out


def test_an_updated_article_is_announced_again(project, fake_x, settings, credentials):
    assert publish(project, post=True, env=credentials, settings=settings).code == 0
    article = project.docs / "articles" / "password-basics.md"
    article.write_text(article.read_text(encoding="utf-8").replace("updated: 2026-10-01", "updated: 2026-10-30"), encoding="utf-8")

    dry = publish(project, fmt="json")

    assert [line["id"] for line in dry.json_lines()] == ["page:articles/password-basics/@2026-10-30"]
    run = publish(project, post=True, env=credentials, settings=settings)
    assert run.code == 0, run.err
    # Same text as the first announcement: X refuses it as a duplicate, recorded and not retried.
    assert "重複" in run.out


def test_pending_records_are_announced_in_the_dry_run(project, no_network):
    project.ledger_path.parent.mkdir(parents=True, exist_ok=True)
    project.ledger_path.write_text(
        json.dumps({"source": "queue:quote-backup", "hash": "h", "network": "x", "kind": "quote", "status": "pending",
                    "time": NOW.isoformat(), "file": "social/quote-backup.yml"}) + "\n",
        encoding="utf-8",
    )

    run = publish(project)

    assert "確認待ち: social/quote-backup.yml は前回の実行で投稿されたか不明です" in run.out
