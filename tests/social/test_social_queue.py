"""Queue files and `kbpress check`'s social checks: every problem names file and line."""

from __future__ import annotations

import pytest

from kbpress.content import ContentConfig, iter_markdown_files, load_sources
from kbpress.social import check_social
from kbpress.social.queue import load_queue, load_queue_file
from kbpress.social.statusurl import parse_status_url
from kbpress.taxonomy import load_taxonomy
from socialsupport import SITE_URL, make_project

ID = "1790000000000000001"


@pytest.mark.parametrize(
    "url",
    [
        f"https://x.com/example_account/status/{ID}",
        f"https://twitter.com/example_account/status/{ID}",
        f"https://mobile.twitter.com/example_account/status/{ID}",
        f"https://www.twitter.com/example_account/status/{ID}",
        f"https://www.x.com/Example_Account/status/{ID}?s=20",
        f"https://x.com/example_account/status/{ID}/photo/1",
        f"http://twitter.com/example_account/statuses/{ID}",
        f"https://x.com/i/web/status/{ID}",
        f"  https://x.com/example_account/status/{ID}  ",
    ],
)
def test_status_urls_of_x_and_twitter_are_accepted(url):
    assert parse_status_url(url) == ID


@pytest.mark.parametrize(
    "url",
    [
        "https://www.facebook.com/example/posts/1790000000000000001",
        f"https://x.com.evil.example/example_account/status/{ID}",
        f"https://x.com@evil.example/example_account/status/{ID}",
        f"https://nitter.net/example_account/status/{ID}",
        "https://t.co/AbCdEf1234",
        "https://x.com/example_account",
        "https://x.com/example_account/status/abc",
        f"https://x.com/this_name_is_far_too_long/status/{ID}",
        f"ftp://x.com/example_account/status/{ID}",
        "",
    ],
)
def test_other_urls_are_rejected(url):
    assert parse_status_url(url) is None


def load(text: str, name: str = "social/item.yml"):
    return load_queue_file(text.encode("utf-8"), name)


def test_valid_quote_and_repost():
    quote, problems = load(f"id: q-1\ntype: quote\nurl: https://x.com/a/status/{ID}\ncomment: |\n  一行目\n  二行目\n")
    assert problems == [] and quote.type == "quote" and quote.status_id == ID and quote.comment == "一行目\n二行目"
    repost, problems = load(f"id: r-1\ntype: repost\nurl: https://twitter.com/a/status/{ID}\ndate: 2026-10-20\n")
    assert problems == [] and repost.comment is None and repost.not_before.isoformat() == "2026-10-20T00:00:00+09:00"


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("id: q\ntype: quote\nurl: https://example.com/post/1\ncomment: c\n", 3, "X の投稿の URL ではありません"),
        (f"id: q\ntype: quote\nurl: https://x.com/a/status/{ID}\n", 1, "comment: を書いてください"),
        (f"id: q\ntype: repost\nurl: https://x.com/a/status/{ID}\ncomment: c\n", 4, "repost には comment を書けません"),
        (f"id: q\ntype: like\nurl: https://x.com/a/status/{ID}\n", 2, "repost (リポスト) か quote (引用)"),
        (f"id: Bad_ID\ntype: repost\nurl: https://x.com/a/status/{ID}\n", 1, "半角英小文字"),
        (f"type: repost\nurl: https://x.com/a/status/{ID}\n", 1, "id がありません"),
        (f"id: q\ntype: repost\nurl: https://x.com/a/status/{ID}\nposted: yes\n", 4, "未知のキー 'posted'"),
        (f"id: q\ntype: repost\nurl: https://x.com/a/status/{ID}\ndate: 2026-02-30\n", 4, "日時として読めません"),
        (f"id: q\ntype: quote\nurl: https://x.com/a/status/{ID}\ncomment: {'あ' * 141}\n", 4, "comment が長すぎます: 282/280"),
        ("id: q\ntype: quote\n  url: broken\n", 3, "YAML の書式が正しくありません"),
        (f"- id: q\n  type: repost\n  url: https://x.com/a/status/{ID}\n", 1, "1 ファイルに 1 件"),
    ],
)
def test_queue_file_problems_name_file_and_line(text, line, fragment):
    entry, problems = load(text)

    assert entry is None
    assert any(fragment in problem.message and problem.line == line for problem in problems), problems
    assert all(problem.path == "social/item.yml" for problem in problems)


def test_a_comment_of_exactly_280_fits():
    entry, problems = load(f"id: q\ntype: quote\nurl: https://x.com/a/status/{ID}\ncomment: {'あ' * 140}\n")
    assert problems == [] and entry is not None


def test_duplicate_ids_across_files(tmp_path):
    for name in ("a.yml", "b.yaml"):
        (tmp_path / name).write_text(f"id: same\ntype: repost\nurl: https://x.com/a/status/{ID}\n", encoding="utf-8")
    (tmp_path / "ledger.jsonl").write_text("", encoding="utf-8")  # not a queue file

    entries, problems = load_queue(tmp_path, "social")

    assert [entry.path for entry in entries] == ["social/a.yml"]
    assert len(problems) == 1 and "social/a.yml と重複" in problems[0].message and problems[0].path == "social/b.yaml"


# -- check_social -------------------------------------------------------------------


def pages_of(project):
    taxonomy = load_taxonomy(project.root / "taxonomy.yml")
    loaded, problems = load_sources(iter_markdown_files(project.docs), project.docs, project.root, taxonomy, ContentConfig())
    assert problems == []
    return [item.page for item in loaded]


def test_check_passes_on_a_good_project(project):
    assert check_social(project.root, pages_of(project), SITE_URL) == []


def test_check_reports_queue_page_and_ledger_problems(tmp_path):
    project = make_project(tmp_path / "p")
    project.write("social/bad.yml", "id: bad\ntype: quote\nurl: https://example.com/x\ncomment: c\n")
    project.write(
        "docs/articles/long.md",
        f"""\
        ---
        title: 長い告知文
        description: 要約
        category: account
        audience: [従業員]
        updated: 2026-10-01
        social:
          post: true
          text: {'あ' * 130}
          hashtags: [a-b]
        ---
        本文
        """,
    )
    project.write("social/ledger.jsonl", '{"source": "queue:x", "hash": "h", "network": "x", "kind": "repost", "status": "done", "time": "t"}\n{"source": "que')

    problems = check_social(project.root, pages_of(project), SITE_URL)

    def has(path: str, line: int, fragment: str) -> bool:
        return any(p.path == path and p.line == line and fragment in p.message for p in problems)

    assert has("social/bad.yml", 3, "X の投稿の URL ではありません")
    assert has("docs/articles/long.md", 7, "social.text が長すぎます")
    assert has("docs/articles/long.md", 7, "ハッシュタグ 'a-b'")
    assert has("social/ledger.jsonl", 2, "投稿台帳が壊れています")
    assert len(problems) == 4


def test_check_requires_site_url_for_page_posts(project):
    problems = check_social(project.root, pages_of(project), None)

    assert problems and all("site_url" in problem.message for problem in problems)
