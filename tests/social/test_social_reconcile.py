"""Reconciliation recognises only the post kbpress sent: never another post that links the same page."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fake_x_api import CREATE, TIMELINE, Behaviour
from kbpress.social.resolve import resolve
from kbpress.social.xapi import ClientSettings
from socialsupport import NOW, make_project, publish
from test_social_posting import ARTICLE_SOURCE, TOPIC_SOURCE, statuses, write_pending

ARTICLE_URL = "https://kb.example.jp/articles/password-basics/"
QUOTED_ID = "1790000000000000001"
# A quote whose comment links the article: it contains the page URL but is not the announcement.
QUOTE_LINKING_THE_PAGE = f"""\
id: quote-links-article
type: quote
url: https://x.com/example_account/status/{QUOTED_ID}
comment: |
  使い回しの被害が続いています。対策はこちらの記事で。
  {ARTICLE_URL}
date: 2026-10-20T09:00:00+09:00
"""


@pytest.fixture
def linked(tmp_path, fake_x):
    """Two pages and a quote linking the article; X accepts identical texts (as it sometimes does)."""
    project = make_project(tmp_path / "project", queue=False)
    project.write("social/quote-links-article.yml", QUOTE_LINKING_THE_PAGE)
    fake_x.refuse_duplicates = False
    return project


def planned_text(project, source: str) -> str:
    return next(line["text"] for line in publish(project, fmt="json").json_lines() if line["id"] == source)


def announcements(fake_x) -> list[dict]:
    return [tweet for tweet in fake_x.tweets if (tweet["_original_text"] or "").startswith("【更新情報】パスワード管理の基本")]


def quotes(fake_x) -> list[dict]:
    return [tweet for tweet in fake_x.tweets if tweet.get("referenced_tweets")]


@pytest.mark.parametrize(
    "lost",
    [
        Behaviour(status=500, body={"title": "Internal Server Error"}),
        Behaviour(status=503, body={"title": "Service Unavailable", "detail": "upstream connect error"}),
        Behaviour(status=201, body={"data": {"id": "1", "text": "x"}}, hang=10),  # no answer before the timeout
    ],
    ids=["500", "503", "timeout"],
)
def test_a_quote_linking_the_page_is_not_taken_for_its_lost_announcement(linked, fake_x, settings, credentials, lost):
    fake_x.script(CREATE, lost)  # the article's announcement goes first (oldest) and is not stored

    first = publish(linked, post=True, env=credentials, settings=settings)

    assert first.code == 75, first.err
    assert statuses(linked)[ARTICLE_SOURCE] == "pending"
    assert len(quotes(fake_x)) == 1 and ARTICLE_URL in quotes(fake_x)[0]["_original_text"]

    second = publish(linked, post=True, env=credentials, settings=settings)

    assert second.code == 0, second.out + second.err
    assert len(announcements(fake_x)) == 1  # posted exactly once
    done = [r for r in linked.ledger() if r["source"] == ARTICLE_SOURCE][-1]
    assert done["status"] == "done" and done["remote_id"] == announcements(fake_x)[0]["id"]
    assert done["remote_id"] != quotes(fake_x)[0]["id"]
    assert len(quotes(fake_x)) == 1


def test_a_run_killed_before_x_stored_the_announcement_posts_it_despite_the_quote(linked, fake_x, settings, credentials):
    text = planned_text(linked, ARTICLE_SOURCE)
    fake_x.add_existing(f"使い回しの被害が続いています。対策はこちらの記事で。\n{ARTICLE_URL}", quote_tweet_id=QUOTED_ID)
    write_pending(linked, source=ARTICLE_SOURCE, kind="post", target=ARTICLE_URL, text=text, file="docs/articles/password-basics.md")

    run = publish(linked, post=True, env=credentials, settings=settings)

    assert run.code == 0, run.out + run.err
    assert len(announcements(fake_x)) == 1
    notes = [r.get("note") for r in linked.ledger() if r["source"] == ARTICLE_SOURCE]
    assert "reconciled: not found on X" in notes


def test_when_both_are_on_x_the_announcement_is_chosen_not_the_newer_quote(linked, fake_x, settings, credentials):
    fake_x.lagging = True  # the stored announcement does not show on the timeline yet
    fake_x.script(CREATE, Behaviour(status=201, accept=True, hang=10))

    first = publish(linked, post=True, env=credentials, settings=settings)

    assert first.code == 75 and statuses(linked)[ARTICLE_SOURCE] == "pending"
    fake_x.catch_up()

    second = publish(linked, post=True, env=credentials, settings=settings)

    assert second.code == 0, second.out + second.err
    assert len(announcements(fake_x)) == 1
    done = [r for r in linked.ledger() if r["source"] == ARTICLE_SOURCE][-1]
    assert done["remote_id"] == announcements(fake_x)[0]["id"] and done["note"] == "reconciled: found on X"


def test_a_lagging_timeline_never_leads_to_a_second_post(linked, fake_x, settings, credentials):
    patient = ClientSettings(**{**settings.__dict__, "settle_seconds": 600})
    fake_x.lagging = True
    fake_x.script(CREATE, Behaviour(status=201, accept=True, hang=10))  # stored, answer lost

    first = publish(linked, post=True, env=credentials, settings=patient)
    second = publish(linked, post=True, env=credentials, settings=patient)  # at once: the timeline still lags

    assert (first.code, second.code) == (75, 75)
    assert "X のタイムラインへの反映を待っています" in second.out
    assert len(announcements(fake_x)) == 1
    fake_x.catch_up()

    third = publish(linked, post=True, env=credentials, settings=patient)

    assert third.code == 0, third.out + third.err
    assert len(announcements(fake_x)) == 1 and statuses(linked)[ARTICLE_SOURCE] == "done"
    assert sum(1 for body in fake_x.creates if body["text"].startswith("【更新情報】")) == 1


def test_x_normalisation_of_the_text_still_matches(tmp_path, fake_x, settings, credentials):
    project = make_project(tmp_path / "p", queue=False)
    project.write(
        "docs/articles/password-basics.md",
        (project.root / "docs/articles/password-basics.md").read_text(encoding="utf-8").replace(
            "使い回しをやめ、", "ID & パスワードの使い回し <危険> をやめ、"
        ),
    )
    text = planned_text(project, ARTICLE_SOURCE)
    assert "&" in text and "<" in text
    fake_x.add_existing(text)  # stored with t.co links and &amp; &lt; &gt;
    write_pending(project, source=ARTICLE_SOURCE, kind="post", target=ARTICLE_URL, text=text)

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 0, run.out + run.err
    assert not any(body["text"] == text for body in fake_x.creates)
    assert statuses(project)[ARTICLE_SOURCE] == "done"


def test_an_altered_copy_stays_pending_for_a_person_and_resolve_settles_it(tmp_path, fake_x, settings, credentials):
    project = make_project(tmp_path / "p", queue=False)
    text = planned_text(project, ARTICLE_SOURCE)
    edited = fake_x.add_existing(text.replace("多要素認証", "二段階認証"))  # edited on X after posting
    write_pending(project, source=ARTICLE_SOURCE, kind="post", target=ARTICLE_URL, text=text, file="docs/articles/password-basics.md")

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 1
    assert not any(body["text"].startswith("【更新情報】") for body in fake_x.creates)
    assert statuses(project)[ARTICLE_SOURCE] == "pending"
    assert f"https://x.com/i/web/status/{edited['id']}" in run.out
    assert "要対応: docs/articles/password-basics.md:" in run.out and "kbpress social resolve" in run.out
    assert statuses(project)[TOPIC_SOURCE] == "done"  # the rest went out

    resolve(project.root, "docs/articles/password-basics.md", posted_url=f"https://x.com/center/status/{edited['id']}", now=NOW)
    again = publish(project, post=True, env=credentials, settings=settings)

    assert again.code == 0, again.out + again.err
    assert [r for r in project.ledger() if r["source"] == ARTICLE_SOURCE][-1]["remote_id"] == edited["id"]
    assert not any(body["text"].startswith("【更新情報】") for body in fake_x.creates)
    assert "投稿するものはありませんでした" in again.out


def test_an_old_identical_post_from_before_the_pending_record_is_not_taken(tmp_path, fake_x, settings, credentials):
    project = make_project(tmp_path / "p", queue=False)
    text = planned_text(project, ARTICLE_SOURCE)
    old = fake_x.add_existing(text)
    old["created_at"] = "2020-01-01T00:00:00.000Z"  # long before this attempt: not ours to claim
    write_pending(project, source=ARTICLE_SOURCE, kind="post", target=ARTICLE_URL, text=text, age=timedelta(hours=1))
    fake_x.refuse_duplicates = False

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 0, run.out + run.err
    done = [r for r in project.ledger() if r["source"] == ARTICLE_SOURCE][-1]
    assert done["status"] == "done" and done["remote_id"] != old["id"]


def test_an_endless_timeline_never_counts_as_not_found(tmp_path, fake_x, settings, credentials):
    project = make_project(tmp_path / "p", queue=False)
    text = planned_text(project, ARTICLE_SOURCE)
    write_pending(project, source=ARTICLE_SOURCE, kind="post", target=ARTICLE_URL, text=text)
    page = {"data": [{"id": "1850000000000000999", "text": "別の投稿です。", "edit_history_tweet_ids": ["1850000000000000999"]}],
            "meta": {"result_count": 1, "next_token": "more"}}
    fake_x.always(TIMELINE, Behaviour(status=200, body=page))  # a busy account: always another page

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 75, run.out + run.err
    assert statuses(project)[ARTICLE_SOURCE] == "pending"
    assert not any(body["text"] == text for body in fake_x.creates)
    assert "最後まで調べきれませんでした" in run.out
    assert fake_x.count("GET", r"/2/users/42/tweets") == 3  # bounded


def test_a_post_by_another_account_is_never_taken_for_ours(tmp_path, fake_x, settings, credentials):
    project = make_project(tmp_path / "p", queue=False)
    text = planned_text(project, ARTICLE_SOURCE)
    write_pending(project, source=ARTICLE_SOURCE, kind="post", target=ARTICLE_URL, text=text)
    theirs = {"id": "1850000000000000998", "author_id": "99", "text": text, "edit_history_tweet_ids": ["1850000000000000998"]}
    fake_x.script(TIMELINE, Behaviour(status=200, body={"data": [theirs], "meta": {"result_count": 1}}))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 0, run.out + run.err
    done = [r for r in project.ledger() if r["source"] == ARTICLE_SOURCE][-1]
    assert done["status"] == "done" and done["remote_id"] != theirs["id"]
    assert len(announcements(fake_x)) == 1
