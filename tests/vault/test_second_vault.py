"""A vault nobody on the project wrote, taken through the guide's steps: init, check, build --strict, EPUB.

``second-vault/`` is kept the way another team keeps its notes: an
``Attachments/`` folder Obsidian fills with pasted screenshots, front
matter in many styles (a BOM and CRLF, ``---``/``---`` with nothing
between, keys with stray spaces, hashes in tag strings, ``作成日時``),
links to notes not written yet, a Dataview block, an Excalidraw drawing, a
canvas saved as ``.md``, an empty note, file names with ``#``, ``?``,
``&``, emoji and full-width spaces, a 10 MB screen recording, a private
consultation record in an ordinary folder and a drafts folder. Every
private thing carries ``QX77`` or names the client (``○○工業``).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tests.projects import BuildResult, FixtureProject
from tests.vault.leakscan import TEXT_SUFFIXES, excluded_folders, leaks, member_texts
from tests.vault.secondvault import PRIVATE_MARKERS, VIDEO_BYTES, materialise

pytestmark = pytest.mark.slow

PUBLISHED_NOTES = 13  # 18 .md files outside Drafts/, Templates/, .trash/: 2 private, 3 hold no note
OBSIDIAN_LEFTOVERS = ("[[", "![[", "> [!", "%%", "table-of-contents", "```dataview", "TABLE 作成日時", "^check1", "^mfa-why")


def _run(cwd: Path, *args: str) -> BuildResult:
    """A `kbpress` or `mkdocs` command line, run by its own code in this process."""
    return FixtureProject(cwd).run_in_process(*args)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("second")
    materialise(root / "相談ノート vault")
    init = _run(root, "kbpress", "init", "kb", "--vault", "相談ノート vault", "--name", "相談窓口ノート")
    assert init.returncode == 0, init.output
    kb = root / "kb"
    check = _run(kb, "kbpress", "check", "--format", "json")
    build = _run(kb, "mkdocs", "build", "--strict")
    assert build.returncode == 0, build.output
    return {"kb": kb, "check": check, "build": build}


def test_keys_with_stray_spaces_and_japanese_date_keys_are_mapped(built):
    text = (built["kb"] / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'created: ["作成日時", "date"]' in text and 'publish: ["公開"]' in text
    assert "作成日時 ," not in text and "公開 ," not in text  # "公開 " is the same key as 公開
    assert excluded_folders(text) == ["30 相談記録", "Drafts"]  # 相談記録 by its name, whatever its notes say


def test_check_passes_lists_unwritten_notes_and_agrees_with_the_build(built):
    check = built["check"]
    assert check.returncode == 0, check.output
    data = json.loads(check.stdout)
    notes = [p for p in data["problems"] if p["severity"] == "note"]
    assert [p for p in data["problems"] if p["severity"] != "note"] == []
    assert sorted(re.search(r"\[\[[^\]]*\]\]", p["message"]).group(0) for p in notes) == [
        "[[SMS 認証の弱点\\|弱い]]", "[[ゼロトラスト入門]]", "[[パスワード管理ツールの比較]]"]
    assert all(p["line"] > 1 for p in notes)
    assert len(data["published"]) == PUBLISHED_NOTES
    reasons = {item["path"]: item["reason"] for item in data["excluded"]}
    assert "公開しないフォルダ (30 相談記録)" in reasons["30 相談記録/2024-03 ○○工業 相談.md"]
    assert "公開: false" in reasons["10 メール/社内向け 連絡網.md"]  # written "公開 ": false
    for not_a_note in ("空のノート.md", "ボード.md", "Excalidraw/Drawing 2024-01-05 10.00.00.excalidraw.md"):
        assert "ノートではない" in reasons[not_a_note]
    assert "添付" in reasons["Attachments/相談者から届いたメール.png"]
    assert "30 相談記録" in reasons["30 相談記録/添付ファイル/見積書の写し.pdf"]
    assert "Drafts" in reasons["Drafts/ランサムウェア対策（書きかけ）.md"]
    site = built["kb"] / "site"
    pages = [p for p in site.rglob("index.html") if p.relative_to(site).parts[0] == "articles"]
    assert len(pages) == PUBLISHED_NOTES
    logged = {line.split("kbpress: ", 1)[1].split(": まだない")[0] for line in built["build"].output.splitlines()
              if line.startswith("INFO") and "まだないノートへのリンク" in line}  # listed, not a warning
    assert len(logged) == 3 and logged == {f"{p['path']}:{p['line']}" for p in notes}  # same file:line as check


def test_a_tag_string_with_hashes_is_several_tags(built):
    taxonomy = (built["kb"] / "taxonomy.yml").read_text(encoding="utf-8")
    assert '{name: "phishing"}' in taxonomy and '{name: "メール"}' in taxonomy and "phishing #" not in taxonomy


def test_an_empty_front_matter_is_not_shown_as_a_heading(built):
    data = json.loads(built["check"].stdout)
    home = next(item for item in data["published"] if item["path"] == "ホーム.md")
    page = (built["kb"] / "site" / home["url"].strip("/") / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>情報セキュリティ相談ノート", page)
    assert 'id="---"' not in page and ">---<" not in page


def test_published_attachments_are_copied_and_withheld_ones_are_not(built):
    site = built["kb"] / "site"
    copied = sorted(p.name for p in (site / "Attachments").iterdir())
    assert copied == ["Pasted image 20230401093000.png", "Pasted image 20240312101500.png", "スマホ紛失 手順動画.mp4",
                      "フィッシング画面の例.png", "送金確認フロー.pdf"]
    assert (site / "Attachments/スマホ紛失 手順動画.mp4").stat().st_size == VIDEO_BYTES
    assert not (site / "30 相談記録").exists()
    listed = json.loads(built["check"].stdout)["attachments"]  # kbpress check names exactly what the build copies
    assert listed == sorted(f"Attachments/{name}" for name in copied)


def test_no_private_text_and_no_obsidian_syntax_in_any_output(built):
    site = built["kb"] / "site"
    files = sorted(p for p in site.rglob("*") if p.is_file())
    textual = [p for p in files if p.suffix in TEXT_SUFFIXES or p.suffix == ".epub"]
    assert len(files) > 120 and len(textual) > 40
    assert (site / "guidebook/notes.epub").is_file() and (site / "feeds/notes.xml").is_file()
    leftovers = []
    for path in textual:
        for text in member_texts(path, textual_only=True):
            decoded = html.unescape(re.sub(r"<[^>]+>", "", text.decode("utf-8", "replace")))
            leftovers += [f"{path.relative_to(site)}: {item}" for item in OBSIDIAN_LEFTOVERS if item in decoded]
    assert leaks(files, site, PRIVATE_MARKERS) == [] and leftovers == []


def test_generated_lists_link_file_names_with_hash_and_question_mark(built):
    site = built["kb"] / "site"
    listed = "".join(p.read_text(encoding="utf-8") for p in (site / "tags").rglob("index.html"))
    for title in ("Wi-Fi 2 台目の設定", "Q&amp;A よくある質問"):
        assert re.search(r'href="[^"]*articles/p-[0-9a-f]+/"[^>]*>' + re.escape(title), listed), title


def test_the_second_vault_epub_passes_epubcheck(built, epubchecker):
    assert epubchecker.problems(built["kb"] / "site/guidebook/notes.epub") == []
