"""``kbpress init kb --vault …`` over the fixture vault, built --strict: what is published, what never is.

The fixture vault (``fixture-vault/``) is written the way specialists keep
theirs: Japanese file names with spaces and full-width brackets, Japanese
keys, empty keys, nested tags, Obsidian's own folders, templates, trash,
attachments, a private consultation record and a private folder. Every
private thing carries the marker ``ZK41-PRIVATE`` or names the private
client, so a leak anywhere (a page, a feed, the search index, an EPUB, a
card, a copied file, a file name, the posting plan) shows up.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.projects import BIN, BuildResult, FixtureProject
from tests.vault.leakscan import excluded_folders, leaks

pytestmark = pytest.mark.slow

FIXTURE_VAULT = Path(__file__).resolve().parent / "fixture-vault"
MARKERS = ("ZK41-PRIVATE", "ZK41", "サンプル商事", "窓口担当の引継ぎ", "相談記録テンプレート", "古い下書き", "Rec2023-05", "rec2023-05")
PUBLISHED_PAGES = {
    "docs/sec01-02/", "docs/sec02-01/", "docs/inc02-01/", "docs/news-2024-12/",
}  # notes with a 資料ID; three more get today's address rule (two articles, one topic)


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def _run(cwd: Path, *args: str) -> BuildResult:
    """A `kbpress` or `mkdocs` command line, run by its own code in this process."""
    return FixtureProject(cwd).run_in_process(*args)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("vault")
    vault = root / "notes repo" / "保管庫"  # a subfolder of the specialists' git repository
    shutil.copytree(FIXTURE_VAULT, vault)
    before = _snapshot(vault)
    init = _run(root, "kbpress", "init", "kb", "--vault", "notes repo/保管庫", "--name", "相談窓口 知識ベース")
    assert init.returncode == 0, init.output
    kb = root / "kb"
    build = _run(kb, "mkdocs", "build", "--strict")
    assert build.returncode == 0, build.output
    return {"root": root, "vault": vault, "kb": kb, "before": before, "init": init, "build": build}


def test_the_generated_mkdocs_yml_reads_the_vault_in_place(built):
    text = (built["kb"] / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'docs_dir: "../notes repo/保管庫"' in text and "obsidian: true" in text
    assert excluded_folders(text) == ["非公開"] and 'topic_folders: ["お知らせ"]' in text
    assert 'id: ["資料ID"]' in text and 'created: ["作成日", "created"]' in text and "掲載誌・発表イベント" in text
    assert _snapshot(built["vault"]) == built["before"]  # nothing written into the vault, by init or the build


def test_the_taxonomy_comes_from_the_public_notes_only(built):
    text = (built["kb"] / "taxonomy.yml").read_text(encoding="utf-8")
    for name in ("セキュリティ対策", "インシデント対応", "お知らせ", "LifeWork/知の共有化", "LifeWork", "メール/なりすまし", "インシデント/ランサムウェア"):
        assert f'name: "{name}"' in text
    assert "非公開メモ" not in text and "相談記録" not in text and "引継ぎ" not in text


def test_no_private_note_reaches_any_output(built):
    kb = built["kb"]
    files = sorted(p for p in (kb / "site").rglob("*") if p.is_file())
    pages = {p.parent.relative_to(kb / "site").as_posix() + "/" for p in files if p.name == "index.html"}
    assert PUBLISHED_PAGES <= pages
    assert len([p for p in pages if p.startswith(("docs/", "articles/")) or p.startswith("topics/2024/p-")]) == 7
    assert (kb / "site/guidebook/notes.epub").is_file()
    assert sorted(p.name for p in (kb / "site/feeds").glob("notes.*")) == ["notes.atom", "notes.json", "notes.xml"]
    assert len(list((kb / "site/search/index").rglob("*.json"))) >= 4
    assert len(list((kb / "site/assets/cards").rglob("card.png"))) >= 7
    assert len(files) > 100
    assert leaks(files, kb, MARKERS) == []


def test_the_vault_pages_carry_their_mapped_fields(built):
    site = built["kb"] / "site"
    page = (site / "docs/sec01-02/index.html").read_text(encoding="utf-8")
    assert "<title>パスワードの基本（初級編）" in page and "使い回しをやめ" in page
    assert "2021年4月1日" in page  # 更新日 from updated: 令和3年4月1日
    lifework = sorted(p.parent.name for p in (site / "tags").glob("lifework*/index.html"))
    assert len(lifework) == 2  # both levels of the nested tag have a page
    for name in lifework:
        assert "/docs/sec01-02/" in (site / "tags" / name / "index.html").read_text(encoding="utf-8") or "../../docs/sec01-02/" in (site / "tags" / name / "index.html").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "分野から探す" in home and "セキュリティ対策" in home
    feed = json.loads((site / "feeds/notes.json").read_text(encoding="utf-8"))
    assert [item["title"] for item in feed["items"]] == ["年末年始の相談窓口について", "経営者向けセキュリティセミナーのお知らせ"]
    assert feed["items"][0]["date_published"].startswith("2024-12-20T09:00:00+09:00")
    with zipfile.ZipFile(site / "guidebook/notes.epub") as book:
        text = "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist() if name.endswith(".xhtml"))
    assert "ランサムウェア被害の初動" in text and "フィッシングメールの見分け方" in text


def test_the_vault_epub_passes_epubcheck(built, epubchecker):
    assert epubchecker.problems(built["kb"] / "site/guidebook/notes.epub") == []


def test_check_lists_what_is_published_and_what_is_not(built):
    result = _run(built["kb"], "kbpress", "check", "--format", "json")
    assert result.returncode == 0, result.output
    data = json.loads(result.stdout)
    assert data["problems"] == []
    assert len(data["published"]) == 7
    assert {item["url"] for item in data["published"]} >= {"/" + url for url in PUBLISHED_PAGES}
    reasons = {item["path"]: item["reason"] for item in data["excluded"]}
    assert "公開: false" in reasons["セキュリティ対策/サンプル商事 相談対応記録（2023年5月）.md"]
    assert "非公開" in reasons["非公開/窓口担当の引継ぎメモ.md"] and "非公開" in reasons["非公開/連絡先 ZK41.txt"]
    assert "テンプレート" in reasons["テンプレート/相談記録テンプレート.md"]
    assert "添付" in reasons["図/相談メモ ZK41.png"]
    assert {".obsidian/", ".trash/"} <= set(reasons)
    text = _run(built["kb"], "kbpress", "check")
    assert text.returncode == 0 and "公開するノート (7 件)" in text.stdout and "公開しないもの (8 件)" in text.stdout


def test_the_posting_plan_has_no_private_note(built):
    result = _run(built["kb"], "kbpress", "publish", "--format", "json")
    assert result.returncode == 0, result.output
    assert not [marker for marker in MARKERS if marker in result.output]


def test_init_refuses_a_knowledge_base_inside_the_vault(built):
    result = _run(built["vault"], "kbpress", "init", "kb", "--vault", ".")
    assert result.returncode == 1 and "保管庫の外" in result.stderr and "Traceback" not in result.stderr
    assert not (built["vault"] / "kb").exists()
    missing = _run(built["root"], "kbpress", "init", "kb2", "--vault", "ない保管庫")
    assert missing.returncode == 1 and "ない保管庫" in missing.stderr and not (built["root"] / "kb2").exists()


def test_a_changed_id_keeps_the_old_address_working(tmp_path):
    vault = tmp_path / "vault"
    shutil.copytree(FIXTURE_VAULT, vault)
    assert _run(tmp_path, "kbpress", "init", "kb", "--vault", "vault").returncode == 0
    kb = tmp_path / "kb"
    note = vault / "セキュリティ対策/パスワードの基本（初級編）.md"
    note.write_text(note.read_text(encoding="utf-8").replace("資料ID: Sec01-02", "資料ID: Sec01-03"), encoding="utf-8")
    warned = _run(kb, "kbpress", "check")
    assert warned.returncode == 1
    assert "redirects.yml" in warned.stdout and "docs/sec01-02/: docs/sec01-03/" in warned.stdout
    recorded = _run(kb, "kbpress", "check", "--record-addresses")
    assert recorded.returncode == 0, recorded.output
    assert '"docs/sec01-02/": "docs/sec01-03/"' in (kb / "redirects.yml").read_text(encoding="utf-8")
    build = _run(kb, "mkdocs", "build", "--strict")
    assert build.returncode == 0, build.output
    redirect = (kb / "site/docs/sec01-02/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../../docs/sec01-03/"' in redirect
    assert 'rel="canonical" href="https://kb.example.jp/docs/sec01-03/"' in redirect
    assert (kb / "site/docs/sec01-03/index.html").is_file()


def test_new_pages_are_made_in_obsidian_not_by_kbpress(built):
    result = _run(built["kb"], "kbpress", "new", "article", "新しいノート", "--slug", "new-note")
    assert result.returncode == 1 and "Obsidian で作ってください" in result.stderr
    assert _snapshot(built["vault"]) == built["before"]
