"""Posting through real tweepy against a fake X API v2 on 127.0.0.1."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta

from fake_x_api import CREATE, RETWEET, TIMELINE, Behaviour, reset_in
from kbpress.model import JST
from socialsupport import make_project, publish

ARTICLE_SOURCE = "page:articles/password-basics/@2026-10-01"
TOPIC_SOURCE = "page:topics/2026/fake-sms-2026-10/"
ALL_SOURCES = {ARTICLE_SOURCE, TOPIC_SOURCE, "queue:quote-backup", "queue:repost-sms"}


def statuses(project) -> dict[str, str]:
    """The last status per source, as the ledger decides it."""
    latest = {}
    for record in project.ledger():
        latest[record["source"]] = record["status"]
    return latest


def test_posts_page_announcements_quote_and_repost(project, fake_x, settings, credentials):
    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 0, run.err
    texts = [body["text"] for body in fake_x.creates]
    assert any(text.startswith("【更新情報】パスワード管理の基本\n") for text in texts)
    assert any(text.startswith("【トピックス】宅配業者を装う偽 SMS にご注意ください\n") for text in texts)
    quotes = [body for body in fake_x.creates if body.get("quote_tweet_id")]
    assert quotes == [{"text": "バックアップは「別の場所に・複数世代」が基本です。", "quote_tweet_id": "1790000000000000001"}]
    assert fake_x.retweeted == {"1790000000000000002"}
    assert fake_x.authorizations and all(auth.startswith("OAuth ") for auth in fake_x.authorizations)
    assert statuses(project) == {source: "done" for source in ALL_SOURCES}
    assert "結果: 投稿しました 4 件" in run.out


def test_every_post_has_pending_before_done_and_records_remote_ids(project, fake_x, settings, credentials):
    publish(project, post=True, env=credentials, settings=settings)

    records = project.ledger()
    for source in ALL_SOURCES:
        mine = [record for record in records if record["source"] == source]
        assert [record["status"] for record in mine] == ["pending", "done"]
        assert mine[0]["hash"] == mine[1]["hash"] and mine[0]["hash"].startswith("sha256:")
        assert mine[1]["network"] == "x" and mine[1]["remote_id"] and mine[1]["time"].endswith("+09:00")
    article_done = [r for r in records if r["source"] == ARTICLE_SOURCE][-1]
    assert article_done["remote_id"] in {tweet["id"] for tweet in fake_x.tweets}


def test_second_run_posts_nothing(project, fake_x, settings, credentials):
    publish(project, post=True, env=credentials, settings=settings)
    posts_before = len(fake_x.creates), fake_x.count("POST", r"/2/users/42/retweets")

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 0
    assert (len(fake_x.creates), fake_x.count("POST", r"/2/users/42/retweets")) == posts_before
    assert "投稿するものはありませんでした" in run.out


def test_limit_caps_posts_per_run(project, fake_x, settings, credentials):
    run = publish(project, post=True, limit=1, env=credentials, settings=settings, fmt="json")

    assert run.code == 0
    assert len(fake_x.creates) + fake_x.count("POST", r"/2/users/42/retweets") == 1
    assert [line["status"] for line in run.json_lines()] == ["done"]


def test_json_results_name_source_and_remote_id(project, fake_x, settings, credentials):
    run = publish(project, post=True, fmt="json", env=credentials, settings=settings)

    lines = run.json_lines()
    assert {line["id"] for line in lines} == ALL_SOURCES
    article = next(line for line in lines if line["id"] == ARTICLE_SOURCE)
    assert article["source"] == "docs/articles/password-basics.md"
    assert article["network"] == "x" and article["status"] == "done" and article["remote_id"]


# -- rate limits ----------------------------------------------------------------


def test_429_with_reset_stops_and_reports_the_reset_time_in_jst(project, fake_x, settings, credentials):
    reset = reset_in(900)
    fake_x.script(CREATE, Behaviour(status=429, body={"title": "Too Many Requests"}, headers={"x-rate-limit-reset": reset}))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 75
    expected = datetime.fromtimestamp(int(reset), JST).strftime("%Y-%m-%d %H:%M")
    assert f"{expected} (日本時間)" in run.err
    assert "残りは次の実行で投稿します" in run.err
    # Only the first create was attempted; nothing else was sent after the 429.
    assert len(fake_x.creates) == 1
    first = fake_x.creates[0]
    assert fake_x.tweets == [] or all(t["_original_text"] != first["text"] for t in fake_x.tweets)
    rate_limited = [r for r in project.ledger() if r["status"] == "not_posted"]
    assert len(rate_limited) == 1 and rate_limited[0]["note"] == "rate limited"

    rerun = publish(project, post=True, env=credentials, settings=settings)

    assert rerun.code == 0, rerun.err
    assert statuses(project) == {source: "done" for source in ALL_SOURCES}
    created_texts = [tweet["_original_text"] for tweet in fake_x.tweets if tweet["_original_text"]]
    assert len(created_texts) == len(set(created_texts)) == 3


def test_429_without_reset_header_stops_without_retrying(project, fake_x, settings, credentials, monkeypatch):
    fake_x.script(CREATE, Behaviour(status=429, body={"title": "Too Many Requests"}))
    fake_x.script(RETWEET, Behaviour(status=429, body={"title": "Too Many Requests"}))
    slept = []
    monkeypatch.setattr(time, "sleep", slept.append)  # waiting for an unknown reset would sleep here

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 75
    assert sum(slept) <= settings.backoff * settings.attempts, slept
    assert "解除時刻は返されませんでした" in run.err
    assert len(fake_x.creates) + fake_x.count("POST", r"/2/users/42/retweets") == 1


def test_429_daily_cap_reports_the_24_hour_reset(project, fake_x, settings, credentials):
    daily_reset = reset_in(6 * 3600)
    fake_x.script(
        CREATE,
        Behaviour(
            status=429,
            body={"title": "Too Many Requests"},
            headers={
                "x-rate-limit-reset": reset_in(60),
                "x-user-limit-24hour-remaining": "0",
                "x-user-limit-24hour-reset": daily_reset,
            },
        ),
    )
    fake_x.script(RETWEET, Behaviour(status=429, headers={"x-user-limit-24hour-remaining": "0", "x-user-limit-24hour-reset": daily_reset}))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 75
    assert "1 日の投稿数の上限" in run.err
    assert datetime.fromtimestamp(int(daily_reset), JST).strftime("%Y-%m-%d %H:%M") in run.err


# -- refusals -------------------------------------------------------------------


def test_403_duplicate_is_recorded_and_never_retried(project, fake_x, settings, credentials):
    quote_text = "バックアップは「別の場所に・複数世代」が基本です。"
    fake_x.add_existing(quote_text)

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 0, run.err
    assert statuses(project)["queue:quote-backup"] == "duplicate"
    duplicate = [r for r in project.ledger() if r["status"] == "duplicate"][0]
    assert "duplicate" in duplicate["note"].lower()
    attempts = sum(1 for body in fake_x.creates if body["text"] == quote_text)
    assert attempts == 1

    publish(project, post=True, env=credentials, settings=settings)

    assert sum(1 for body in fake_x.creates if body["text"] == quote_text) == 1


def test_401_stops_the_run_with_a_plain_message(project, fake_x, settings, credentials):
    fake_x.script(CREATE, Behaviour(status=401, body={"title": "Unauthorized", "detail": "Unauthorized"}))
    fake_x.script(RETWEET, Behaviour(status=401, body={"title": "Unauthorized", "detail": "Unauthorized"}))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 1
    assert "認証に失敗しました" in run.err
    assert list(statuses(project).values()) == ["not_posted"]


def test_deleted_original_is_rejected_and_the_rest_is_posted(project, fake_x, settings, credentials):
    fake_x.script(RETWEET, Behaviour(status=404, body={"title": "Not Found", "detail": "Could not find tweet"}))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 1
    assert statuses(project)["queue:repost-sms"] == "rejected"
    assert sum(1 for status in statuses(project).values() if status == "done") == 3


# -- server errors and timeouts -----------------------------------------------------


def test_500_leaves_the_post_pending_unsent_until_the_next_run_has_looked(project, fake_x, settings, credentials):
    fake_x.script(CREATE, Behaviour(status=500, body={"title": "Internal Server Error"}))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 75, run.err
    assert fake_x.count("GET", r"/2/users/42/tweets") >= 1  # looked, found nothing
    failed = fake_x.creates[0]["text"]
    assert [body["text"] for body in fake_x.creates].count(failed) == 1  # never sent again in the same run
    assert sorted(statuses(project).values()) == ["done", "done", "done", "pending"]

    rerun = publish(project, post=True, env=credentials, settings=settings)

    assert rerun.code == 0, rerun.err
    texts = [tweet["_original_text"] for tweet in fake_x.tweets if tweet["_original_text"]]
    assert len(texts) == len(set(texts)) == 3
    assert statuses(project) == {source: "done" for source in ALL_SOURCES}


def test_500_after_the_post_was_made_is_found_not_posted_twice(project, fake_x, settings, credentials):
    fake_x.script(CREATE, Behaviour(status=500, body={"title": "Internal Server Error"}, accept=True))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 0, run.err
    texts = [tweet["_original_text"] for tweet in fake_x.tweets if tweet["_original_text"]]
    assert len(texts) == len(set(texts)) == 3
    assert len(fake_x.creates) == 3  # the accepted one was not sent again
    assert statuses(project) == {source: "done" for source in ALL_SOURCES}


def test_persistent_500_leaves_pending_then_next_run_reconciles(project, fake_x, settings, credentials):
    fake_x.script(CREATE, *[Behaviour(status=503, body={"title": "Service Unavailable"}) for _ in range(3)])

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 75
    assert len(fake_x.creates) == 3  # each sent once, none again
    pending_sources = {source for source, status in statuses(project).items() if status == "pending"}
    assert pending_sources == ALL_SOURCES - {"queue:repost-sms"}
    assert statuses(project)["queue:repost-sms"] == "done"
    assert run.out.count("次の実行で確かめます (再送しません)") == 3

    rerun = publish(project, post=True, env=credentials, settings=settings)

    assert rerun.code == 0, rerun.err
    for source in pending_sources:
        notes = [r.get("note") for r in project.ledger() if r["source"] == source]
        assert "reconciled: not found on X" in notes
    assert statuses(project) == {source: "done" for source in ALL_SOURCES}


def test_three_unknown_outcomes_in_a_row_stop_the_run(tmp_path, fake_x, settings, credentials):
    project = make_project(tmp_path / "p", pages=True, queue=False)
    project.write("social/quote-a.yml", QUOTE_A)
    fake_x.script(CREATE, *[Behaviour(status=502, body={"title": "Bad Gateway"}) for _ in range(3)])

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 75
    assert len(fake_x.creates) == 3
    assert "投稿を中断しました: X が応答しないかエラーを返しました (HTTP 502 Bad Gateway、3 件続けて)" in run.err
    assert list(statuses(project).values()) == ["pending"] * 3


QUOTE_A = """\
id: quote-a
type: quote
url: https://x.com/example_account/status/1790000000000000005
comment: 取引先を装うメールの添付ファイルに注意しましょう。
"""


def fake_x_first_source(project) -> str:
    return project.ledger()[0]["source"]


def test_hanging_server_times_out_and_leaves_the_outcome_pending(project, fake_x, settings, credentials):
    fake_x.script(CREATE, *[Behaviour(status=201, body={"data": {"id": "1", "text": "x"}}, hang=10) for _ in range(3)])
    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 75
    assert fake_x.answered_after_hang == 0, "the run waited for a hanging answer: a request without timeout?"
    assert "タイムアウト" in run.out
    assert len(fake_x.creates) == 3  # each of the three texts once: none sent again after its timeout
    assert len({body["text"] for body in fake_x.creates}) == 3
    assert sorted(statuses(project).values()) == ["done", "pending", "pending", "pending"]


def test_post_accepted_but_answer_lost_is_found_by_reconciliation(project, fake_x, settings, credentials):
    fake_x.script(CREATE, Behaviour(status=201, accept=True, hang=10))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 0, run.err
    texts = [tweet["_original_text"] for tweet in fake_x.tweets if tweet["_original_text"]]
    assert len(texts) == len(set(texts)) == 3
    assert statuses(project) == {source: "done" for source in ALL_SOURCES}


def test_lookup_failure_keeps_pending_and_posts_nothing_more(project, fake_x, settings, credentials):
    fake_x.script(CREATE, Behaviour(status=500, accept=True))
    fake_x.script(TIMELINE, Behaviour(status=429, headers={"x-rate-limit-reset": reset_in(600)}))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 75
    assert len(fake_x.creates) == 1
    assert list(statuses(project).values()) == ["pending"]


# -- reconciliation of leftovers ---------------------------------------------------


def write_pending(project, age: timedelta = timedelta(minutes=20), **record) -> None:
    """A pending record left by an earlier run ``age`` ago (the publisher's clock is the real one)."""
    time = (datetime.now(JST) - age).isoformat(timespec="seconds")
    base = {"network": "x", "hash": "sha256:0", "status": "pending", "time": time}
    project.ledger_path.parent.mkdir(parents=True, exist_ok=True)
    with open(project.ledger_path, "a", encoding="utf-8") as stream:
        stream.write(json.dumps({**base, **record}, ensure_ascii=False) + "\n")


def test_pending_repost_is_confirmed_through_retweeters(project, fake_x, settings, credentials):
    fake_x.retweeted.add("1790000000000000002")  # on X, but not on the (fake) timeline
    write_pending(
        project,
        source="queue:repost-sms",
        kind="repost",
        target="https://twitter.com/example_account/status/1790000000000000002",
    )

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 0, run.err
    assert fake_x.count("GET", r"/2/tweets/1790000000000000002/retweeted_by") == 1
    assert fake_x.count("POST", r"/2/users/42/retweets") == 0
    last = [r for r in project.ledger() if r["source"] == "queue:repost-sms"][-1]
    assert last["status"] == "done" and last["note"] == "reconciled: found on X"
    assert "前回分を確認" in run.out


def test_pending_page_post_is_found_by_its_url_despite_tco_links(tmp_path, fake_x, settings, credentials):
    project = make_project(tmp_path / "p", queue=False)
    text = "【更新情報】パスワード管理の基本\n(古い文面)\nhttps://kb.example.jp/articles/password-basics/"
    fake_x.add_existing(text)
    write_pending(project, source=ARTICLE_SOURCE, kind="post", target="https://kb.example.jp/articles/password-basics/", text=text)

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 0, run.err
    assert not any(body["text"].startswith("【更新情報】") for body in fake_x.creates)
    assert statuses(project)[ARTICLE_SOURCE] == "done"


def test_a_hanging_timeline_lookup_also_times_out(project, fake_x, settings, credentials):
    write_pending(project, source="queue:quote-backup", kind="quote", target="https://x.com/example_account/status/1790000000000000001", text="c")
    fake_x.script(TIMELINE, Behaviour(status=200, body={"meta": {"result_count": 0}}, hang=10))
    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 75 and fake_x.answered_after_hang == 0, "the run waited for the hanging lookup"
    assert "確かめられませんでした" in run.err
    assert fake_x.creates == [] and statuses(project) == {"queue:quote-backup": "pending"}


def test_an_unreadable_success_answer_is_looked_up_never_sent_again(project, fake_x, settings, credentials):
    fake_x.refuse_duplicates = False  # only the lookup stands between the unreadable answer and a second post
    fake_x.script(CREATE, Behaviour(status=201, body={"unexpected": True}, accept=True))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 0, run.out + run.err
    texts = [tweet["_original_text"] for tweet in fake_x.tweets if tweet["_original_text"]]
    assert len(texts) == len(set(texts)) == 3 and len(fake_x.creates) == 3
    first = [r for r in project.ledger() if r["source"] == project.ledger()[0]["source"]]
    assert [r["status"] for r in first] == ["pending", "done"]
    assert first[-1]["note"].startswith("found on X after X は成功と答えましたが、応答から投稿の結果を読めません")
    assert first[-1]["remote_id"] == fake_x.tweets[0]["id"]


def test_accepted_then_dropped_connection_is_found_not_posted_twice(project, fake_x, settings, credentials):
    fake_x.refuse_duplicates = False  # only the lookup stands between a lost answer and a second post
    fake_x.script(CREATE, Behaviour(accept=True, drop=True))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 0, run.out + run.err
    texts = [tweet["_original_text"] for tweet in fake_x.tweets if tweet["_original_text"]]
    assert len(texts) == len(set(texts)) == 3
    assert len(fake_x.creates) == 3
    notes = [r.get("note") or "" for r in project.ledger() if r["status"] == "done"]
    assert any(note.startswith("found on X after 接続が切れたか、接続できません") for note in notes)


def test_dropped_connection_before_x_stored_it_is_posted_on_the_next_run_only(project, fake_x, settings, credentials):
    fake_x.refuse_duplicates = False
    fake_x.script(CREATE, Behaviour(drop=True))

    run = publish(project, post=True, env=credentials, settings=settings)
    rerun = publish(project, post=True, env=credentials, settings=settings)

    assert (run.code, rerun.code) == (75, 0), run.out + rerun.out
    texts = [tweet["_original_text"] for tweet in fake_x.tweets if tweet["_original_text"]]
    assert len(texts) == len(set(texts)) == 3
    assert statuses(project) == {source: "done" for source in ALL_SOURCES}
