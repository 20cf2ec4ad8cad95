"""kbpress watch against feeds served from 127.0.0.1: every format, dedup, conditional requests, failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import yaml
from werkzeug import Response

from kbpress.watch.client import user_agent
from watchsupport import FEEDS, SITE_URL, run_watch, sources_yml

ALL_FORMATS = [
    ("JPCERT/CC", "/rss/jpcert.rdf", "jpcert.rdf", "application/rdf+xml"),
    ("はてなブックマーク セキュリティ", "/q/security.rss", "hatena-security.rdf", "application/rss+xml; charset=utf-8"),
    ("NISC", "/news/rss.xml", "nisc.xml", "text/xml"),
    ("Example Networks", "/security/advisories.atom", "vendor-advisories.atom", "application/atom+xml"),
    ("セキュリティニュース", "/security/feed.json", "security-news.json", "application/feed+json"),
    ("警察庁", "/bureau/cyber/rss.xml", "npa-shift_jis.xml", "text/xml"),
    ("みなと県警", "/cyber/rss.rdf", "police-euc_jp.rdf", "application/octet-stream"),
]


def serve_all(site, social_dir, extra: list[dict] | None = None) -> None:
    entries = [{"name": name, "url": site.feed(path, fixture, content_type)} for name, path, fixture, content_type in ALL_FORMATS]
    (social_dir / "sources.yml").write_text(sources_yml(entries + (extra or [])), encoding="utf-8")


def inbox(social_dir) -> list[dict]:
    data = yaml.safe_load((social_dir / "inbox" / "2026-11-01.yml").read_text(encoding="utf-8"))
    return data["candidates"]


def test_every_feed_format_becomes_candidates_with_canonical_urls(site, social_dir):
    serve_all(site, social_dir)

    run = run_watch(social_dir)

    assert run.code == 0, run.out + run.err
    candidates = inbox(social_dir)
    by_url = {candidate["url"]: candidate for candidate in candidates}
    expected = {
        "https://www.jpcert.or.jp/at/2026/at260031.html": ("JPCERT/CC", "2026-10-31T17:10:00+09:00"),
        "https://www.jpcert.or.jp/wr/2026/wr264301.html": ("JPCERT/CC", "2026-10-29T08:30:00+09:00"),
        "https://www.jpcert.or.jp/at/2026/at260029.html": ("JPCERT/CC", "2026-10-29T10:30:00+09:00"),
        # はてなブックマーク: utm_* and fbclid dropped; the JPCERT page (with #2) is the same page
        "https://www.ipa.go.jp/security/security-alert/2026/alert20261030.html": ("はてなブックマーク セキュリティ", "2026-10-31T18:12:44+09:00"),
        "https://gihyo.jp/article/2026/10/ransomware-sme-survey": ("はてなブックマーク セキュリティ", "2026-10-31T08:45:02+09:00"),
        "https://connpass.example.jp/event/331024/": ("はてなブックマーク セキュリティ", "2026-10-30T21:00:00+09:00"),
        "https://www.nisc.go.jp/news/20261031.html": ("NISC", "2026-10-31T18:00:00+09:00"),
        "https://www.nisc.go.jp/news/20261028.html": ("NISC", "2026-10-28T14:00:00+09:00"),
        # ref=atom is not a tracking parameter we know, so it stays
        "https://www.example-networks.co.jp/security/en-sa-2026-014.html?ref=atom": ("Example Networks", "2026-10-30T15:00:00+09:00"),
        "https://www.example-networks.co.jp/security/en-sa-2026-013.html": ("Example Networks", "2026-10-27T10:30:00+09:00"),
        "https://news.example.com/security/2026/10/31/phishing-bank-sms": ("セキュリティニュース", "2026-10-31T11:20:00+09:00"),
        "https://news.example.com/security/2026/10/30/emotet-returns": ("セキュリティニュース", "2026-10-30T11:00:00+09:00"),
        "https://www.npa.go.jp/bureau/cyber/countermeasures/ransom.html": ("警察庁", "2026-10-30T10:00:00+09:00"),
        "https://www.npa.go.jp/bureau/cyber/pdf/20261029_press.pdf": ("警察庁", "2026-10-29T15:00:00+09:00"),
        "https://www.police.pref.example.jp/cyber/alert/2026-10-31.html": ("みなと県警", "2026-10-31T13:00:00+09:00"),
    }
    assert len(candidates) == len(expected), sorted(by_url)
    assert set(by_url) == set(expected)
    for url, (source, published) in expected.items():
        assert (by_url[url]["source"], by_url[url]["published"]) == (source, published)
        assert by_url[url]["suggested"] == "post" and by_url[url]["action"] is None
    # the April JPCERT item is older than a week: not news any more
    assert not any("at260012" in url for url in by_url)
    assert len({candidate["id"] for candidate in candidates}) == len(candidates)


def test_non_utf8_feeds_are_decoded_by_their_prolog(site, social_dir):
    serve_all(site, social_dir)

    run_watch(social_dir)

    titles = {candidate["title"] for candidate in inbox(social_dir)}
    assert "ランサムウェア被害防止対策について（中小企業の皆様へ）" in titles  # Shift_JIS
    assert "サポート詐欺の相談が急増しています" in titles  # EUC-JP
    summaries = {candidate["summary"] for candidate in inbox(social_dir)}
    assert any(summary.startswith("ＶＰＮ機器の脆弱性を悪用した侵入") for summary in summaries)


def test_summaries_are_short_plain_text(site, social_dir):
    serve_all(site, social_dir)

    run_watch(social_dir)

    candidates = inbox(social_dir)
    assert len(candidates) == 15
    for candidate in candidates:
        assert "<" not in candidate["summary"] and "&lt;" not in candidate["summary"]
        assert len(candidate["summary"]) <= 120
    nisc = next(candidate for candidate in candidates if candidate["url"].endswith("20261028.html"))
    assert nisc["summary"] == "長期休暇の前後は、システム管理者が不在になりやすく、被害の発見が遅れるおそれがあります。"


def test_second_run_adds_nothing_and_asks_only_for_changes(site, social_dir):
    serve_all(site, social_dir)
    first = run_watch(social_dir)
    before = (social_dir / "inbox" / "2026-11-01.yml").read_bytes()

    second = run_watch(social_dir)

    assert first.code == second.code == 0
    assert (social_dir / "inbox" / "2026-11-01.yml").read_bytes() == before
    assert "新しい候補 0 件" in second.out
    for _name, path, _fixture, _type in ALL_FORMATS:
        requests = site.requests(path)
        assert len(requests) == 2
        assert "If-None-Match" not in requests[0]
        assert requests[1]["If-None-Match"] and requests[1]["If-Modified-Since"]
    assert second.out.count("変更なし:") == len(ALL_FORMATS)
    state = json.loads((social_dir / "watch-state.json").read_text(encoding="utf-8"))
    assert len(state["sources"]) == len(ALL_FORMATS)


def test_changed_feed_without_validators_still_yields_no_repeats(site, social_dir):
    """A server that ignores conditional requests: dedup alone keeps the inbox clean."""
    data = (FEEDS / "nisc.xml").read_bytes()
    url = site.handler("/plain/rss.xml", lambda request: Response(data, content_type="application/rss+xml"))
    (social_dir / "sources.yml").write_text(sources_yml([{"name": "NISC", "url": url}]), encoding="utf-8")

    first, second = run_watch(social_dir), run_watch(social_dir)

    assert len(inbox(social_dir)) == 2
    assert "取得: NISC" in second.out and "新しい候補 0 件" in second.out
    assert first.code == second.code == 0


def test_requests_name_the_site_and_never_overlap_on_one_host(site, social_dir):
    serve_all(site, social_dir)

    run_watch(social_dir)

    headers = site.requests("/rss/jpcert.rdf")[0]
    assert headers["User-Agent"] == user_agent(SITE_URL)
    assert SITE_URL in headers["User-Agent"]
    assert site.max_active == 1  # seven sources, one host: one request at a time


def test_duplicates_across_sources_come_once_from_the_first_source(site, social_dir):
    jpcert = site.feed("/rss/jpcert.rdf", "jpcert.rdf")
    hatena = site.feed("/q/security.rss", "hatena-security.rdf")
    (social_dir / "sources.yml").write_text(
        sources_yml([{"name": "JPCERT/CC", "url": jpcert}, {"name": "はてブ", "url": hatena}]), encoding="utf-8"
    )

    run_watch(social_dir)

    ivanti = [c for c in inbox(social_dir) if c["url"] == "https://www.jpcert.or.jp/at/2026/at260031.html"]
    assert len(ivanti) == 1 and ivanti[0]["source"] == "JPCERT/CC"


def test_keyword_filters_per_source(site, social_dir):
    hatena = site.feed("/q/security.rss", "hatena-security.rdf")
    jpcert = site.feed("/rss/jpcert.rdf", "jpcert.rdf")
    (social_dir / "sources.yml").write_text(
        sources_yml(
            [
                {"name": "はてブ", "url": hatena, "exclude": ["勉強会", "セミナー"]},
                {"name": "JPCERT/CC", "url": jpcert, "include": ["注意喚起"]},
            ]
        ),
        encoding="utf-8",
    )

    run_watch(social_dir)

    titles = [candidate["title"] for candidate in inbox(social_dir)]
    assert len(titles) == 4
    assert not any("勉強会" in title or "WEEKLY" in title for title in titles)


def test_json_output_is_one_object_per_new_candidate(site, social_dir):
    serve_all(site, social_dir)

    run = run_watch(social_dir, fmt="json")

    lines = [json.loads(line) for line in run.out.splitlines()]
    assert len(lines) == 15
    for line in lines:
        assert set(line) == {"id", "url", "title", "source", "published", "action"}
        assert line["action"] == "post"
    assert "取得: JPCERT/CC" in run.err  # progress goes to stderr, the JSON stays clean
    assert run_watch(social_dir, fmt="json").out == ""


def kbpress(project, *args: str) -> subprocess.CompletedProcess:
    command = [os.path.join(os.path.dirname(sys.executable), "kbpress"), *args]
    return subprocess.run(command, cwd=project.root, capture_output=True, text=True, timeout=120)


def test_the_watch_command_exit_status(site, project, social_dir):
    good = site.feed("/rss/jpcert.rdf", "jpcert.rdf")
    (social_dir / "sources.yml").write_text(sources_yml([{"name": "JPCERT/CC", "url": good}]), encoding="utf-8")

    read = kbpress(project, "watch", "--format", "json")

    assert read.returncode == 0, read.stderr
    assert len(read.stdout.splitlines()) == 3
    down = site.handler("/moved.xml", lambda request: Response("Not Found", status=404))
    (social_dir / "sources.yml").write_text(sources_yml([{"name": "JPCERT/CC", "url": good}, {"name": "移転した", "url": down}]), encoding="utf-8")
    failed = kbpress(project, "watch")
    assert failed.returncode == 1 and f"失敗: 移転した ({down}): HTTP 404" in failed.stderr
    (social_dir / "sources.yml").write_text("sources:\n  - name: JPCERT/CC\n    url: jpcert.rdf\n", encoding="utf-8")
    wrong = kbpress(project, "watch")
    banner, first_problem = wrong.stderr.splitlines()[:2]
    assert banner.startswith("知識ベース: テスト (https://kb.example.jp/)")  # the site it worked on, first
    assert wrong.returncode == 2 and first_problem.startswith("social/sources.yml:3: url 'jpcert.rdf'")
