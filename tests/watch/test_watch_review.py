"""The preview page of today's candidates: shown by `mkdocs serve`, absent from every build."""

from __future__ import annotations

from mkdocs.commands.build import build
from mkdocs.config import load_config

from kbpress.watch.inbox import Candidate, InboxFile

TODAY = "2026-11-01"  # KBPRESS_NOW in the tests


def write_inbox(root, day: str) -> None:
    path = root / "social" / "inbox" / f"{day}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    InboxFile(
        path,
        f"social/inbox/{day}.yml",
        [
            Candidate("8c1f0a2b3d", "Ivanti Connect Secureの脆弱性(CVE-2026-41280)に関する注意喚起", "https://www.jpcert.or.jp/at/2026/at260031.html",
                      "JPCERT/CC", "2026-10-31T17:10:00+09:00", "悪用を確認したとの情報があります。", "post"),
            Candidate("5e7d9c0a11", "CISA adds | three KEV entries", "https://x.com/cisa_example/status/1852000000000000002",
                      "海外機関リスト", "2026-10-31T23:30:00+09:00", "CISA adds three KEV entries", "quote", action="drop"),
        ],
    ).save()


def preview(project):
    """What `mkdocs serve` does before serving: start the plugins as the serve command, then build."""
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.root / "preview"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        config.plugins.on_shutdown()
    return project.root / "preview"


def with_watch_plugin(project) -> None:
    text = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    (project.root / "mkdocs.yml").write_text(text + "  - kbpress-watch\n", encoding="utf-8")


def test_the_preview_lists_todays_candidates_with_their_suggested_action(fixture_project):
    with_watch_plugin(fixture_project)
    write_inbox(fixture_project.root, TODAY)
    write_inbox(fixture_project.root, "2026-10-31")

    page = (preview(fixture_project) / "watch-inbox" / "index.html").read_text(encoding="utf-8")

    assert "今日の投稿候補" in page and "2026-11-01 の候補 2 件" in page
    assert 'href="https://www.jpcert.or.jp/at/2026/at260031.html"' in page
    assert "URL を付けて投稿" in page and "引用 (コメントを付ける)" in page
    assert "CISA adds | three KEV entries" in page  # a | in a title does not break the table
    assert page.count("<tr>") == 3  # header and two candidates
    assert "投稿しない" in page and "未定" in page


def test_the_public_build_never_contains_the_page(fixture_project):
    with_watch_plugin(fixture_project)
    write_inbox(fixture_project.root, TODAY)

    result = fixture_project.build()

    assert result.returncode == 0, result.output
    site = fixture_project.site
    assert (site / "index.html").is_file() and not (site / "watch-inbox").exists()
    assert not any("8c1f0a2b3d" in path.read_text(encoding="utf-8", errors="ignore") for path in site.rglob("*.html"))


def test_no_candidates_today_says_so(fixture_project):
    with_watch_plugin(fixture_project)

    page = (preview(fixture_project) / "watch-inbox" / "index.html").read_text(encoding="utf-8")

    assert "2026-11-01 の候補はまだありません" in page
