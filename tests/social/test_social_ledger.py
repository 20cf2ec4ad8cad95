"""The ledger: durable appends, strict reading, one run at a time."""

from __future__ import annotations

import os

import pytest

from kbpress.model import KbpressError
from kbpress.social.ledger import DONE, PENDING, Ledger, LedgerRecord, ledger_lock
from socialsupport import publish

RECORD = LedgerRecord(source="queue:a", hash="sha256:1", network="x", kind="repost", status=PENDING, time="2026-11-01T12:00:00+09:00")


def test_append_then_load_round_trip_and_latest_status_wins(tmp_path):
    path = tmp_path / "ledger.jsonl"
    ledger = Ledger.load(path, "social/ledger.jsonl")
    assert ledger.records == []

    ledger.append(RECORD)
    ledger.append(RECORD.with_status(DONE, "2026-11-01T12:00:01+09:00", remote_id="99"))

    again = Ledger.load(path, "social/ledger.jsonl")
    assert len(again.records) == 2
    assert again.latest("queue:a", "x").status == DONE and again.is_settled("queue:a", "x")
    assert again.pending("x") == []
    assert path.read_text(encoding="utf-8").count("\n") == 2


def test_append_is_flushed_to_disk_before_returning(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    ledger = Ledger.load(tmp_path / "ledger.jsonl", "social/ledger.jsonl")

    ledger.append(RECORD)

    assert len(synced) >= 1  # the file (and, when created, its directory)


def test_a_final_line_without_newline_is_kept_and_appended_after(tmp_path):
    path = tmp_path / "ledger.jsonl"
    path.write_text(RECORD.to_line().rstrip("\n"), encoding="utf-8")

    ledger = Ledger.load(path, "social/ledger.jsonl")
    ledger.append(RECORD.with_status(DONE, "2026-11-01T12:00:01+09:00"))

    assert [r.status for r in Ledger.load(path, "social/ledger.jsonl").records] == [PENDING, DONE]


@pytest.mark.parametrize(
    "content, line, cause",
    [
        (RECORD.to_line() + '{"source": "queue:b", "hash": "sha', 2, "中断された"),
        ('<<<<<<< HEAD\n' + RECORD.to_line(), 1, "git のマージ"),
        (RECORD.to_line().replace('"pending"', '"posted"') + RECORD.to_line(), 1, "status 'posted' は不明な値"),
        ('["not", "an", "object"]\n' + RECORD.to_line(), 1, "JSON オブジェクトではありません"),
        (RECORD.to_line().replace('"network": "x", ', ""), 1, "network がありません"),
    ],
)
def test_a_damaged_ledger_stops_with_file_line_and_instructions(tmp_path, content, line, cause):
    path = tmp_path / "ledger.jsonl"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(KbpressError) as raised:
        Ledger.load(path, "social/ledger.jsonl")

    problem = raised.value.problems[0]
    assert problem.path == "social/ledger.jsonl" and problem.line == line
    assert cause in problem.message and "消したり作り直したりしないでください" in problem.message


def test_publish_refuses_a_damaged_ledger_and_leaves_it_untouched(project, fake_x, settings, credentials):
    project.ledger_path.parent.mkdir(parents=True, exist_ok=True)
    damaged = RECORD.to_line() + '{"source": "queue:b", "ha'
    project.ledger_path.write_text(damaged, encoding="utf-8")

    dry = publish(project)
    run = publish(project, post=True, env=credentials, settings=settings)

    assert dry.code == run.code == 1
    assert "social/ledger.jsonl:2: 投稿台帳が壊れています" in run.err
    assert project.ledger_path.read_text(encoding="utf-8") == damaged
    assert fake_x.calls == []


def test_a_second_run_at_the_same_time_fails_at_once(project, fake_x, settings, credentials):
    lock = project.root / "social" / ".ledger.lock"
    with ledger_lock(lock, "social/.ledger.lock"):
        run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 1
    assert "別の publish が実行中です" in run.err
    assert fake_x.calls == [] and project.ledger() == []

    after = publish(project, post=True, env=credentials, settings=settings)
    assert after.code == 0, after.err
