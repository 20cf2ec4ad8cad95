"""Folder rules, withheld attachments, document ids and the redirect map."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbpress.model import KbpressError, Kind, Page, PageMeta
from kbpress.vault.addresses import (
    IdError, id_slug, load_redirects, lost_address_problems, recorded, redirect_problems, write_redirects,
)
from kbpress.vault.redirectpage import redirect_html
from kbpress.vault.attachments import mentioned_names, withheld
from kbpress.vault.privacy import folder_exclusion
from kbpress.vault.settings import VaultSettings
from kbpress.vault.terms import term_slug, with_parents


@pytest.mark.parametrize(
    ("src_path", "settings", "says"),
    [
        (".obsidian/workspace.json", VaultSettings(), "隠し"),
        (".trash/古いメモ.md", VaultSettings(), "隠し"),
        ("業務/.DS_Store", VaultSettings(), "隠し"),
        ("Templates/日報.md", VaultSettings(), "テンプレート"),
        ("業務/テンプレート/相談.md", VaultSettings(), "テンプレート"),
        ("Meta/雛形/相談.md", VaultSettings(templates=("Meta/雛形",)), "テンプレート"),
        ("構想.canvas", VaultSettings(), "キャンバス"),
        ("相談記録/2023/A社.md", VaultSettings(exclude=("相談記録",)), "公開しないフォルダ"),
        ("相談記録/添付/A社.pdf", VaultSettings(exclude=("相談記録/",)), "公開しないフォルダ"),
        ("雑記/メモ.md", VaultSettings(include=("公開用",)), "の外"),
    ],
)
def test_folder_rules_name_their_reason(src_path, settings, says):
    assert says in folder_exclusion(src_path, settings)


@pytest.mark.parametrize(
    ("src_path", "settings"),
    [
        ("公開用/メモ.md", VaultSettings(include=("公開用",))),
        ("相談記録まとめ.md", VaultSettings(exclude=("相談記録",))),  # a note named like the folder is not in it
        ("資料/templates.md", VaultSettings()),
        ("図/図1.png", VaultSettings()),
    ],
)
def test_everything_else_may_be_published(src_path, settings):
    assert folder_exclusion(src_path, settings) is None


def test_names_a_note_links_or_embeds():
    text = "![[図1.png|300]] [[研修 資料.pptx|スライド]] [[ノート#見出し]] ![](添付/%E8%A1%A8.pdf) <img src=\"写真.jpg\"> [外](https://x.example/a.pdf)"
    assert mentioned_names(text) == {"図1.png", "研修 資料.pptx", "ノート", "表.pdf", "写真.jpg"}


def test_attachments_only_private_notes_use_are_withheld(tmp_path: Path):
    vault = tmp_path
    for name in ("図/顧客の画面.png", "図/共有の図.png", "図/誰も使わない.png", "非公開/控え.pdf"):
        (vault / name).parent.mkdir(parents=True, exist_ok=True)
        (vault / name).write_bytes(b"x")
    (vault / "相談.md").write_text("![[顧客の画面.png]] ![[共有の図.png]]", encoding="utf-8")
    settings = VaultSettings(exclude=("非公開",))
    found = withheld(vault, settings, {"解説.md": "![[共有の図.png]]"}, ["相談.md"])
    assert [item.src_path for item in found] == ["図/顧客の画面.png"]
    assert withheld(vault, settings, {}, []) == []


@pytest.mark.parametrize(("value", "slug"), [("Sec01-02", "sec01-02"), ("Ｓｅｃ０２－０１", "sec02-01"), ("INC 2021_03", "inc-2021-03"), (12, "12")])
def test_document_ids_become_url_segments(value, slug):
    assert id_slug(value) == slug


@pytest.mark.parametrize("value", ["資料-3", "--", "第３号"])
def test_ids_that_cannot_be_a_url_are_refused(value):
    with pytest.raises(IdError):
        id_slug(value)


def test_term_slugs_are_ascii_stable_and_nested():
    assert term_slug("LifeWork", "t") == "lifework"
    assert term_slug("知の共有化", "t") == term_slug("知の共有化", "t")
    assert term_slug("知の共有化", "t").startswith("t") and term_slug("知の共有化", "t").isascii()
    assert term_slug("LifeWork/知の共有化", "t").startswith("lifework-")
    assert term_slug("セキュリティ", "c") != term_slug("セキュリティー", "c")
    assert with_parents("a/b/c") == ["a", "a/b", "a/b/c"]


def _page(src: str, url: str) -> Page:
    return Page(src_path=src, url=url, meta=PageMeta(kind=Kind.ARTICLE, title=f"題 {src}"))


def test_a_lost_address_is_a_warning_proposing_the_line_and_recording_adds_it(tmp_path: Path):
    path = tmp_path / "redirects.yml"
    write_redirects(path, {}, {"docs/sec01-02/": "対策/パスワード.md", "articles/p-1/": "消したノート.md"})
    redirects = load_redirects(path, "redirects.yml")
    pages = [_page("対策/パスワード.md", "docs/sec01-03/")]
    warnings = lost_address_problems(redirects, pages)
    assert [w.severity for w in warnings] == ["warning", "warning"]
    renamed, gone = warnings
    assert "docs/sec01-02/: docs/sec01-03/" in renamed.message and renamed.line == 7  # the line of that address
    assert "articles/p-1/: 〈今のアドレス〉" in gone.message and gone.line == 8
    new_redirects, addresses = recorded(redirects, pages)
    assert new_redirects == {"docs/sec01-02/": "docs/sec01-03/"}
    assert addresses["docs/sec01-03/"] == "対策/パスワード.md" and "articles/p-1/" in addresses
    write_redirects(path, new_redirects, addresses)
    again = load_redirects(path, "redirects.yml")
    left = lost_address_problems(again, pages)  # the one kbpress cannot tell stays a warning
    assert len(left) == 1 and "/articles/p-1/" in left[0].message and "addresses: から" in left[0].message
    assert redirect_problems(again, {"docs/sec01-03/"}) == []


def test_chains_collapse_to_one_hop(tmp_path: Path):
    path = tmp_path / "redirects.yml"
    write_redirects(path, {"a/": "b/"}, {"b/": "n.md"})
    new_redirects, _ = recorded(load_redirects(path, "redirects.yml"), [_page("n.md", "c/")])
    assert new_redirects == {"a/": "c/", "b/": "c/"}


def test_bad_redirect_lines_name_the_line(tmp_path: Path):
    path = tmp_path / "redirects.yml"
    path.write_text("redirects:\n  /docs/old: docs/new/\n  docs/gone/: docs/missing/\n  docs/live/: docs/new/\n", encoding="utf-8")
    with pytest.raises(KbpressError) as caught:
        load_redirects(path, "redirects.yml")
    assert caught.value.problems[0].line == 2
    path.write_text("redirects:\n  docs/gone/: docs/missing/\n  docs/live/: docs/new/\n", encoding="utf-8")
    problems = redirect_problems(load_redirects(path, "redirects.yml"), {"docs/new/", "docs/live/"})
    assert [(p.line, "ありません" in p.message or "公開中" in p.message) for p in problems] == [(2, True), (3, True)]


def test_a_redirect_page_refreshes_links_and_names_the_canonical_address():
    page = redirect_html("https://kb.example.jp/", "articles/p-1/", "docs/sec01-02/", "パスワード <基本>")
    assert '<meta http-equiv="refresh" content="0; url=../../docs/sec01-02/">' in page
    assert '<link rel="canonical" href="https://kb.example.jp/docs/sec01-02/">' in page
    assert '<a href="../../docs/sec01-02/">パスワード &lt;基本&gt;</a>' in page and 'content="noindex"' in page
