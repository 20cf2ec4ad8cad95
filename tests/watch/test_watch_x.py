"""X lists and accounts as sources, read with tweepy from a fake X API on 127.0.0.1."""

from __future__ import annotations

import json

import yaml
from werkzeug import Response

from socialsupport import FAKE_CREDENTIALS
from watchsupport import run_watch, sources_yml

BEARER = "AAAAAAAAAAAAAAAAAAAAAFakeBearer%2Fq7Lm9XcR4tZpWn3Yk8Hs1dJq5Tb0Vu6"
LIST_ID = "1790000000000000000"


def fill_list(x_lists) -> None:
    npa = x_lists.add_user("1100000000000000001", "npa_cyber_ex", "警察庁サイバー警察局(例)")
    cisa = x_lists.add_user("1100000000000000002", "cisa_example", "CISA (example)")
    x_lists.add_post(
        LIST_ID, npa, "1852000000000000001",
        "【注意喚起】宅配業者を装ったSMSが急増しています。リンクを開かず、公式アプリで確認してください。https://t.co/AbCdEf1234",
        "2026-10-31T01:00:00.000Z", {"https://t.co/AbCdEf1234": "https://www.npa.go.jp/bureau/cyber/sms.html?utm_source=x"},
    )
    x_lists.add_post(
        LIST_ID, cisa, "1852000000000000002",
        "CISA adds three known exploited vulnerabilities to the catalog, including Ivanti Connect Secure. Patch now.",
        "2026-10-31T14:30:00.000Z",
    )


def env_for(x_lists, **extra) -> dict:
    return {"KBPRESS_X_API_BASE": x_lists.base_url, **extra}


def candidates(social_dir) -> list[dict]:
    return yaml.safe_load((social_dir / "inbox" / "2026-11-01.yml").read_text(encoding="utf-8"))["candidates"]


def test_list_posts_become_repost_or_quote_candidates(x_lists, social_dir):
    fill_list(x_lists)
    (social_dir / "sources.yml").write_text(sources_yml([{"name": "注意喚起リスト", "x_list": f'"{LIST_ID}"'}]), encoding="utf-8")

    run = run_watch(social_dir, env=env_for(x_lists, X_BEARER_TOKEN=BEARER), fmt="json")

    assert run.code == 0, run.err
    lines = [json.loads(line) for line in run.out.splitlines()]
    assert len(lines) == 2
    by_url = {line["url"]: line for line in lines}
    japanese = by_url["https://x.com/npa_cyber_ex/status/1852000000000000001"]
    english = by_url["https://x.com/cisa_example/status/1852000000000000002"]
    assert japanese["action"] == "repost" and english["action"] == "quote"  # a foreign-language post needs our words
    assert japanese["published"] == "2026-10-31T10:00:00+09:00"
    summary = next(c["summary"] for c in candidates(social_dir) if c["url"].endswith("0001"))
    assert "https://www.npa.go.jp/bureau/cyber/sms.html" in summary and "t.co" not in summary
    assert all(auth == f"Bearer {BEARER}" for _path, _query, auth in x_lists.requests)


def test_an_account_is_read_with_the_posting_keys_and_only_new_posts_next_time(x_lists, social_dir):
    fill_list(x_lists)
    (social_dir / "sources.yml").write_text(sources_yml([{"name": "警察庁", "x_user": "npa_cyber_ex"}]), encoding="utf-8")
    env = env_for(x_lists, **FAKE_CREDENTIALS)

    first = run_watch(social_dir, env=env)
    second = run_watch(social_dir, env=env)

    assert first.code == second.code == 0
    assert [c["url"] for c in candidates(social_dir)] == ["https://x.com/npa_cyber_ex/status/1852000000000000001"]
    timelines = [query for path, query, _auth in x_lists.requests if path.endswith("/tweets")]
    assert len(timelines) == 2
    assert "since_id" not in timelines[0] and timelines[1]["since_id"] == "1852000000000000001"
    assert all(auth.startswith("OAuth ") for _path, _query, auth in x_lists.requests)
    state = json.loads((social_dir / "watch-state.json").read_text(encoding="utf-8"))
    assert state["sources"]["x_user:npa_cyber_ex"] == {"since_id": "1852000000000000001"}


def test_x_sources_are_skipped_with_a_note_without_credentials(site, x_lists, social_dir):
    fill_list(x_lists)
    feed = site.feed("/news/rss.xml", "nisc.xml")
    (social_dir / "sources.yml").write_text(
        sources_yml([{"name": "注意喚起リスト", "x_list": f'"{LIST_ID}"'}, {"name": "NISC", "url": feed}]), encoding="utf-8"
    )

    run = run_watch(social_dir, env={})

    assert run.code == 0
    assert "省略: 注意喚起リスト" in run.out and "X_BEARER_TOKEN" in run.out
    assert len(candidates(social_dir)) == 2 and x_lists.requests == []


def test_a_missing_list_is_a_named_failure(x_lists, site, social_dir):
    feed = site.feed("/news/rss.xml", "nisc.xml")
    (social_dir / "sources.yml").write_text(
        sources_yml([{"name": "消えたリスト", "x_list": '"1234"'}, {"name": "NISC", "url": feed}]), encoding="utf-8"
    )

    run = run_watch(social_dir, env=env_for(x_lists, X_BEARER_TOKEN=BEARER))

    assert run.code == 1
    assert "失敗: 消えたリスト (1234): X API: HTTP 404" in run.err
    assert len(candidates(social_dir)) == 2


def test_credentials_never_reach_output_inbox_or_state(x_lists, social_dir):
    fill_list(x_lists)
    (social_dir / "sources.yml").write_text(
        sources_yml([{"name": "リスト", "x_list": f'"{LIST_ID}"'}, {"name": "個人", "x_user": "nobody_here"}]), encoding="utf-8"
    )

    run = run_watch(social_dir, env=env_for(x_lists, X_BEARER_TOKEN=BEARER, **FAKE_CREDENTIALS))

    written = run.out + run.err + (social_dir / "inbox" / "2026-11-01.yml").read_text(encoding="utf-8")
    written += (social_dir / "watch-state.json").read_text(encoding="utf-8")
    for secret in [BEARER, *FAKE_CREDENTIALS.values()]:
        assert secret not in written
    assert "nobody_here が見つかりません" in run.err


def test_an_x_post_linked_from_a_feed_is_the_same_candidate_as_from_the_list(site, x_lists, social_dir):
    fill_list(x_lists)
    rss = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>まとめ</title><link>https://matome.example.jp/</link>'
        "<item><title>警察庁の注意喚起ポスト</title>"
        "<link>https://mobile.twitter.com/npa_cyber_ex/status/1852000000000000001?s=20&amp;t=Zx9</link>"
        "<pubDate>Fri, 31 Oct 2026 12:00:00 +0900</pubDate></item></channel></rss>"
    ).encode()
    feed = site.handler("/matome.rss", lambda request: Response(rss, content_type="application/rss+xml"))
    (social_dir / "sources.yml").write_text(
        sources_yml([{"name": "まとめ", "url": feed}, {"name": "リスト", "x_list": f'"{LIST_ID}"'}]), encoding="utf-8"
    )

    run_watch(social_dir, env=env_for(x_lists, X_BEARER_TOKEN=BEARER))

    found = candidates(social_dir)
    assert len(found) == 2
    first = found[0]
    assert first["url"] == "https://x.com/npa_cyber_ex/status/1852000000000000001"
    assert first["source"] == "まとめ" and first["suggested"] == "repost"
