"""The parts of the watch on their own: canonical URLs, the sources file, the inbox file."""

from __future__ import annotations

import re

import pytest

from kbpress.watch.canonical import candidate_id, canonical_url, dedup_keys
from kbpress.watch.inbox import load_inbox_file
from kbpress.watch.sources import load_sources


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        # tracking parameters from newsletters, ads and social shares
        ("https://www.ipa.go.jp/security/alert.html?utm_source=newsletter&utm_medium=email&utm_campaign=2026-11", "https://www.ipa.go.jp/security/alert.html"),
        ("https://gihyo.jp/article/2026/10/x?fbclid=IwAR3xYz_kq8Lw0pT", "https://gihyo.jp/article/2026/10/x"),
        ("https://news.example.com/a?gclid=Cj0KCQjw&id=42", "https://news.example.com/a?id=42"),
        ("https://news.example.com/a?UTM_Source=X&page=2", "https://news.example.com/a?page=2"),
        ("https://www.example.jp/p?_hsenc=p2ANqtz&_hsmi=123&mc_cid=9&mc_eid=8", "https://www.example.jp/p"),
        ("https://www.example.jp/p?msclkid=abc&yclid=def&twclid=ghi&igshid=jkl", "https://www.example.jp/p"),
        # parameters that name the article stay, in their order
        ("https://www.city.example.lg.jp/news.php?id=123&lang=ja", "https://www.city.example.lg.jp/news.php?id=123&lang=ja"),
        # host case, default port, fragment, empty path
        ("HTTPS://WWW.JPCERT.OR.JP:443/at/2026/at260031.html#section2", "https://www.jpcert.or.jp/at/2026/at260031.html"),
        ("http://example.jp", "http://example.jp/"),
        ("http://example.jp:8080/feed", "http://example.jp:8080/feed"),
        # X posts: every host and share form becomes x.com without a query
        ("https://twitter.com/npa_cyber_ex/status/1852000000000000001?s=20&t=Zx9", "https://x.com/npa_cyber_ex/status/1852000000000000001"),
        ("https://mobile.twitter.com/npa_cyber_ex/status/1852000000000000001", "https://x.com/npa_cyber_ex/status/1852000000000000001"),
        ("https://mobile.x.com/npa_cyber_ex/status/1852000000000000001/photo/1", "https://x.com/npa_cyber_ex/status/1852000000000000001"),
        ("https://x.com/i/web/status/1852000000000000001", "https://x.com/i/web/status/1852000000000000001"),
        ("https://www.twitter.com/npa_cyber_ex", "https://x.com/npa_cyber_ex"),
    ],
)
def test_canonical_urls(url, canonical):
    assert canonical_url(url) == canonical


def test_an_x_post_is_one_candidate_whatever_the_account_name_in_its_url():
    forms = [
        "https://twitter.com/npa_cyber_ex/status/1852000000000000001",
        "https://x.com/i/web/status/1852000000000000001",
        "https://mobile.twitter.com/NPA_Cyber_Ex/status/1852000000000000001?ref_src=twsrc",
    ]

    assert len({candidate_id(url) for url in forms}) == 1
    assert all("x-status:1852000000000000001" in dedup_keys(url) for url in forms)


def test_candidate_ids_are_short_and_typable():
    ids = {candidate_id(f"https://www.jpcert.or.jp/at/2026/at2600{n:02d}.html") for n in range(50)}

    assert len(ids) == 50
    assert all(re.fullmatch(r"[0-9a-f]{10}", value) for value in ids)


def write(tmp_path, text: str, name: str = "sources.yml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_sources_file(tmp_path):
    path = write(
        tmp_path,
        """\
# 毎朝読む情報源
sources:
  - name: JPCERT/CC 注意喚起
    url: https://www.jpcert.or.jp/rss/jpcert.rdf
    include: [注意喚起, 脆弱性]
  - name: はてなブックマーク セキュリティ
    url: "https://b.hatena.ne.jp/q/セキュリティ?mode=rss&users=50"
    exclude: セミナー
  - name: 注意喚起リスト
    x_list: 1790000000000000000
  - name: 警察庁
    x_user: "@npa_cyber_ex"
""",
    )

    sources, problems = load_sources(path, "social/sources.yml")

    assert problems == []
    assert [(source.name, source.kind, source.location) for source in sources] == [
        ("JPCERT/CC 注意喚起", "url", "https://www.jpcert.or.jp/rss/jpcert.rdf"),
        ("はてなブックマーク セキュリティ", "url", "https://b.hatena.ne.jp/q/セキュリティ?mode=rss&users=50"),
        ("注意喚起リスト", "x_list", "1790000000000000000"),
        ("警察庁", "x_user", "npa_cyber_ex"),
    ]
    assert sources[0].include == ("注意喚起", "脆弱性") and sources[1].exclude == ("セミナー",)
    assert sources[0].wants("Ivanti の脆弱性に関する注意喚起") and not sources[0].wants("WEEKLY REPORT")
    assert not sources[1].wants("勉強会・セミナーのお知らせ")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("sources:\n  - name: A\n    url: ftp://example.jp/rss\n", 3, "url 'ftp://example.jp/rss' はフィードの URL ではありません"),
        ("sources:\n  - name: A\n    url: https://a.example/rss\n    x_user: a\n", 4, "どれか一つを書いてください。url と x_user が両方"),
        ("sources:\n  - name: A\n    feed: https://a.example/rss\n", 3, "未知のキー 'feed'"),
        ("sources:\n  - url: https://a.example/rss\n", 2, "name: に情報源の名前を書いてください"),
        ("sources:\n  - name: A\n    x_list: https://x.com/i/lists/123\n", 3, "x_list 'https://x.com/i/lists/123' はリストの番号ではありません"),
        ("sources:\n  - name: A\n    x_user: 県警 公式\n", 3, "x_user '県警 公式' はアカウント名ではありません"),
        ("sources:\n  - name: A\n    url: https://a.example/rss\n    include: {a: 1}\n", 4, "include: には語句をリストで"),
        ("sources:\n  - name: A\n\turl: https://a.example/rss\n", 3, "タブ文字"),
        ("- name: A\n  url: https://a.example/rss\n", 1, "sources: の下に"),
        ("sources:\n  - name: A\n    url: https://a.example/rss\n  - name: A\n    url: https://b.example/rss\n", 4, "name 'A' は 2 行目と重複"),
    ],
)
def test_sources_problems_name_file_and_line(tmp_path, text, line, message):
    path = write(tmp_path, text)

    _sources, problems = load_sources(path, "social/sources.yml")

    matching = [problem for problem in problems if message in problem.message]
    assert len(matching) == 1, problems
    assert matching[0].path == "social/sources.yml" and matching[0].line == line


def test_a_sources_file_in_shift_jis_is_named_as_such(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_bytes("sources:\n  - name: 警察庁\n    url: https://www.npa.go.jp/rss.xml\n".encode("shift_jis"))

    _sources, problems = load_sources(path, "social/sources.yml")

    assert len(problems) == 1 and "Shift_JIS" in problems[0].message


def test_no_sources_file_means_no_sources(tmp_path):
    assert load_sources(tmp_path / "sources.yml", "social/sources.yml") == ([], [])


def test_a_damaged_inbox_file_is_reported_not_rewritten(tmp_path):
    """Two runs' pull requests merged by hand can leave conflict markers behind."""
    text = (
        "candidates:\n"
        "- id: 8c1f0a2b3d\n"
        "  url: https://www.jpcert.or.jp/at/2026/at260031.html\n"
        "<<<<<<< HEAD\n"
        "  action: post\n"
        "=======\n"
        "  action: drop\n"
        ">>>>>>> watch/inbox\n"
    )
    path = write(tmp_path, text, "2026-11-01.yml")

    inbox, problems = load_inbox_file(path, "social/inbox/2026-11-01.yml")

    assert inbox.candidates == [] and len(problems) == 1
    assert problems[0].line in (4, 5) and "YAML の書式が正しくありません" in problems[0].message
