"""Guidebook manifests: every key, and a clear error for every mistake."""

from __future__ import annotations

import textwrap
import uuid
from pathlib import Path

import pytest

from kbpress.epub import load_manifest, load_manifests
from kbpress.model import KbpressError

PNG_HEADER = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for src in ("articles/a.md", "articles/b.md", "articles/c.md", "faq.md"):
        path = tmp_path / "docs" / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (tmp_path / "docs/images").mkdir()
    (tmp_path / "docs/images/cover.png").write_bytes(PNG_HEADER)
    (tmp_path / "docs/images/not-an-image.png").write_text("hello", encoding="utf-8")
    (tmp_path / "guidebook").mkdir()
    return tmp_path


def write(project: Path, name: str, text: str) -> Path:
    path = project / "guidebook" / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors(project: Path, name: str, text: str) -> list[str]:
    path = write(project, name, text)
    with pytest.raises(KbpressError) as caught:
        load_manifest(path, project / "docs", f"guidebook/{name}")
    return [str(problem) for problem in caught.value.problems]


def test_full_manifest_is_read_with_parts_and_appendix(project):
    path = write(
        project,
        "basics.yml",
        """\
        title: 情報セキュリティの基本
        subtitle: 中小企業のための第一歩
        volume: 1
        isbn: 978-4-00-000000-0
        authors: [専門員 山田, 専門員 佐藤]
        publisher: みなと中小企業サイバーセキュリティ支援センター
        language: ja
        description: 基本の解説をまとめました。
        cover: images/cover.png
        writing_mode: vertical
        chapters:
          - articles/a.md
          - part: 第1部 守る
            chapters:
              - articles/b.md
        appendix:
          - faq.md
        """,
    )
    manifest = load_manifest(path, project / "docs", "guidebook/basics.yml")
    assert manifest.slug == "basics" and manifest.file_name == "basics.epub"
    assert manifest.title == "情報セキュリティの基本" and manifest.subtitle == "中小企業のための第一歩"
    assert manifest.volume == 1 and manifest.authors == ("専門員 山田", "専門員 佐藤")
    assert manifest.identifier == "urn:isbn:9784000000000"
    assert manifest.cover == "images/cover.png" and manifest.vertical
    assert manifest.sources == ("articles/a.md", "articles/b.md", "faq.md")
    assert [(part.title, part.appendix) for part in manifest.parts] == [(None, False), ("第1部 守る", False), ("付録", True)]


def test_control_characters_are_removed_from_texts(project):
    path = write(project, "v.yml", 'title: "基本\\x07の巻"\nvolume: 1\nchapters: [articles/a.md]\n')
    assert load_manifest(path, project / "docs").title == "基本の巻"


def test_identifier_without_isbn_is_a_stable_uuid5_of_the_slug(project):
    text = "title: T\nvolume: 2\nchapters: [articles/a.md]\n"
    first = load_manifest(write(project, "mail.yml", text), project / "docs")
    again = load_manifest(write(project, "mail.yml", text.replace("T", "別のタイトル")), project / "docs")
    other = load_manifest(write(project, "other.yml", text), project / "docs")
    assert first.identifier == again.identifier != other.identifier
    assert first.identifier.startswith("urn:uuid:")
    assert uuid.UUID(first.identifier[len("urn:uuid:"):]).version == 5
    assert first.writing_mode == "horizontal" and first.language == "ja" and first.cover is None


def test_missing_chapter_file_names_manifest_key_and_line(project):
    found = errors(project, "v.yml", "title: T\nvolume: 1\nchapters:\n  - articles/missing.md\n")
    assert found == [
        "guidebook/v.yml:3: chapters: docs/articles/missing.md がありません。"
        "docs/ からの相対パス (例: articles/backup-basics.md) を確認してください"
    ]


def test_unknown_key_is_named_with_its_line(project):
    found = errors(project, "v.yml", "title: T\nvolume: 1\nchapter: [articles/a.md]\nchapters: [articles/a.md]\n")
    assert len(found) == 1 and found[0].startswith("guidebook/v.yml:3: chapter: 未知のキーです")


def test_duplicate_chapter_is_an_error(project):
    found = errors(
        project, "v.yml", "title: T\nvolume: 1\nchapters: [articles/a.md, articles/b.md]\nappendix: [articles/a.md]\n"
    )
    assert found == ["guidebook/v.yml:4: appendix: articles/a.md が 2 回書かれています。1 冊の中で同じページは 1 回だけにしてください"]


def test_missing_cover_file_is_an_error(project):
    found = errors(project, "v.yml", "title: T\nvolume: 1\ncover: images/nothing.png\nchapters: [articles/a.md]\n")
    assert len(found) == 1 and found[0].startswith("guidebook/v.yml:3: cover: 表紙画像 docs/images/nothing.png がありません")


def test_cover_that_is_not_an_image_is_an_error(project):
    found = errors(project, "v.yml", "title: T\nvolume: 1\ncover: images/not-an-image.png\nchapters: [articles/a.md]\n")
    assert found == ["guidebook/v.yml:3: cover: docs/images/not-an-image.png は PNG・JPEG・GIF・WebP の画像ではありません"]


@pytest.mark.parametrize("chapters", ["chapters: []", "chapters:", "chapters: [ ]"])
def test_empty_chapter_list_is_an_error(project, chapters):
    found = errors(project, "v.yml", f"title: T\nvolume: 1\n{chapters}\n")
    assert len(found) == 1 and found[0].startswith("guidebook/v.yml:3: chapters: ")


def test_missing_required_keys_are_all_reported(project):
    found = errors(project, "v.yml", "subtitle: S\n")
    assert len(found) == 3
    assert all(line.startswith("guidebook/v.yml: ") for line in found)
    assert any("title:" in line for line in found) and any("volume:" in line for line in found)


@pytest.mark.parametrize(("written", "tag"), [("en", "en"), ("en-gb", "en-GB"), ("zh-hant-tw", "zh-Hant-TW"), ("ja-JP", "ja-JP")])
def test_any_bcp47_language_tag_is_accepted_in_its_usual_case(project, written, tag):
    path = write(project, "v.yml", f"title: T\nvolume: 1\nchapters: [articles/a.md]\nlanguage: {written}\n")
    assert load_manifest(path, project / "docs", "guidebook/v.yml").language == tag


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("volume: 0", "volume"),
        ("volume: 一", "volume"),
        ("isbn: 978-4-00-000000-3", "isbn"),
        ("language: 日本語", "language"),
        ("language: english_uk", "language"),
        ("writing_mode: tategaki", "writing_mode"),
        ("authors: []", "authors"),
        ("title: [a, b]", "title"),
    ],
)
def test_bad_values_name_their_key(project, line, key):
    text = "title: T\nvolume: 1\nchapters: [articles/a.md]\n"
    text = "\n".join(row for row in text.splitlines() if not row.startswith(key + ":")) + f"\n{line}\n"
    found = errors(project, "v.yml", text)
    assert len(found) == 1 and f": {key}: " in found[0], found


def test_paths_outside_docs_and_non_markdown_are_rejected(project):
    found = errors(project, "v.yml", "title: T\nvolume: 1\nchapters: [../secret.md, images/cover.png]\n")
    assert len(found) == 2
    assert "docs/ の外を指しています" in found[0] and "Markdown のページではありません" in found[1]


def test_malformed_part_is_explained(project):
    found = errors(project, "v.yml", "title: T\nvolume: 1\nchapters:\n  - part: 第1部\n    pages: [articles/a.md]\n")
    assert len(found) == 1 and "part:" in found[0] and "未知のキー: pages" in found[0]


def test_file_name_must_be_an_ascii_slug(project):
    found = errors(project, "基本.yml", "title: T\nvolume: 1\nchapters: [articles/a.md]\n")
    assert len(found) == 1 and "半角英小文字" in found[0]


def test_yaml_syntax_error_names_the_line(project):
    found = errors(project, "v.yml", "title: T\nvolume: 1\nchapters:\n  - articles/a.md\n - articles/b.md\n")
    assert len(found) == 1 and found[0].startswith("guidebook/v.yml:") and "YAML" in found[0]


def test_load_manifests_orders_by_volume_and_rejects_duplicate_numbers(project):
    write(project, "second.yml", "title: B\nvolume: 2\nchapters: [articles/b.md]\n")
    write(project, "first.yml", "title: A\nvolume: 1\nchapters: [articles/a.md]\n")
    loaded = load_manifests(project / "guidebook", project / "docs", project)
    assert [m.slug for m in loaded] == ["first", "second"]
    assert loaded[0].path == "guidebook/first.yml"
    write(project, "third.yml", "title: C\nvolume: 2\nchapters: [articles/c.md]\n")
    with pytest.raises(KbpressError) as caught:
        load_manifests(project / "guidebook", project / "docs", project)
    assert [str(p) for p in caught.value.problems] == [
        "guidebook/third.yml: volume: 第2巻は guidebook/second.yml と重複しています。別の巻番号にしてください"
    ]


def test_load_manifests_collects_problems_of_every_file(project):
    write(project, "a.yml", "title: A\nvolume: 1\nchapters: [articles/nothing.md]\n")
    write(project, "b.yml", "title: B\nvolume: 2\nbogus: 1\nchapters: [articles/b.md]\n")
    with pytest.raises(KbpressError) as caught:
        load_manifests(project / "guidebook", project / "docs", project)
    assert [problem.path for problem in caught.value.problems] == ["guidebook/a.yml", "guidebook/b.yml"]


def test_missing_guidebook_directory_means_no_volumes(tmp_path):
    assert load_manifests(tmp_path / "guidebook", tmp_path / "docs") == []


def test_check_guidebook_reports_manifest_problems_and_unpublished_chapters(project):
    from dataclasses import replace
    from types import SimpleNamespace

    from epubsupport import article, make_site
    from kbpress.epub import check_guidebook

    write(project, "a.yml", "title: A\nvolume: 1\nchapters: [articles/a.md, articles/b.md]\n")
    draft = article("articles/b.md", "下書き", "本文")
    draft.meta = replace(draft.meta, draft=True)
    site = make_site(project / "docs", [article("articles/a.md", "公開", "本文"), draft])
    checked = SimpleNamespace(project_dir=project, docs_dir=project / "docs")
    assert [str(p) for p in check_guidebook(checked, site, None)] == [
        "guidebook/a.yml: chapters: docs/articles/b.md は下書きか公開日時前のため、巻に入れられません。公開してから巻に入れてください"
    ]
    write(project, "b.yml", "title: B\nvolume: 1\nchapters: []\n")
    problems = check_guidebook(checked, site, None)
    assert [(p.path, p.line) for p in problems] == [("guidebook/b.yml", 3)]  # the empty chapter list
