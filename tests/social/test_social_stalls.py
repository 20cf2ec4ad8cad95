"""No silent stalls: a post whose outcome stays unknown fails the run visibly; a person resolves it."""

from __future__ import annotations

import os
import subprocess
from dataclasses import replace
from datetime import timedelta

import pytest

from fake_x_api import CREATE, RETWEETERS, TIMELINE, Behaviour, problem, reset_in
from socialsupport import REPO, publish
from test_social_posting import ALL_SOURCES, statuses, write_pending

QUOTE_URL = "https://x.com/example_account/status/1790000000000000001"
KBPRESS = REPO / ".venv" / "bin" / "kbpress"


def pending_quote(project, age: timedelta) -> None:
    write_pending(
        project, age=age, source="queue:quote-backup", kind="quote", target=QUOTE_URL,
        text="バックアップは「別の場所に・複数世代」が基本です。", file="social/quote-backup.yml",
    )


@pytest.fixture
def no_timeline_reads(fake_x):
    """An API tier without reads: every lookup answers 403."""
    forbidden = problem(403, "When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens "
                             "from a Twitter developer App that is attached to a Project.", title="Client Forbidden",
                        type_name="client-forbidden")
    fake_x.always(TIMELINE, forbidden)
    fake_x.always(RETWEETERS, forbidden)
    return fake_x


def test_a_lookup_that_always_403s_pauses_at_first_and_the_rest_goes_out(project, no_timeline_reads, settings, credentials):
    pending_quote(project, timedelta(hours=2))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 75, run.out + run.err
    assert statuses(project)["queue:quote-backup"] == "pending"
    assert not any(body.get("quote_tweet_id") for body in no_timeline_reads.creates)  # never sent blindly
    assert all(statuses(project)[source] == "done" for source in ALL_SOURCES - {"queue:quote-backup"})
    assert "X で投稿済みかどうかを確かめられませんでした (HTTP 403 Client Forbidden" in run.out


def test_past_the_threshold_the_run_fails_and_names_the_post(project, no_timeline_reads, settings, credentials):
    pending_quote(project, timedelta(hours=25))

    run = publish(project, post=True, env=credentials, settings=settings)
    as_json = publish(project, post=True, fmt="json", env=credentials, settings=settings)

    assert run.code == as_json.code == 1
    assert "要対応: social/quote-backup.yml: " in run.out
    assert "X で確かめて kbpress social resolve で記録してください" in run.out
    assert "HTTP 403 Client Forbidden" in run.out  # the reason, not only the age
    attention = as_json.summary()["attention"]
    assert [item["source"] for item in attention] == ["social/quote-backup.yml"]
    assert as_json.summary()["exit_code"] == 1 and as_json.summary()["counts"]["pending"] == 1


def test_the_threshold_is_configurable(project, no_timeline_reads, settings, credentials):
    pending_quote(project, timedelta(hours=2))

    assert publish(project, post=True, env=credentials, settings=settings).code == 75
    assert publish(project, post=True, env=credentials, settings=replace(settings, stall_hours=1)).code == 1


def test_a_lookup_rate_limited_for_a_day_also_fails_visibly(project, fake_x, settings, credentials):
    pending_quote(project, timedelta(hours=30))
    fake_x.always(TIMELINE, Behaviour(status=429, headers={"x-rate-limit-reset": reset_in(900)}))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 1  # not 75, which the workflow would turn into a warning
    assert "投稿を中断しました: X のAPI の回数制限に達しました。" in run.err
    assert "要対応: social/quote-backup.yml: " in run.out
    assert "投稿するものはありませんでした" not in run.out


@pytest.mark.parametrize("decision", ["--not-posted", "--posted"])
def test_kbpress_social_resolve_settles_a_stalled_post(project, no_timeline_reads, settings, credentials, decision):
    pending_quote(project, timedelta(hours=25))
    assert publish(project, post=True, env=credentials, settings=settings).code == 1
    args = [decision, "https://x.com/center/status/1850000000000000777"] if decision == "--posted" else [decision]

    done = subprocess.run(
        [str(KBPRESS), "social", "resolve", "quote-backup", *args, "-f", str(project.root / "mkdocs.yml")],
        capture_output=True, text=True, timeout=60, env={k: v for k, v in os.environ.items() if not k.startswith("X_")},
    )

    assert done.returncode == 0, done.stderr
    assert "記録しました: social/quote-backup.yml を" in done.stdout
    run = publish(project, post=True, env=credentials, settings=settings)
    assert run.code == 0, run.out + run.err
    last = [r for r in project.ledger() if r["source"] == "queue:quote-backup"][-1]
    quotes_sent = [body for body in no_timeline_reads.creates if body.get("quote_tweet_id")]
    if decision == "--posted":
        assert last["remote_id"] == "1850000000000000777" and quotes_sent == []
    else:
        assert last["status"] == "done" and len(quotes_sent) == 1


def test_resolve_refuses_what_is_settled_unknown_or_not_a_post_url(project, fake_x, settings, credentials):
    assert publish(project, post=True, env=credentials, settings=settings).code == 0
    before = project.ledger_path.read_bytes()

    def resolve(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(KBPRESS), "social", "resolve", *args, "-f", str(project.root / "mkdocs.yml")],
                              capture_output=True, text=True, timeout=60)

    settled = resolve("queue:quote-backup", "--not-posted")
    unknown = resolve("no-such-post", "--not-posted")
    bad_url = resolve("social/quote-backup.yml", "--posted", "https://example.com/post/1")
    neither = resolve("quote-backup")

    assert settled.returncode == 1 and "すでに決着しています (done)" in settled.stderr
    assert unknown.returncode == 1 and "'no-such-post' の記録が投稿台帳にありません" in unknown.stderr
    assert bad_url.returncode == 1 and "は X の投稿の URL ではありません" in bad_url.stderr
    assert neither.returncode == 2 and "--posted" in neither.stderr
    assert project.ledger_path.read_bytes() == before


# -- truthful summaries -------------------------------------------------------------


def test_a_reconciled_post_is_counted_once_as_posted(project, fake_x, settings, credentials):
    pending_quote(project, timedelta(minutes=30))  # not on X: reconciled as not posted, then posted

    run = publish(project, post=True, fmt="json", env=credentials, settings=settings)

    assert run.code == 0, run.out + run.err
    assert run.summary()["counts"] == {"done": 4, "duplicate": 0, "rejected": 0, "not_posted": 0, "pending": 0}
    assert run.summary()["found_on_x"] == 0
    reconciled = [line for line in run.json_lines() if line["id"] == "queue:quote-backup"]
    assert [(line["status"], line["reconciled"]) for line in reconciled] == [("not_posted", True), ("done", False)]


def test_found_on_x_is_reported_as_such(project, fake_x, settings, credentials):
    fake_x.add_existing("バックアップは「別の場所に・複数世代」が基本です。", quote_tweet_id="1790000000000000001")
    pending_quote(project, timedelta(minutes=30))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 0, run.out + run.err
    assert "結果: 投稿しました 4 件 (うち前回の実行の分を X で確認 1 件)" in run.out
    assert "投稿されていません" not in run.out


def test_a_run_stopped_while_looking_up_says_so(project, fake_x, settings, credentials):
    pending_quote(project, timedelta(minutes=30))
    fake_x.always(TIMELINE, Behaviour(status=503, body={"title": "Service Unavailable"}))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 75
    assert "投稿するものはありませんでした" not in run.out
    assert "結果: 投稿されたか不明です 1 件。途中で中断しました" in run.out
    assert fake_x.creates == []


def test_rate_limit_message_reads_as_separate_sentences(project, fake_x, settings, credentials):
    fake_x.script(CREATE, Behaviour(status=429, body={"title": "Too Many Requests"}))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 75
    assert "しばらく (15 分以上) 待ってから再実行してください。残りは次の実行で投稿します。" in run.err


def test_the_ledger_says_why_a_post_stays_pending_once_and_keeps_its_age(project, no_timeline_reads, settings, credentials):
    pending_quote(project, timedelta(hours=23))
    publish(project, post=True, env=credentials, settings=settings)
    publish(project, post=True, env=credentials, settings=settings)

    records = [r for r in project.ledger() if r["source"] == "queue:quote-backup"]
    assert [r["status"] for r in records] == ["pending", "pending"]  # the reason is written once, not per run
    assert "X で投稿済みかどうかを確かめられませんでした (HTTP 403 Client Forbidden" in records[1]["note"]

    # The age counts from the first attempt (23 hours), not from the note written just now.
    late = publish(project, post=True, env=credentials, settings=replace(settings, stall_hours=22.5))

    assert late.code == 1 and "要対応: social/quote-backup.yml: " in late.out
