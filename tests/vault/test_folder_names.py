"""Folder names as vaults have them: ordering numbers, private-by-name folders, Obsidian's own settings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kbpress.model import KbpressError
from kbpress.vault.categories import folder_names
from kbpress.vault.folders import ambiguous_reason, private_reason, strip_order
from kbpress.vault.obsidianconfig import ignore_match, moment_pattern, read_obsidian_rules, with_rules
from kbpress.vault.privacy import folder_exclusion
from kbpress.vault.settings import VaultSettings

STRIPPED = {
    "10 メール": "メール", "01_相談記録": "相談記録", "1.基本": "基本", "2. 端末": "端末", "(1) はじめに": "はじめに",
    "（３）ネットワーク": "ネットワーク", "１０　メール": "メール", "１．基本": "基本", "03-SNS": "SNS", "10-19 Area": "Area",
    "11.01 Phishing": "Phishing", "[4] クラウド": "クラウド", "05 - 教育": "教育", "99_Attachments": "Attachments",
}
KEPT = ("2024", "２０２４", "01", "2024年度", "5G 対策", "3D プリンタ", "2.4GHz 帯の Wi-Fi", "Microsoft 365", "10_", "第1章", "メール")


@pytest.mark.parametrize("name", sorted(STRIPPED))
def test_ordering_numbers_are_not_part_of_the_name(name):
    assert strip_order(name) == STRIPPED[name]


@pytest.mark.parametrize("name", KEPT)
def test_a_name_that_needs_its_number_keeps_it(name):
    assert strip_order(name) == name


PRIVATE = ("相談記録", "10 相談記録", "01_相談記録", "相談記録2024", "30 相談", "相談対応", "対応履歴", "顧客", "60 顧客",
           "取引先", "議事録", "会議メモ", "打ち合わせ", "日報", "日記", "Daily Notes", "daily-notes", "Journal", "個人メモ",
           "メモ", "Inbox", "0_INBOX", "受信箱", "人事", "契約書", "見積", "請求書", "非公開", "社外秘資料", "Private",
           "PRIVATE", "drafts", "下書き", "ｉｎｂｏｘ")
PUBLIC = ("メール", "10 メール", "端末", "人事部向け", "経営者向け", "契約の前に確かめること", "研修資料", "お知らせ",
          "インシデント対応", "Attachments", "添付", "よくある質問", "パスワード", "日本語の資料")


@pytest.mark.parametrize("name", PRIVATE)
def test_folders_named_for_records_journals_and_customers_are_proposed(name):
    assert private_reason(name) is not None


@pytest.mark.parametrize("name", PUBLIC)
def test_folders_named_for_readers_are_not(name):
    assert private_reason(name) is None


def test_an_archive_or_case_studies_are_pointed_out_not_excluded():
    for name in ("Archive", "90 アーカイブ", "相談事例", "FAQ"):
        assert private_reason(name) is None and ambiguous_reason(name) is not None, name


def test_two_folders_that_differ_only_by_their_number_keep_it():
    names = folder_names(["10 メール", "20 端末", "04_端末", "(5) ネットワーク", "ネットワーク"])
    assert names == {"10 メール": "メール", "20 端末": "20 端末", "04_端末": "04_端末", "(5) ネットワーク": "(5) ネットワーク",
                     "ネットワーク": "ネットワーク"}


@pytest.mark.parametrize(("fmt", "path", "matches"), [
    ("YYYY-MM-DD", "2024-06-03", True), ("YYYY-MM-DD", "2024-06-03 打ち合わせ", False),
    ("YYYY/MM/YYYY-MM-DD", "2024/06/2024-06-03", True), ("gggg-[W]ww", "2024-W23", True),
    ("YYYY年M月D日(ddd)", "2024年6月3日(月)", True), ("YYYY-MM-DD", "メール/2024-06-03", False),
])
def test_periodic_note_names_follow_their_moment_format(fmt, path, matches):
    assert bool(re.fullmatch(moment_pattern(fmt), path)) is matches


def test_excluded_files_match_as_obsidian_reads_them():
    filters = ("Archive/", "/\\.secret\\./", "個人")
    assert ignore_match("Archive/old.md", filters) == "Archive/"
    assert ignore_match("notes/a.secret.md", filters) == "/\\.secret\\./"
    assert ignore_match("個人メモ.md", filters) == "個人"
    assert ignore_match("ArchiveX/a.md", ("Archive/",)) is None and ignore_match("メール/a.md", filters) is None


def _vault(tmp_path: Path, files: dict[str, object]) -> Path:
    for name, data in files.items():
        path = tmp_path / ".obsidian" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_obsidian_settings_give_the_exclusions(tmp_path):
    vault = _vault(tmp_path, {
        "app.json": {"userIgnoreFilters": ["Archive/", "  "], "attachmentFolderPath": "./"},
        "daily-notes.json": {"folder": "Daily/", "format": "YYYY-MM-DD"},
        "templates.json": {"folder": "90 Templates"},
        "plugins/templater-obsidian/data.json": {"templates_folder": "90 Templates"},
        "plugins/periodic-notes/data.json": {"calendarSets": [{"weekly": {"enabled": True, "folder": "Weekly", "format": ""}}]},
    })
    rules = read_obsidian_rules(vault)
    assert rules.templates == ("90 Templates",) and rules.ignore_filters == ("Archive/",) and rules.attachment_folder is None
    assert rules.journal_folders == ("Daily", "Weekly") and rules.journal_names == ()
    settings = VaultSettings(ignore_filters=rules.ignore_filters, journal_folders=rules.journal_folders)
    assert "除外するファイル" in folder_exclusion("Archive/2019.md", settings)
    assert "デイリーノート" in folder_exclusion("Daily/2024-06-03.md", settings)
    assert folder_exclusion("メール/2024-06-03.md", settings) is None


def test_daily_notes_at_the_top_are_matched_by_their_name(tmp_path):
    vault = _vault(tmp_path, {"core-plugins.json": ["file-explorer", "daily-notes"]})
    rules = read_obsidian_rules(vault)
    settings = VaultSettings(journal_names=rules.journal_names)
    assert folder_exclusion("2024-06-03.md", settings) and folder_exclusion("2024-06-03 研修.md", settings) is None


@pytest.mark.parametrize(("name", "text", "line"), [
    ("app.json", '{"userIgnoreFilters": ["Archive/",]}', 1),
    ("daily-notes.json", '{\n<<<<<<< HEAD\n  "folder": "Daily"\n}', 2),
    ("app.json", '{"userIgnoreFilters": ["/[相談/"]}', None),
    ("core-plugins.json", '["daily-notes", "templates"', 1),
])
def test_a_settings_file_that_cannot_be_read_stops_naming_it(tmp_path, name, text, line):
    vault = _vault(tmp_path, {name: text})
    with pytest.raises(KbpressError) as raised:
        read_obsidian_rules(vault)
    problem = raised.value.problems[0]
    assert problem.path == f".obsidian/{name}" and problem.line == line and "止めました" in problem.message


def test_a_docs_folder_inside_the_vault_reads_the_vaults_settings_from_its_top(tmp_path):
    vault = _vault(tmp_path, {
        "app.json": {"userIgnoreFilters": ["公開用/下書き/", "/公開用/.*社外秘/"]},
        "daily-notes.json": {"folder": "公開用/日報"},
        "templates.json": {"folder": "公開用/ひな形"},
    })
    (vault / "公開用").mkdir()
    rules = read_obsidian_rules(vault / "公開用")
    assert rules.prefix == "公開用/" and rules.templates == ("ひな形",)
    settings = with_rules(VaultSettings(), rules)
    for src_path in ("下書き/書きかけ.md", "メール/社外秘の手順.md", "日報/2024-06-03.md", "ひな形/相談.md"):
        assert folder_exclusion(src_path, settings) is not None, src_path
    assert folder_exclusion("メール/見分け方.md", settings) is None
