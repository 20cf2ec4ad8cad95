"""Vocabulary a team sets for itself: audiences in taxonomy.yml; a front matter key written twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbpress.content import ContentConfig, load_page
from kbpress.model import AUDIENCES, KbpressError
from kbpress.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[2]

ARTICLE = """\
---
title: Triage of reported phishing
description: What the service desk does with a reported mail.
category: mail
audience: [{audience}]
updated: 2026-03-02
---
## Steps
"""


def taxonomy_with(tmp_path: Path, extra: str):
    path = tmp_path / "taxonomy.yml"
    path.write_text((REPO / "taxonomy.yml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    return load_taxonomy(path, "taxonomy.yml")


def load(text: str, taxonomy):
    return load_page(text.encode("utf-8"), "articles/a.md", "docs/articles/a.md", taxonomy, ContentConfig())


def test_without_an_audiences_section_the_three_japanese_audiences_apply():
    assert load_taxonomy(REPO / "taxonomy.yml").audiences == AUDIENCES


def test_audiences_come_from_taxonomy_yml(tmp_path):
    taxonomy = taxonomy_with(tmp_path, "\naudiences:\n  - Service desk\n  - 情報システム担当\n  - Developers\n")
    loaded, problems = load(ARTICLE.format(audience="Service desk, Developers"), taxonomy)
    assert problems == [] and loaded.page.meta.audience == ("Service desk", "Developers")
    _, problems = load(ARTICLE.format(audience="従業員"), taxonomy)
    assert [(p.line, p.message) for p in problems] == [
        (5, "audience の '従業員' は使えません。Service desk / 情報システム担当 / Developers から選ぶか、taxonomy.yml の audiences に加えてください")
    ]


@pytest.mark.parametrize("section", ["audiences: 従業員\n", "audiences: []\n", "audiences: [a, {b: c}]\n", "audiences: [a, a]\n"])
def test_a_malformed_audiences_section_names_its_line(tmp_path, section):
    with pytest.raises(KbpressError) as caught:
        taxonomy_with(tmp_path, "\n" + section)
    (problem,) = caught.value.problems
    assert problem.path == "taxonomy.yml" and problem.line == (REPO / "taxonomy.yml").read_text(encoding="utf-8").count("\n") + 2
    assert "audiences" in problem.message


@pytest.mark.parametrize(
    ("front_matter", "key", "first", "second"),
    [
        ("title: 一つ目\ndescription: 要約。\ntitle: 二つ目\n", "title", 2, 4),
        ("title: 題\ndescription: 要約。\nsocial:\n  post: true\n  post: false\n", "post", 5, 6),
    ],
)
def test_a_key_written_twice_names_both_lines(front_matter, key, first, second):
    taxonomy = load_taxonomy(REPO / "taxonomy.yml")
    loaded, problems = load_page(f"---\n{front_matter}---\n本文\n".encode(), "faq.md", "docs/faq.md", taxonomy, ContentConfig())
    assert loaded is None
    assert [(p.line, p.message.split("(")[0]) for p in problems] == [
        (second, f"キー '{key}' が {first} 行目と {second} 行目の 2 回書かれています")
    ]
