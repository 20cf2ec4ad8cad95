"""Vault notes through the field mapping: defaults, empty keys, nested tags, errors with file:line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from kbpress.content import ContentConfig, load_sources
from kbpress.model import JST, Kind, Term
from kbpress.taxonomy import Taxonomy
from kbpress.vault.notes import load_note
from kbpress.vault.settings import FieldMap, VaultSettings

TAXONOMY = Taxonomy(
    categories={
        "measures": Term("measures", "セキュリティ対策"),
        "incident": Term("incident", "インシデント対応"),
        "news": Term("news", "お知らせ"),
        "general": Term("general", "その他"),
    },
    tags={
        "lifework": Term("lifework", "LifeWork"),
        "lifework-share": Term("lifework-share", "LifeWork/知の共有化"),
        "password": Term("password", "パスワード"),
        "mail": Term("mail", "メール"),
        "mail-spoof": Term("mail-spoof", "メール/なりすまし"),
    },
)
SETTINGS = VaultSettings(topic_folders=("お知らせ",), default_category="general")


def note(text: str, src_path: str = "セキュリティ対策/ノート.md", settings: VaultSettings = SETTINGS):
    return load_note(text.encode("utf-8"), src_path, f"vault/{src_path}", TAXONOMY, settings)


def test_japanese_keys_fill_every_field():
    result = note(
        "---\n記事分類:\n  - インシデント対応\n資料ID: Sec01-02\n概要: 最初に読むノート。\n作成者: 相談員 A\n"
        "作成日: 2020年12月10日\n更新日: 令和3年4月1日\nURL: https://www.example.jp/a\n"
        "tags: [LifeWork/知の共有化, パスワード]\n対象: [従業員]\n---\n# 見出し\n本文\n"
    )
    assert result.problems == []
    page = result.loaded.page
    meta = page.meta
    assert (meta.kind, meta.title, meta.description, meta.author) == (Kind.ARTICLE, "見出し", "最初に読むノート。", "相談員 A")
    assert meta.categories == ("incident",) and meta.category == "incident"
    assert meta.tags == ("lifework", "lifework-share", "password")  # the parent of a nested tag too
    assert meta.updated == datetime(2021, 4, 1, tzinfo=JST)
    assert meta.source_url == "https://www.example.jp/a" and meta.audience == ("従業員",)
    assert (meta.doc_id, page.url) == ("sec01-02", "docs/sec01-02/")


def test_a_note_without_front_matter_gets_every_default():
    result = note("本文だけのメモ。見出しもない。\n", src_path="セキュリティ対策/鍵の管理 （メモ）.md")
    meta = result.loaded.page.meta
    assert result.problems == []
    assert meta.title == "鍵の管理 （メモ）"  # the file name
    assert meta.description == "本文だけのメモ。見出しもない。"
    assert meta.categories == ("measures",)  # the folder
    assert meta.audience == TAXONOMY.audiences and meta.tags == () and meta.updated is None
    assert result.loaded.page.url.startswith("articles/p-")  # no id: today's rule, ASCII


def test_empty_keys_are_not_given_and_unknown_keys_are_ignored():
    result = note(
        "---\n記事分類:\n資料ID: \n概要: \"\"\n作成者:\n作成日:\ntags: []\nup: \"[[索引]]\"\n"
        "掲載誌・発表イベント: \ncssclasses: wide\naliases: [別名]\n---\n"
        "```table-of-contents\n```\n\n## 最初の見出し\n\n> [!note] 題\n> 注記\n\n[[別のノート|別]]のとおり、==大事==な点。\n"
    )
    meta = result.loaded.page.meta
    assert result.problems == []
    assert meta.title == "最初の見出し" and meta.doc_id is None
    assert meta.description == "別のとおり、大事な点。"  # markup reduced to its words, the callout skipped
    assert meta.categories == ("measures",)


def test_a_note_at_the_top_takes_the_default_category_and_a_missing_one_is_an_error():
    assert note("# 索引\n", src_path="索引.md").loaded.page.meta.categories == ("general",)
    result = note("# 索引\n", src_path="索引.md", settings=VaultSettings())
    assert result.loaded is None
    assert "保管庫の一番上" in result.problems[0].message and "taxonomy.yml" in result.problems[0].message


def test_tags_written_as_one_string_with_hashes_and_commas():
    result = note("---\ntags: \"#メール/なりすまし, #パスワード\"\n---\n本文\n")
    assert result.loaded.page.meta.tags == ("mail", "mail-spoof", "password")


def test_notes_in_a_topic_folder_are_dated_topics():
    result = note("---\n作成日: 令和6年12月20日 9時\n---\n# 年末年始の窓口\n", src_path="お知らせ/令和6年 年末年始.md")
    meta = result.loaded.page.meta
    assert meta.kind is Kind.TOPIC and meta.date == datetime(2024, 12, 20, 9, tzinfo=JST)
    assert meta.categories == ("news",) and meta.slug.startswith("p-")
    assert result.loaded.page.url == f"topics/2024/{meta.slug}/"
    undated = note("# 日付のないお知らせ\n", src_path="お知らせ/未定.md")
    assert undated.loaded is None and "作成日" in undated.problems[0].message


@pytest.mark.parametrize(
    ("front", "line", "says"),
    [
        ("記事分類: [存在しない分類]\n", 2, "taxonomy.yml に加えてください"),
        ("作成日: 2021年2月30日\n", 2, "存在しない日付"),
        ("tags: [パスワード]\n更新日: きのう\n", 3, "日付として読めません"),
        ("資料ID: 資料-3\n", 2, "半角英数字"),
        ("資料ID: [Sec01, Sec02]\n", 2, "一つの番号"),
        ("URL: www.example.jp\n", 2, "https://"),
        ("公開: たぶん\n", 2, "公開: false"),
        ("対象: [社長]\n", 2, "audiences"),
        ("記事分類: {a: 1}\n", 2, "リスト"),
        ("タイトル: <script>x</script>題\n", 2, "HTML タグ"),
        ("概要: [一, 二]\n", 2, "文字列"),
    ],
)
def test_bad_values_name_the_file_the_line_and_the_fix(front, line, says):
    result = note(f"---\n{front}---\n本文\n")
    assert result.loaded is None
    assert [(p.path, p.line) for p in result.problems] == [("vault/セキュリティ対策/ノート.md", line)]
    assert says in result.problems[0].message


@pytest.mark.parametrize("flag", ["公開: false", "publish: false", "公開: no", "公開: 非公開", "公開: いいえ"])
def test_a_private_note_is_left_out_before_its_keys_are_validated(flag):
    result = note(f"---\n{flag}\n記事分類: [存在しない分類]\n作成日: 壊れた日付\n---\n# 相談記録\n")
    assert result.loaded is None and result.problems == []
    assert result.excluded is not None and "公開しない" in result.excluded.reason


def test_a_mapping_from_mkdocs_yml_replaces_the_default_keys():
    settings = VaultSettings(fields=FieldMap.from_options({"title": "件名", "description": ["要旨"]}), default_category="general")
    meta = note("---\n件名: 件名の題\n要旨: 要旨の文\n概要: 使われない\n---\n# 見出し\n", settings=settings).loaded.page.meta
    assert (meta.title, meta.description) == ("件名の題", "要旨の文")


def test_two_notes_with_one_id_is_an_error_naming_both(tmp_path: Path):
    vault = tmp_path / "vault"
    for name in ("セキュリティ対策/a.md", "セキュリティ対策/b 改訂版.md"):
        (vault / name).parent.mkdir(parents=True, exist_ok=True)
        (vault / name).write_text("---\n資料ID: Sec01-02\n---\n本文\n", encoding="utf-8")
    entries = [(vault / "セキュリティ対策/a.md", "セキュリティ対策/a.md"), (vault / "セキュリティ対策/b 改訂版.md", "セキュリティ対策/b 改訂版.md")]
    loaded, problems = load_sources(entries, vault, tmp_path, TAXONOMY, ContentConfig(vault=SETTINGS))
    assert len(problems) == 1
    assert problems[0].path == "vault/セキュリティ対策/b 改訂版.md"
    assert "vault/セキュリティ対策/a.md" in problems[0].message and "sec01-02" in problems[0].message


def test_the_vaults_own_index_note_is_the_home_page():
    result = note("---\ntags: [パスワード]\n---\n# 相談窓口のノート\n\nここから探せます。\n", src_path="index.md")
    page = result.loaded.page
    assert (page.url, page.kind, page.meta.categories, page.title) == ("", Kind.PAGE, (), "相談窓口のノート")
