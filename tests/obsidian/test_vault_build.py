"""A small Obsidian vault built --strict: links, images and attachments work in every output; no Obsidian syntax,
no comment and no private note reaches any of them; broken links are warnings at their line."""

from __future__ import annotations

import html as html_lib
import json
import posixpath
import re
import shutil
import zipfile
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from tests.obsidian.vaultfixture import PRIVATE_TEXT, new_vault
from tests.projects import FixtureProject, front_matter

pytestmark = pytest.mark.slow

# Obsidian syntax a specialist writes; none may reach a reader outside a code example.
SYNTAX = ("[[", "[!", "%%", "table-of-contents", "==")
CODE_EXAMPLES = ("[[これはリンクではない]]", "> [!note] これもコードのまま", "%% これもコード %%")
COMMENT_TEXT = ("社内メモ", "A社の事例", "非公開の下書き")
SCRIPT_RE = re.compile(r"<script\b.*?</script>", re.DOTALL)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> FixtureProject:
    project = new_vault(tmp_path_factory.mktemp("vault") / "kb")
    result = project.build()
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    return project


def body_of(project: FixtureProject, url: str) -> lxml.html.HtmlElement:
    page = lxml.html.fromstring((project.site / url / "index.html").read_text(encoding="utf-8"))
    bodies = page.xpath("//*[@data-kb-search-body]")
    assert len(bodies) == 1
    return bodies[0]


def site_target(page_url: str, href: str) -> tuple[str, str]:
    parts = urlsplit(href)
    return posixpath.normpath(posixpath.join("/" + page_url, unquote(parts.path))).lstrip("/"), unquote(parts.fragment)


def test_links_images_and_attachments_of_a_note_work_in_the_portal(built):
    body = body_of(built, "articles/phishing-signs")
    # The note's own links: not the page information, related pages, pager or heading permalinks.
    own = ".//a[@href][not(ancestor::*[@data-kb-search-ignore])][not(ancestor::dl)][not(@class='headerlink')]"
    content_links = [a.get("href") for a in body.xpath(own)]
    assert len(content_links) == 5, content_links  # three wikilinks to a note, two attachments
    for href in content_links:
        target, fragment = site_target("articles/phishing-signs/", href)
        path = built.site / target / "index.html" if href.endswith("/") or "#" in href else built.site / target
        assert path.is_file(), href
        if fragment:
            assert f'id="{fragment}"' in path.read_text(encoding="utf-8"), href
    texts = [a.text_content() for a in body.xpath(".//a[@href]")]
    assert "注意喚起チラシ（PDF・1 KB）" in texts and "連絡票の様式（Word・1 KB）" in texts
    assert "使い回しの話" in texts and "管理の基本" in texts
    images = body.xpath(".//img")
    assert [(img.get("alt"), img.get("width")) for img in images] == [("フィッシングメールの例", "400")]
    assert (built.site / site_target("articles/phishing-signs/", images[0].get("src"))[0]).is_file()
    assert body.xpath(".//mark/text()") == ["本文のリンクは押さない"]
    assert [d.get("class") for d in body.xpath(".//details")] == ["tip"]
    assert body.xpath(".//summary/text()") == ["届いてしまったら"]
    assert body.xpath(".//div[contains(@class, 'admonition')]/p[@class='admonition-title']/text()") == ["添付ファイルに注意", "補足"]


def test_a_link_typed_composed_reaches_a_note_saved_with_a_decomposed_name(built):
    hrefs = [a.get("href") for a in body_of(built, "articles/password-basics").xpath(".//a[@href]") if a.text_content() == "バックアップ手順"]
    assert hrefs == ["../backup-steps/"]
    assert (built.site / "articles/backup-steps/index.html").is_file()


def test_only_files_a_published_note_uses_reach_the_site(built):
    for used in ("画像/フィッシングメールの例.png", "資料/注意喚起チラシ.pdf", "添付/連絡票.docx"):
        assert (built.site / used).is_file(), used
        assert (built.site / used).read_bytes() == (built.docs / used).read_bytes()
    for unused in ("画像/未使用の写真.png", "非公開/顧客一覧.xlsx"):
        assert not (built.site / unused).exists(), unused


def output_texts(project: FixtureProject) -> dict[str, str]:
    """Every text output a reader or a machine gets (theme assets left out), EPUB documents unpacked."""
    texts = {}
    for path in sorted(project.site.rglob("*")):
        relative = path.relative_to(project.site).as_posix()
        if relative.startswith("assets/") or not path.is_file():
            continue
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as book:
                for name in book.namelist():
                    if name.endswith((".xhtml", ".opf", ".ncx")):
                        texts[f"{relative}!{name}"] = book.read(name).decode("utf-8")
        elif path.suffix in (".html", ".xml", ".atom", ".json", ".txt"):
            # The theme's inline scripts compare with ===; they are no reader's text.
            texts[relative] = SCRIPT_RE.sub("", path.read_text(encoding="utf-8"))
    return texts


def json_strings(value) -> list[str]:
    """Every string of a JSON document (its own brackets are no reader's text)."""
    if isinstance(value, str):
        return [value]
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    return [text for key, item in items for text in [*(json_strings(key) if isinstance(key, str) else []), *json_strings(item)]]


def test_no_obsidian_syntax_comment_or_private_note_reaches_any_output(built):
    texts = output_texts(built)
    kinds = {name.rsplit(".", 1)[-1] for name in texts}
    assert {"html", "xml", "atom", "json", "xhtml", "opf"} <= kinds, kinds
    assert len(texts) > 40
    for name, text in texts.items():
        shown = "\n".join(json_strings(json.loads(text))) if name.endswith(".json") else html_lib.unescape(html_lib.unescape(text))
        for example in CODE_EXAMPLES:
            shown = shown.replace(example, "")
        for syntax in SYNTAX:
            assert syntax not in shown, (name, syntax)
        for private in (PRIVATE_TEXT, "相談記録", *COMMENT_TEXT):
            assert private not in shown, (name, private)


def test_the_search_index_and_the_feeds_carry_the_converted_text(built):
    documents = [json.loads(path.read_text(encoding="utf-8")) for path in sorted((built.site / "search/index/d").glob("*.json"))]
    phishing = [doc for doc in documents if doc.get("url", "").endswith("phishing-signs/")]
    assert len(phishing) == 1
    text = json.dumps(phishing[0], ensure_ascii=False)
    assert "本文のリンクは押さない" in text and "添付ファイルに注意" in text and "注意喚起チラシ（PDF・1 KB）" in text
    feed = (built.site / "feeds/alerts.xml").read_text(encoding="utf-8")
    assert "チラシ（PDF・1 KB）" in html_lib.unescape(feed)
    assert "https://kb.example.jp/%E8%B3%87%E6%96%99/%E6%B3%A8%E6%84%8F%E5%96%9A%E8%B5%B7%E3%83%81%E3%83%A9%E3%82%B7.pdf" in feed
    assert "https://kb.example.jp/articles/phishing-signs/" in feed


def test_the_epub_holds_the_images_links_the_portal_for_attachments_and_passes_epubcheck(built, epubchecker):
    epub = built.site / "guidebook/basics.epub"
    with zipfile.ZipFile(epub) as book:
        names = book.namelist()
        chapters = {name: book.read(name).decode("utf-8") for name in names if name.startswith("EPUB/text/ch")}
    assert len(chapters) == 2, names
    phishing = next(text for text in chapters.values() if "見分ける観点" in text)
    assert len([name for name in names if name.startswith("EPUB/media/") and name.endswith(".png") and "cover" not in name]) == 1
    assert re.search(r'<img [^>]*alt="フィッシングメールの例"', phishing)
    assert 'href="https://kb.example.jp/%E8%B3%87%E6%96%99/%E6%B3%A8%E6%84%8F%E5%96%9A%E8%B5%B7%E3%83%81%E3%83%A9%E3%82%B7.pdf">注意喚起チラシ（PDF・1 KB）<' in phishing
    assert re.search(r'href="ch\d+\.xhtml#[^"]+">使い回しの話<', phishing)  # another chapter of the volume, at the heading
    assert epubchecker.problems(epub) == []


def test_kbpress_check_agrees_with_the_build(built):
    result = built.check()
    assert result.returncode == 0, result.output
    assert result.stdout == ""


BROKEN = front_matter(title="リンク切れのあるノート") + """\
本文です。

[[存在しないノート]] と [[相談記録|相談の記録]] と
[[パスワード 管理【基本】#ない見出し]]
![[ない画像.png]] ![[ない資料.pdf|資料]]
"""


@pytest.fixture
def broken(tmp_path) -> FixtureProject:
    project = FixtureProject(tmp_path / "kb")
    shutil.copytree(new_vault(tmp_path / "vault").root, project.root)
    project.write("docs/ノート/リンク切れ.md", BROKEN)
    return project


def test_broken_links_are_warnings_at_their_line_in_the_build_and_in_check(broken):
    expected = ["docs/ノート/リンク切れ.md:6: [[相談記録|相談の記録]] のリンク先",
                "docs/ノート/リンク切れ.md:7: [[パスワード 管理【基本】#ない見出し]] の見出し",
                "docs/ノート/リンク切れ.md:8: 埋め込み ![[ない画像.png]]", "docs/ノート/リンク切れ.md:8: 埋め込み ![[ない資料.pdf|資料]]"]
    unwritten = "docs/ノート/リンク切れ.md:6: まだないノートへのリンク [[存在しないノート]]"  # listed, not a warning
    built = broken.run_in_process("mkdocs", "build", "--strict")
    assert built.returncode == 1
    assert sorted(line.split("kbpress: ", 1)[1][: len(want)] for line in built.output.splitlines() if "WARNING" in line
                  for want in expected if want in line) == sorted(expected), built.output
    assert "Aborted with 4 warnings" in built.output
    assert [line for line in built.output.splitlines() if unwritten in line and line.startswith("INFO")], built.output
    checked = broken.run_in_process("kbpress", "check")
    assert checked.returncode == 1
    found = [line.replace("警告: ", "")[: len(want)] for line in checked.stdout.splitlines() for want in expected if want in line.replace("警告: ", "")]
    assert sorted(found) == sorted(expected), checked.output
    assert unwritten.replace(": まだ", ": お知らせ: まだ") in checked.stdout


def test_an_ambiguous_name_stops_the_build_naming_both_notes(broken):
    broken.write("docs/ノート/パスワード 管理【基本】.md", front_matter(title="同じ名前の別ノート") + "本文\n")
    built = broken.run_in_process("mkdocs", "build")
    assert built.returncode == 1
    assert ("docs/articles/フィッシング対策/フィッシングメールの見分け方.md:16: [[パスワード 管理【基本】]] に当てはまるファイルが 2 つあります "
            "(articles/パスワード 管理【基本】.md, ノート/パスワード 管理【基本】.md)") in built.output
    assert "[[articles/パスワード 管理【基本】]] のように" in built.output


def test_obsidian_without_attr_list_stops_with_the_fix(broken):
    mkdocs = (broken.root / "mkdocs.yml").read_text(encoding="utf-8")
    broken.write("mkdocs.yml", mkdocs.replace("  - attr_list\n", ""))
    built = broken.run_in_process("mkdocs", "build")
    assert built.returncode == 1
    assert "obsidian: true には markdown_extensions の attr_list が必要です" in built.output
    assert "Traceback" not in built.output
    checked = broken.run_in_process("kbpress", "check")
    assert checked.returncode == 1
    assert "obsidian: true には markdown_extensions の attr_list が必要です" in checked.output


def test_kbpress_epub_reuses_bodies_until_a_linked_notes_headings_change(tmp_path):
    project = new_vault(tmp_path / "kb")
    assert project.build().returncode == 0
    built_volume = (project.site / "guidebook/basics.epub").read_bytes()
    reused = project.run_in_process("kbpress", "epub")
    assert reused.returncode == 0 and "再利用 2 章、今回描画 0 章" in reused.output, reused.output
    assert (project.site / "guidebook/basics.epub").read_bytes() == built_volume
    # A heading another note links to changes: the linking chapter's body is no longer what the cache holds.
    note = project.docs / "articles/パスワード 管理【基本】.md"
    note.write_text(note.read_text(encoding="utf-8").replace("## 長さ", "## 十分な長さ"), encoding="utf-8")
    rendered = project.run_in_process("kbpress", "epub")
    assert rendered.returncode == 0 and "再利用 0 章、今回描画 2 章" in rendered.output, rendered.output
