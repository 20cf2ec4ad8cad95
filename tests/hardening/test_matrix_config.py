"""The bad-input matrix for configuration: guidebook manifests, feed definitions,
social queue files and the plugin options in mkdocs.yml.

Build rows run `mkdocs build --strict` on a copy of a project whose previous
site (portal, guidebook/basics.epub, feeds/*) is in place; most also run
`kbpress check`, which must report the same problem without building.
Queue rows run `kbpress check` and `scripts/publish` (the build never reads
social/). Every row asserts the exit status, the file (and line) with the
fix, no traceback, and the previous site untouched byte for byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FixtureProject
from tests.hardening.matrixsupport import (
    MANIFEST,
    OUTPUT_PLUGINS,
    QUOTE,
    REPOST,
    TOPICS_FEED,
    Row,
    edit,
    make_outputs_project,
    run_publish_script,
    run_row,
    site_has,
    site_lacks,
    write,
)

G = "guidebook/basics.yml"
T = "feeds/topics.yml"
L = "feeds/alerts.yml"
Q = "social/quote-backup.yml"
R = "social/repost-sms.yml"
FEEDS = "  - kbpress-feeds:\n      feeds_dir: feeds\n"
EPUB = "  - kbpress-epub:\n      guidebook_dir: guidebook\n"
CONTENT = "  - kbpress:\n      taxonomy: taxonomy.yml\n"
assert OUTPUT_PLUGINS == FEEDS + EPUB


def remove(relative: str):
    def change(project: FixtureProject) -> None:
        path = project.root / relative
        shutil.rmtree(path) if path.is_dir() else path.unlink()

    return change


def without_japanese_font(project: FixtureProject) -> None:
    """A machine without Noto Sans CJK (a Mac, a bare CI runner): the generated cover cannot be drawn."""
    project.write("nofonts.py", "import kbpress.textlayout as t\nt.find_cjk_font.__defaults__ = ('regular', ('/nonexistent/fonts',))\n")
    edit("mkdocs.yml", "validation:", "hooks:\n  - nofonts.py\nvalidation:")(project)


GUIDEBOOK_ROWS = [
    Row("manifest: missing chapter file", edit(G, "articles/after.md", "articles/gone.md"), "error",
        (f"{G}:3: chapters: docs/articles/gone.md がありません", "docs/ からの相対パス"),
        check_expect=(f"{G}:3: chapters: docs/articles/gone.md がありません",)),
    Row("manifest: unknown key", write(G, MANIFEST + "colour: red\n"), "error",
        (f"{G}:6: colour: 未知のキーです", "使えるキー: title, volume, chapters"),
        check_expect=(f"{G}:6: colour: 未知のキーです",)),
    Row("manifest: duplicate chapter", write(G, MANIFEST + "  - articles/good.md\n"), "error",
        (f"{G}:3: chapters: articles/good.md が 2 回書かれています", "同じページは 1 回だけ"),
        check_expect=(f"{G}:3: chapters: articles/good.md が 2 回書かれています",)),
    Row("manifest: missing cover file", write(G, MANIFEST + "cover: images/cover.png\n"), "error",
        (f"{G}:6: cover: 表紙画像 docs/images/cover.png がありません", "cover: を削除すると表紙を自動で作ります"),
        check_expect=(f"{G}:6: cover: 表紙画像 docs/images/cover.png がありません",)),
    Row("manifest: empty chapter list", write(G, "title: 情報セキュリティの基本\nvolume: 1\nchapters: []\n"), "error",
        (f"{G}:3: chapters: ページの一覧 (「- articles/xxx.md」の行) を 1 つ以上書いてください",),
        check_expect=(f"{G}:3: chapters: ページの一覧",)),
    Row("manifest: malformed yaml (colon in title)", edit(G, "title: 情報セキュリティの基本", "title: 基本: 第1巻"), "error",
        (f"{G}:1: YAML の書式が正しくありません", "コロンの後の半角スペース"),
        check_expect=(f"{G}:1: YAML の書式が正しくありません",)),
    Row("manifest: volume not a number", edit(G, "volume: 1", "volume: 第一巻"), "error",
        (f"{G}:2: volume: 巻番号は 1 以上の整数で書いてください (例: volume: 1)",),
        check_expect=(f"{G}:2: volume: 巻番号は 1 以上の整数で書いてください",)),
    # The build cannot give a line here: the manifest is read before drafts are known.
    Row("manifest: draft page as chapter", write(G, MANIFEST + "  - topics/2025/draft.md\n"), "error",
        (f"{G}: chapters: docs/topics/2025/draft.md はサイトに含まれていません", "公開してから巻に入れてください"),
        check_expect=(f"{G}:1: chapters: docs/topics/2025/draft.md は下書きか公開日時前のため、巻に入れられません",)),
    Row("manifest: two volumes with one number", write("guidebook/second.yml", MANIFEST), "error",
        ("guidebook/second.yml: volume: 第1巻は guidebook/basics.yml と重複しています。別の巻番号にしてください",),
        check_expect=("guidebook/second.yml:1: volume: 第1巻は guidebook/basics.yml と重複しています",)),
    Row("manifest: file name not usable as epub name", write("guidebook/Basics 2.yml", MANIFEST.replace("volume: 1", "volume: 2")),
        "error", ("guidebook/Basics 2.yml: ファイル名は EPUB のファイル名になります", "半角英小文字・数字・ハイフンだけ"),
        check_expect=("guidebook/Basics 2.yml:1: ファイル名は EPUB のファイル名になります",)),
    Row("no japanese font for the generated cover", without_japanese_font, "error",
        (f"{G}: 表紙を自動で作れません。日本語フォント NotoSansCJK-Regular.ttc が見つかりません",
         "apt-get install fonts-noto-cjk", "または cover: に表紙画像を指定してください"),
        build_only="a machine without fonts, not the sources: check draws no cover", child_process=True),
    Row("manifest: shift_jis file", write(G, MANIFEST.encode("cp932")), "error",
        (f"{G}: UTF-8 で保存されていません", "保存し直してください"),
        check_expect=(f"{G}:1: UTF-8 で保存されていません",)),
]

FEED_ROWS = [
    Row("feed: unknown key", write(T, TOPICS_FEED + "colour: red\n"), "error",
        (f"{T}:4: 未知のキー 'colour' です", "使えるキー: title, description, categories, tags, limit"),
        check_expect=(f"{T}:4: 未知のキー 'colour' です",)),
    Row("feed: filter names an unknown category", write(L, "title: 注意喚起\ncategories: [cooking]\n"), "error",
        (f"{L}:2: categories の 'cooking' は taxonomy.yml にありません。次から選んでください: mail,",),
        check_expect=(f"{L}:2: categories の 'cooking' は taxonomy.yml にありません",)),
    Row("feed: filter names an unknown tag", write(L, "title: 注意喚起\ntags: [nosuchtag]\n"), "error",
        (f"{L}:2: tags の 'nosuchtag' は taxonomy.yml にありません。次から選んでください: phishing,",),
        check_expect=(f"{L}:2: tags の 'nosuchtag' は taxonomy.yml にありません",)),
    *[
        Row(f"feed: limit {value}", edit(T, "limit: 10", f"limit: {value}"), "error",
            (f"{T}:3: limit は 1 以上の整数で書いてください (今は '{value}' です)", "最大件数"),
            check_expect=(f"{T}:3: limit は 1 以上の整数で書いてください",))
        for value in ("0", "-1", "ten")
    ],
    Row("feed: missing title", write(T, "description: すべてのトピックス\n"), "error",
        (f"{T}: 必須のキー 'title' がありません。フィードの名前を title: に書いてください",),
        check_expect=(f"{T}:1: 必須のキー 'title' がありません",)),
    Row("feed: malformed yaml (colon in title)", write(T, "title: トピックス: すべて\n"), "error",
        (f"{T}:1: YAML の書式が正しくありません", "引用符の閉じ忘れ"),
        check_expect=(f"{T}:1: YAML の書式が正しくありません",)),
    Row("feed: unknown content mode", write(T, "title: トピックス\ncontent: all\n"), "error",
        (f"{T}:2: content は full (本文を載せる) か summary (要約だけ) で書いてください (今は 'all' です)",),
        check_expect=(f"{T}:2: content は full",)),
    Row("feed: file name not usable in a url", write("feeds/Topics 2.yml", TOPICS_FEED), "error",
        ("feeds/Topics 2.yml: ファイル名 'Topics 2' はフィードの URL になります", "(例: topics.yml)"),
        check_expect=("feeds/Topics 2.yml:1: ファイル名 'Topics 2' はフィードの URL になります",)),
    Row("feed: icon that is not an image path or https url", write(T, TOPICS_FEED + "icon: javascript:alert(1)\n"), "error",
        (f"{T}:4: icon にはサイト内の画像のパス (例: assets/images/favicon.png) か https:// の URL を書いてください",),
        check_expect=(f"{T}:4: icon にはサイト内の画像のパス",)),
    Row("feed: shift_jis file", write(T, TOPICS_FEED.encode("cp932")), "error",
        (f"{T}: UTF-8 で保存されていません", "「UTF-8」を選んで保存し直してください")),
    Row("feed: filter that no topic matches yet is fine", write(L, "title: ランサムウェア\ntags: [ransomware]\n"), "accept",
        check=site_has("feeds/alerts.xml")),
]


# The vocabulary: read first, so its problems stop the build before anything else.
# (The line is the section's, categories: or tags:, not the term's own.)
TAXONOMY_ROWS = [
    Row("taxonomy: slug with capitals", edit("taxonomy.yml", "  mail:", "  Mail:"), "error",
        ("taxonomy.yml:5: categories のスラッグ 'Mail' は半角英小文字・数字・ハイフンだけで書いてください",),
        check_expect=("taxonomy.yml:5: categories のスラッグ 'Mail'",)),
    Row("taxonomy: term without a name", edit("taxonomy.yml", "  phishing: {name: フィッシング, ", "  phishing: {"), "error",
        ("taxonomy.yml:40: tags.phishing に name (日本語の表示名) を書いてください",),
        check_expect=("taxonomy.yml:40: tags.phishing に name",)),
    Row("taxonomy: unknown section", edit("taxonomy.yml", "categories:", "colours: {}\ncategories:"), "error",
        ("taxonomy.yml:5: 未知のキー 'colours' です。使えるのは categories、tags、audiences と synonyms だけです",),
        check_expect=("taxonomy.yml:5: 未知のキー 'colours' です",)),
]


def publish_refuses_too(*expected: str):
    """`scripts/publish` (dry run) stops on the same queue problem, before anything is planned."""

    def check(project: FixtureProject) -> None:
        done = run_publish_script(project)
        assert "Traceback" not in done.output, done.output
        assert done.returncode == 1, done.output
        for text in expected:
            assert text in done.stderr, f"scripts/publish: {text!r} not in:\n{done.output}"

    return check


def queue_row(name: str, change, *expected: str) -> Row:
    return Row(name, change, "error", expected, check=publish_refuses_too(expected[0]), command="check")


NOT_A_POST = "は X の投稿の URL ではありません。x.com か twitter.com の投稿を開き、「リンクをコピー」で得た URL を書いてください"
SOCIAL_ROWS = [
    queue_row("queue: url of another site", edit(R, "https://twitter.com/example_account/status/", "https://example.com/status/"),
              f"{R}:3: url 'https://example.com/status/1790000000000000002' {NOT_A_POST}"),
    queue_row("queue: url of a profile, not a post", edit(R, "/status/1790000000000000002", ""),
              f"{R}:3: url 'https://twitter.com/example_account' {NOT_A_POST}"),
    queue_row("queue: quote without comment", write(Q, QUOTE.split("comment:")[0]),
              f"{Q}:1: quote には引用に添える comment: を書いてください"),
    queue_row("queue: comment too long", edit(Q, "バックアップは「別の場所に・複数世代」が基本です。", "あ" * 150),
              f"{Q}:4: comment が長すぎます: 300/280 (全角は 2、URL は 23 と数えます)。20 以上短くしてください"),
    queue_row("queue: unknown key", write(R, REPOST + "colour: red\n"),
              f"{R}:4: 未知のキー 'colour' です。使えるキー: comment, date, id, memo, type, url"),
    queue_row("queue: duplicate id", edit(R, "id: repost-sms", "id: quote-backup"),
              f"{R}:1: id 'quote-backup' が {Q} と重複しています。別の id にしてください"),
    queue_row("queue: comment on a repost", write(R, REPOST + "comment: ぜひご覧ください。\n"),
              f"{R}:4: repost には comment を書けません。コメントを付けるなら type: quote にしてください"),
    queue_row("queue: malformed yaml", edit(Q, "comment: バックアップは", "comment: 注意: バックアップは"),
              f"{Q}:4: YAML の書式が正しくありません", "コロンの後の半角スペース"),
]

MKDOCS_ROWS = [
    # MkDocs validates plugin options itself: unknown names are warnings, wrong types errors.
    Row("mkdocs.yml: unknown kbpress-feeds option", edit("mkdocs.yml", "feeds_dir: feeds", "feeds_dir: feeds\n      colour: red"),
        "warning", ("Config value 'plugins': Plugin 'kbpress-feeds' option 'colour': Unrecognised configuration name: colour",)),
    Row("mkdocs.yml: unknown kbpress-epub option", edit("mkdocs.yml", "guidebook_dir: guidebook", "guidebook_dir: guidebook\n      colour: red"),
        "warning", ("Config value 'plugins': Plugin 'kbpress-epub' option 'colour': Unrecognised configuration name: colour",)),
    Row("mkdocs.yml: kbpress-feeds option of the wrong type",
        edit("mkdocs.yml", "feeds_dir: feeds", "feeds_dir: feeds\n      category_feeds: sometimes"), "error",
        ("Plugin 'kbpress-feeds' option 'category_feeds': Expected type: <class 'bool'> but received: <class 'str'>",)),
    Row("mkdocs.yml: kbpress-epub option of the wrong type", edit("mkdocs.yml", "guidebook_dir: guidebook", "guidebook_dir: [guidebook]"),
        "error", ("Plugin 'kbpress-epub' option 'guidebook_dir': Expected type: <class 'str'> but received: <class 'list'>",)),
    # A folder named in mkdocs.yml that does not exist is a typo: building on would
    # silently drop the published feeds or volumes, so --strict keeps the old site.
    Row("mkdocs.yml: feeds_dir pointing nowhere", edit("mkdocs.yml", "feeds_dir: feeds", "feeds_dir: feedz"), "warning",
        ("mkdocs.yml: kbpress-feeds の feeds_dir: 'feedz' のフォルダがありません", "フォルダの名前 (mkdocs.yml からの相対パス) に直してください")),
    Row("mkdocs.yml: guidebook_dir pointing nowhere", edit("mkdocs.yml", "guidebook_dir: guidebook", "guidebook_dir: books"), "warning",
        ("mkdocs.yml: kbpress-epub の guidebook_dir: 'books' のフォルダがありません",)),
    # The default folders may be absent: a project without defined feeds or volumes.
    Row("default feeds folder absent: category feeds only", remove("feeds"), "accept",
        check=lambda p: (site_has("feeds/category/alert.xml")(p), site_lacks("feeds/topics.xml")(p))),
    Row("default guidebook folder absent: no volumes", remove("guidebook"), "accept",
        check=lambda p: (site_has("guidebook/index.html")(p), site_lacks("guidebook/basics.epub")(p))),
    Row("mkdocs.yml: kbpress missing, kbpress-feeds listed", edit("mkdocs.yml", CONTENT, ""), "error",
        ("mkdocs.yml: plugins: の最初に kbpress を書いてください (kbpress-feeds, kbpress-epub より前に)",),
        # kbpress check gives the build's own message: one rule, one wording.
        check_expect=("mkdocs.yml: plugins: の最初に kbpress を書いてください (kbpress-feeds, kbpress-epub より前に)",)),
    Row("mkdocs.yml: kbpress missing, only kbpress-epub listed", edit("mkdocs.yml", CONTENT + FEEDS, ""), "error",
        ("mkdocs.yml: plugins: の最初に kbpress を書いてください (kbpress-epub より前に)",)),
    Row("mkdocs.yml: kbpress listed after kbpress-epub", edit("mkdocs.yml", CONTENT + FEEDS + EPUB, EPUB + CONTENT + FEEDS), "error",
        ("mkdocs.yml: plugins: の最初に kbpress を書いてください (kbpress-epub, kbpress-feeds より前に)",)),
    Row("mkdocs.yml: kbpress listed after kbpress-feeds", edit("mkdocs.yml", CONTENT + FEEDS, FEEDS + CONTENT), "error",
        ("mkdocs.yml: plugins: の最初に kbpress を書いてください (kbpress-feeds, kbpress-epub より前に)",)),
    Row("mkdocs.yml: misspelt plugin name", edit("mkdocs.yml", "- kbpress-feeds:", "- kbpress-feed:"), "error",
        ("Config value 'plugins': The \"kbpress-feed\" plugin is not installed",),
        check_expect=("The \"kbpress-feed\" plugin is not installed",)),
    Row("mkdocs.yml: malformed yaml", edit("mkdocs.yml", "site_name: テスト保管庫", "site_name: [テスト保管庫"), "error",
        ("MkDocs encountered an error parsing the configuration file", "mkdocs.yml\", line 1"),
        check_expect=("mkdocs.yml: MkDocs encountered an error parsing the configuration file",)),
    Row("mkdocs.yml: no site_url", edit("mkdocs.yml", "site_url: https://kb.example.jp/\n", ""), "error",
        ("mkdocs.yml: site_url を設定してください (例: https://kb.example.jp/)",)),
]

ROWS = GUIDEBOOK_ROWS + FEED_ROWS + TAXONOMY_ROWS + SOCIAL_ROWS + MKDOCS_ROWS


@pytest.fixture(scope="module")
def built_template(tmp_path_factory) -> Path:
    """A valid project with portal, EPUB volume and feeds already built: each row starts from a copy."""
    root = tmp_path_factory.mktemp("template") / "project"
    make_outputs_project(root)
    return root


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_config_row(row, built_template, tmp_path):
    run_row(row, built_template, tmp_path)


def test_template_passes_kbpress_check_and_publish_dry_run(built_template, tmp_path):
    """The rows' starting point is clean, so each row's failure comes from its one change."""
    project = FixtureProject(built_template)
    checked = project.check()
    assert checked.returncode == 0 and checked.stdout == "", checked.output
    # stderr names the site checked, nothing else.
    assert checked.stderr.splitlines() == [f"知識ベース: テスト保管庫 (https://kb.example.jp/) — {built_template / 'mkdocs.yml'}"]
    planned = run_publish_script(project, "--format", "json")
    assert planned.returncode == 0, planned.output
    assert planned.stdout.count('"kind"') == 3, planned.stdout  # the article's announcement, the quote, the repost
