"""Broken and unreachable sources: each is named with its URL and reason, the others still run."""

from __future__ import annotations

import json
import socket

import yaml
from werkzeug import Response

from kbpress.watch.client import ClientSettings
from watchsupport import FAST, FEEDS, run_watch, sources_yml

TEN_MB = 10 * 1024 * 1024


def big_feed() -> bytes:
    """A real-looking RSS 2.0 feed of about 10 MB (a site that never trims its feed)."""
    item = (
        "<item><title>【重要】セキュリティ情報 第{n}号</title><link>https://big.example.jp/news/{n}.html</link>"
        "<description>" + "詳細はリンク先をご覧ください。" * 40 + "</description>"
        "<pubDate>Fri, 31 Oct 2026 09:00:00 +0900</pubDate></item>\n"
    )
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>大きなフィード</title><link>https://big.example.jp/</link>\n'
    parts, size, n = [head], len(head.encode()), 0
    while size < TEN_MB:
        piece = item.format(n=n)
        parts.append(piece)
        size += len(piece.encode())
        n += 1
    parts.append("</channel></rss>\n")
    return "".join(parts).encode("utf-8")


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def inbox_urls(social_dir) -> set[str]:
    data = yaml.safe_load((social_dir / "inbox" / "2026-11-01.yml").read_text(encoding="utf-8"))
    return {candidate["url"] for candidate in data["candidates"]}


def test_broken_sources_are_named_and_the_others_still_run(site, social_dir):
    data = big_feed()
    assert len(data) > TEN_MB
    closed = unused_port()
    sources = [
        {"name": "JPCERT/CC", "url": site.feed("/rss/jpcert.rdf", "jpcert.rdf")},
        {"name": "壊れたフィード", "url": site.feed("/broken/rss.xml", "malformed.xml")},
        {"name": "市のお知らせ", "url": site.feed("/news/index.html", "not-a-feed.html", "text/html; charset=utf-8")},
        {"name": "落ちているサーバー", "url": site.handler("/down/rss.xml", lambda r: Response("Internal Server Error", status=500))},
        {"name": "遅いサーバー", "url": site.slow("/slow/rss.xml", seconds=30)},
        {"name": "大きなフィード", "url": site.handler("/big/rss.xml", lambda r: Response(data, content_type="application/rss+xml"))},
        {"name": "閉じたポート", "url": f"http://127.0.0.1:{closed}/rss.xml"},
        {"name": "移転したフィード", "url": site.handler("/gone/rss.xml", lambda r: Response("Not Found", status=404))},
        {"name": "NISC", "url": site.feed("/news/rss.xml", "nisc.xml")},
    ]
    (social_dir / "sources.yml").write_text(sources_yml(sources), encoding="utf-8")

    run = run_watch(social_dir)

    assert run.code == 1
    failures = [line for line in run.err.splitlines() if line.startswith("失敗: ")]
    assert len(failures) == 7, run.err
    reasons = {
        "壊れたフィード": "途中で切れています",
        "市のお知らせ": "HTML のページ",
        "落ちているサーバー": "HTTP 500",
        "遅いサーバー": "タイムアウト",
        "大きなフィード": "大きすぎます",
        "閉じたポート": "接続できません",
        "移転したフィード": "HTTP 404",
    }
    for source in sources:
        if source["name"] in reasons:
            line = next(line for line in failures if line.startswith(f"失敗: {source['name']} ("))
            assert source["url"] in line and reasons[source["name"]] in line, line
    assert "7 件の情報源を読めませんでした" in run.err
    # the good sources' candidates are in the inbox, the big feed's are not
    urls = inbox_urls(social_dir)
    assert len(urls) == 5
    assert "https://www.nisc.go.jp/news/20261031.html" in urls and "https://www.jpcert.or.jp/at/2026/at260031.html" in urls
    # only sources read successfully are remembered
    state = json.loads((social_dir / "watch-state.json").read_text(encoding="utf-8"))
    assert set(state["sources"]) == {sources[0]["url"], sources[-1]["url"]}


def test_server_errors_are_retried_with_backoff(site, social_dir):
    answers = iter([Response("busy", status=503), Response("busy", status=502)])
    ok = (FEEDS / "nisc.xml").read_bytes()
    url = site.handler("/flaky/rss.xml", lambda r: next(answers, None) or Response(ok, content_type="application/rss+xml"))
    (social_dir / "sources.yml").write_text(sources_yml([{"name": "NISC", "url": url}]), encoding="utf-8")
    settings = ClientSettings(connect_timeout=2.0, total_timeout=2.0, attempts=3, backoff=0.01)

    run = run_watch(social_dir, settings=settings)

    assert run.code == 0, run.err
    assert len(site.requests("/flaky/rss.xml")) == 3
    assert len(inbox_urls(social_dir)) == 2


def test_a_500_is_given_up_after_the_configured_attempts(site, social_dir):
    url = site.handler("/down/rss.xml", lambda r: Response("error", status=500))
    (social_dir / "sources.yml").write_text(sources_yml([{"name": "落ちているサーバー", "url": url}]), encoding="utf-8")

    run = run_watch(social_dir, settings=ClientSettings(connect_timeout=2.0, total_timeout=2.0, attempts=4, backoff=0.01))

    assert run.code == 1
    assert len(site.requests("/down/rss.xml")) == 4
    assert "(4 回試しました)" in run.err
    assert not (social_dir / "inbox").exists()


def test_a_streamed_feed_is_cut_off_at_the_size_cap(site, social_dir):
    """No Content-Length (chunked): the cap applies while reading."""
    data = big_feed()

    def stream(request):
        return Response((data[i : i + 65536] for i in range(0, len(data), 65536)), content_type="application/rss+xml")

    url = site.handler("/big/rss.xml", stream)
    (social_dir / "sources.yml").write_text(sources_yml([{"name": "大きなフィード", "url": url}]), encoding="utf-8")

    run = run_watch(social_dir, settings=FAST)

    assert run.code == 1
    assert "大きなフィード" in run.err and "5 MB を超えた" in run.err
    assert len(site.requests("/big/rss.xml")) == 1  # too large is final, not retried


def test_a_feed_with_a_recoverable_error_keeps_its_items_and_says_so(site, social_dir):
    broken = (FEEDS / "nisc.xml").read_bytes().replace(b"</channel>", b"<item><title>A & B</title></item></channel>")
    url = site.handler("/loose/rss.xml", lambda r: Response(broken, content_type="application/rss+xml"))
    (social_dir / "sources.yml").write_text(sources_yml([{"name": "NISC", "url": url}]), encoding="utf-8")

    run = run_watch(social_dir)

    assert run.code == 0
    assert "フィードの書式に誤りがあります" in run.out
    assert len(inbox_urls(social_dir)) == 2


def test_a_server_trickling_bytes_is_cut_off_at_the_total_time_limit(site, social_dir):
    """Each chunk comes before the read timeout, the whole never does: the total limit still applies."""
    data = (FEEDS / "nisc.xml").read_bytes()

    def trickle(request):
        def chunks():
            for start in range(0, len(data), 64):
                if site.release.wait(0.25):
                    return
                yield data[start : start + 64]

        return Response(chunks(), content_type="application/rss+xml")

    url = site.handler("/trickle/rss.xml", trickle)
    (social_dir / "sources.yml").write_text(sources_yml([{"name": "遅いサイト", "url": url}]), encoding="utf-8")
    settings = ClientSettings(connect_timeout=2.0, total_timeout=1.0, attempts=1, backoff=0.01)

    run = run_watch(social_dir, settings=settings)

    assert len(data) // 64 * 0.25 > 3 * settings.total_timeout  # the whole answer would take several times the limit
    assert run.code == 1 and "失敗: 遅いサイト" in run.err and "タイムアウト" in run.err


def test_last_modified_alone_is_enough_for_a_conditional_request(site, social_dir):
    data = (FEEDS / "jpcert.rdf").read_bytes()
    stamp = "Fri, 31 Oct 2026 08:10:00 GMT"

    def answer(request):
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return Response(data, content_type="application/rdf+xml", headers={"Last-Modified": stamp})

    url = site.handler("/lm/jpcert.rdf", answer)
    (social_dir / "sources.yml").write_text(sources_yml([{"name": "JPCERT/CC", "url": url}]), encoding="utf-8")

    first, second = run_watch(social_dir), run_watch(social_dir)

    assert first.code == second.code == 0
    requests = site.requests("/lm/jpcert.rdf")
    assert len(requests) == 2 and "If-Modified-Since" not in requests[0]
    assert requests[1]["If-Modified-Since"] == stamp and "If-None-Match" not in requests[1]
    assert "変更なし: JPCERT/CC" in second.out
    assert json.loads((social_dir / "watch-state.json").read_text(encoding="utf-8"))["sources"][url] == {"last_modified": stamp}
