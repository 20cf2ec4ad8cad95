"""Feed definitions: feeds/*.yml and the automatic category feeds."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from feedsupport import NOW, make_site, topic

from kbpress.feeds import DEFAULT_LIMIT, FeedDefinition, category_definitions, check_feeds, feed_set, load_definitions
from kbpress.feeds.build import render_feeds
from kbpress.model import JST, KbpressError

REPO = Path(__file__).resolve().parents[2]


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(feeds_dir: Path, taxonomy) -> list:
    with pytest.raises(KbpressError) as caught:
        load_definitions(feeds_dir, taxonomy)
    return caught.value.problems


def test_full_definition_is_read(tmp_path, taxonomy):
    write(
        tmp_path / "feeds",
        "alerts.yml",
        "title: 注意喚起\n"
        "description: 急ぎのお知らせ\n"
        "categories: [alert, 脆弱性・アップデート]\n"  # slug or Japanese name, like front matter
        "tags: phishing\n"  # a single term may be written without brackets
        "limit: 5\n"
        "content: summary\n"
        "icon: assets/images/logo.png\n",
    )
    [definition] = load_definitions(tmp_path / "feeds", taxonomy)
    assert definition == FeedDefinition(
        path="alerts",
        title="注意喚起",
        description="急ぎのお知らせ",
        categories=("alert", "vulnerability"),
        tags=("phishing",),
        limit=5,
        full_content=False,
        icon="assets/images/logo.png",
        source="feeds/alerts.yml",
    )


def test_defaults_and_stable_order(tmp_path, taxonomy):
    write(tmp_path / "feeds", "zeta.yml", "title: Z\n")
    write(tmp_path / "feeds", "alpha.yaml", "title: A\n")
    write(tmp_path / "feeds", "alerts.yml", "title: filtered\ncategories: [alert]\n")
    write(tmp_path / "feeds", "README.md", "not a definition")
    definitions = load_definitions(tmp_path / "feeds", taxonomy)
    # Feeds of every topic first (readers take the first feed a page offers), then by name.
    assert [d.path for d in definitions] == ["alpha", "zeta", "alerts"]
    assert definitions[0].limit == DEFAULT_LIMIT
    assert definitions[0].full_content is True
    assert definitions[0].categories == () and definitions[0].tags == ()


def test_missing_directory_means_no_definitions(tmp_path, taxonomy):
    assert load_definitions(tmp_path / "nowhere", taxonomy) == []


def test_sample_definitions_of_the_project_are_valid(taxonomy):
    definitions = {d.path: d for d in load_definitions(REPO / "feeds", taxonomy)}
    assert {"topics", "alerts"} <= set(definitions)
    assert definitions["alerts"].categories == ("alert",)
    assert definitions["topics"].categories == () and definitions["topics"].tags == ()


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("title: T\ncolour: red\n", 2, ["colour", "未知のキー"]),
        ("title: T\ncategories: [alert, nosuch]\n", 2, ["nosuch", "categories", "alert"]),
        ("title: T\ntags: [nosuch-tag]\n", 2, ["nosuch-tag", "tags"]),
        ("title: T\nlimit: 0\n", 2, ["limit", "1 以上の整数"]),
        ("title: T\nlimit: -3\n", 2, ["limit", "1 以上の整数"]),
        ("title: T\nlimit: '10'\n", 2, ["limit"]),
        ("title: T\nlimit: 2.5\n", 2, ["limit"]),
        ("title: T\nlimit: true\n", 2, ["limit"]),
        ("title: T\ncontent: everything\n", 2, ["content", "full", "summary"]),
        ("title: T\ncontent: [full]\n", 2, ["content"]),
        ("title: T\nicon: javascript:alert(1)\n", 2, ["icon"]),
        ("description: no title\n", None, ["title", "必須"]),
        ("title: ''\n", 1, ["title"]),
        ("title: [a, b]\n", 1, ["title"]),
        ("", None, ["title", "必須"]),
        ("- just\n- a list\n", 1, ["キー: 値"]),
        ("title: T\n\tlimit: 3\n", 2, ["タブ"]),
        ("title: 'unterminated\n", None, ["YAML"]),
    ],
)
def test_bad_definition_names_file_key_and_line(tmp_path, taxonomy, text, line, words):
    write(tmp_path / "feeds", "bad.yml", text)
    [problem] = problems_of(tmp_path / "feeds", taxonomy)
    assert problem.path == "feeds/bad.yml"
    if line is not None:
        assert problem.line == line
    for word in words:
        assert word in problem.message
    assert problem.severity == "error"


def test_every_problem_of_every_file_is_reported_at_once(tmp_path, taxonomy):
    write(tmp_path / "feeds", "one.yml", "title: T\nlimit: 0\ncolour: red\n")
    write(tmp_path / "feeds", "two.yml", "categories: [nosuch]\n")
    problems = problems_of(tmp_path / "feeds", taxonomy)
    assert {(p.path, p.line) for p in problems} == {
        ("feeds/one.yml", 2),
        ("feeds/one.yml", 3),
        ("feeds/two.yml", 1),
        ("feeds/two.yml", None),  # missing title
    }
    assert "feeds/one.yml:2:" in str(KbpressError(problems))


@pytest.mark.parametrize("name", ["トピックス.yml", "Topics.yml", "my_feed.yml", "a b.yml"])
def test_file_name_must_be_an_ascii_slug(tmp_path, taxonomy, name):
    write(tmp_path / "feeds", name, "title: T\n")
    [problem] = problems_of(tmp_path / "feeds", taxonomy)
    assert problem.path == f"feeds/{name}"
    assert "ファイル名" in problem.message and "半角英小文字" in problem.message


def test_same_name_twice_is_an_error(tmp_path, taxonomy):
    write(tmp_path / "feeds", "topics.yml", "title: A\n")
    write(tmp_path / "feeds", "topics.yaml", "title: B\n")
    [problem] = problems_of(tmp_path / "feeds", taxonomy)
    # Files are read in name order: the second one is reported, naming the first.
    assert problem.path == "feeds/topics.yml"
    assert "feeds/topics.yaml" in problem.message


def test_non_utf8_file_is_named(tmp_path, taxonomy):
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "sjis.yml").write_bytes("title: 注意喚起\n".encode("cp932"))
    [problem] = problems_of(tmp_path / "feeds", taxonomy)
    assert problem.path == "feeds/sjis.yml" and "UTF-8" in problem.message


def test_category_feeds_cover_categories_of_published_topics_only(tmp_path):
    site = make_site(
        tmp_path / "docs",
        [
            topic("a", NOW.replace(day=1), categories=("vulnerability",)),
            topic("b", NOW.replace(day=1, hour=1), categories=("alert", "vulnerability")),
            topic("draft", NOW.replace(day=1), categories=("event",), draft=True),
            topic("future", NOW.replace(day=20), categories=("portal",)),
        ],
    )
    feeds = category_definitions(site, NOW)
    # Vocabulary order, not order of appearance; unused and unpublished-only categories left out.
    assert [f.path for f in feeds] == ["category/alert", "category/vulnerability"]
    alert = feeds[0]
    assert alert.category == "alert" and alert.categories == ("alert",)
    assert alert.home == "categories/alert/"
    assert "注意喚起" in alert.title
    assert alert.description == "今まさに広がっている手口をお知らせします。"


def test_feed_set_appends_category_feeds_unless_disabled(site):
    defined = [FeedDefinition(path="topics", title="T")]
    assert [f.path for f in feed_set(site, defined, NOW)][:2] == ["topics", "category/alert"]
    assert feed_set(site, defined, NOW, category_feeds=False) == defined


def test_filters_combine(taxonomy):
    both = FeedDefinition(path="x", title="x", categories=("alert", "event"), tags=("phishing",))
    assert both.matches(topic("a", NOW, categories=("event",), tags=("phishing",)).meta)
    assert not both.matches(topic("b", NOW, categories=("event",)).meta)
    assert not both.matches(topic("c", NOW, categories=("vulnerability",), tags=("phishing",)).meta)
    assert FeedDefinition(path="all", title="all").matches(topic("d", NOW, categories=()).meta)


def test_check_feeds_reports_definition_problems_for_kbpress_check(tmp_path, taxonomy, site):
    project = SimpleNamespace(project_dir=tmp_path)
    assert check_feeds(project, site, taxonomy) == []  # no feeds/ folder: nothing to check
    write(tmp_path / "feeds", "alerts.yml", "title: T\ncategories: [nosuch]\n")
    [problem] = check_feeds(project, site, taxonomy)
    assert (problem.path, problem.line) == ("feeds/alerts.yml", 2)
    other = SimpleNamespace(project_dir=tmp_path, feeds_dir=tmp_path / "elsewhere")
    assert check_feeds(other, site, taxonomy) == []


def test_check_feeds_needs_an_absolute_site_url(tmp_path, taxonomy, site):
    site.url = "/"
    [problem] = check_feeds(SimpleNamespace(project_dir=tmp_path), site, taxonomy)
    assert problem.path == "mkdocs.yml" and "site_url" in problem.message


def test_feed_language_reaches_rss_atom_and_json(tmp_path, taxonomy):
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "en.yml").write_text("title: Advisories\nlanguage: en-gb\n", encoding="utf-8")
    (tmp_path / "feeds" / "ja.yml").write_text("title: お知らせ\n", encoding="utf-8")
    definitions = load_definitions(tmp_path / "feeds", taxonomy)
    assert [(d.path, d.language) for d in definitions] == [("en", "en-GB"), ("ja", "ja")]
    site = make_site(tmp_path / "docs", [topic("patch-now", datetime(2025, 6, 1, 9, 0, tzinfo=JST))])
    files, _ = render_feeds(site, definitions, NOW)
    assert "<language>en-GB</language>" in files["feeds/en.xml"].decode()
    assert 'xml:lang="en-GB"' in files["feeds/en.atom"].decode()
    assert json.loads(files["feeds/en.json"])["language"] == "en-GB"
    assert json.loads(files["feeds/ja.json"])["language"] == "ja"


def test_a_feed_language_that_is_no_tag_names_its_line(tmp_path, taxonomy):
    (tmp_path / "en.yml").write_text("title: Advisories\nlanguage: English\n", encoding="utf-8")
    with pytest.raises(KbpressError) as caught:
        load_definitions(tmp_path, taxonomy)
    assert [(p.line, p.message.split(" (")[0]) for p in caught.value.problems] == [(2, "language は BCP 47 の言語タグで書いてください")]
