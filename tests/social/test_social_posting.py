"""Posting through real tweepy against a fake X API v2 on 127.0.0.1."""

from __future__ import annotations

import time

from fake_x_api import CREATE, RETWEET, TIMELINE, Behaviour, reset_in
from socialsupport import publish


def test_posts_page_announcements_quote_and_repost(project, fake_x, settings, credentials):
    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 0, run.err
    creates = fake_x.creates
    texts = [body["text"] for body in creates]
    assert any(text.startswith("【更新情報】パスワード管理の基本") for text in texts)
    assert any(text.startswith("【トピックス】宅配業者を装う偽 SMS") for text in texts)
    quote = [body for body in creates if body.get("quote_tweet_id")]
    assert quote == [{"text": "バックアップは「別の場所に・複数世代」が基本です。", "quote_tweet_id": "1790000000000000001"}]
    assert fake_x.retweeted == {"1790000000000000002"}
    assert all(auth.startswith("OAuth ") for auth in fake_x.authorizations)
    done = [record for record in project.ledger() if record["status"] == "done"]
    assert {record["source"] for record in done} == {
        "page:articles/password-basics/@2026-10-01",
        "page:topics/2026/fake-sms-2026-10/",
        "queue:quote-backup",
        "queue:repost-sms",
    }
