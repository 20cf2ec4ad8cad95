"""Generated front matter and Markdown: a clean build with valid outputs, or a clear message.

Never a traceback: every failure must be one of MkDocs' own user-facing
errors, with the offending file named in the log or the error.
"""

from __future__ import annotations

import json
import logging
import shutil
import zipfile
from pathlib import Path

import feedparser
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import HOME, MINIMAL_MKDOCS, REPO

pytestmark = pytest.mark.slow

JAPANESE = "あいうえおかきくけこアイウエオ漢字不審メール対策情報、。「」・ー"
EMOJI = "🔒📧⚠️👍🏽🇯🇵"
CONTROL = "\x00\x01\x07\x0b\x0c\x1b\x7f\u200b\ufeff"
MARKUP = "*_`#[]()<>!|\\-:{}"

text = st.text(alphabet=st.sampled_from(JAPANESE * 3 + EMOJI + CONTROL + MARKUP + "abc 123\n\t"), max_size=60)
plain = st.text(alphabet=st.sampled_from(JAPANESE + EMOJI + "abc 123"), min_size=1, max_size=30)

BLOCKS = [
    lambda t: f"## {t}\n",
    lambda t: f"- {t}\n    - {t}\n        - {t}\n",
    lambda t: f'!!! note "{t}"\n    {t}\n',
    lambda t: f'??? warning "{t}"\n    {t}\n',
    lambda t: f'=== "{t}"\n\n    {t}\n\n=== "別"\n\n    {t}\n',
    lambda t: f"| 見出し | {t} |\n| --- | --- |\n| {t} | セル |\n",
    lambda t: f"```text\n{t}\n```\n",
    lambda t: f"> {t}\n> > {t}\n",
    lambda t: f"{t}[^1]\n\n[^1]: {t}\n",
    lambda t: f"[リンク](../topics/2025/t.md) {t}\n",
    lambda t: f"<div markdown>\n{t}\n</div>\n",
    lambda t: f"<span onclick='x()'>{t}</span>\n",
    lambda t: f"{t}\n",
]
body = st.lists(st.tuples(st.sampled_from(range(len(BLOCKS))), text), max_size=8).map(
    lambda items: "\n".join(BLOCKS[index](value) for index, value in items)
)

front_matter = st.fixed_dictionaries(
    {
        "title": st.one_of(plain, text),
        "description": st.one_of(plain, text),
        # Mostly valid values, so that most examples reach the EPUB and feed checks.
        "category": st.sampled_from(["mail", "incident", "メール・フィッシング対策", "mail", "unknown"]),
        "audience": st.lists(st.sampled_from(["経営者", "管理者", "従業員"]), min_size=1, max_size=3, unique=True),
        "updated": st.sampled_from(["2025-09-01", "2025-09-01T10:00:00", "2025-09-01", "2026-02-30", "昨日"]),
    },
    optional={
        "tags": st.lists(st.sampled_from(["phishing", "backup", "フィッシング", "phishing", "nosuch"]), max_size=3),
    },
)
# An unknown key in one example out of six or so.
front_matter = st.tuples(front_matter, st.sampled_from([None] * 5 + ["red"])).map(
    lambda pair: pair[0] if pair[1] is None else {**pair[0], "colour": pair[1]}
)

MKDOCS = MINIMAL_MKDOCS + """\
  - kbpress-feeds:
      feeds_dir: feeds
  - kbpress-epub:
      guidebook_dir: guidebook
"""

TOPIC = """\
---
title: トピック
date: 2025-06-12T10:00:00+09:00
slug: t
categories: [alert]
summary: 要約
---
本文
"""

MANIFEST = {"title": "試験の巻", "volume": 1, "chapters": ["articles/fuzz.md", "topics/2025/t.md"]}


def make_project(root: Path, meta: dict, markdown: str) -> None:
    (root / "docs/articles").mkdir(parents=True)
    (root / "docs/topics/2025").mkdir(parents=True)
    (root / "guidebook").mkdir()
    (root / "feeds").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    shutil.copy(REPO / "taxonomy.yml", root / "taxonomy.yml")
    (root / "docs/index.md").write_text(HOME, encoding="utf-8")
    (root / "docs/topics/2025/t.md").write_text(TOPIC, encoding="utf-8")
    (root / "guidebook/fuzz.yml").write_text(json.dumps(MANIFEST, ensure_ascii=False), encoding="utf-8")
    (root / "feeds/topics.yml").write_text("title: トピックス\n", encoding="utf-8")
    header = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    (root / "docs/articles/fuzz.md").write_text(f"---\n{header}---\n{markdown}", encoding="utf-8")


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_in_process(root: Path) -> tuple[Exception | None, list[str]]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    records = Records()
    logging.getLogger("mkdocs").addHandler(records)
    try:
        # Not strict: pasted control characters and raw HTML are warnings, and the
        # outputs built despite them must still be valid.
        config = load_config(str(root / "mkdocs.yml"), strict=False)
        # As `mkdocs build` does: MkDocs keeps plugin instances with on_startup across loads in one
        # process, so without it a plugin would carry the mode of an earlier run (a preview) here.
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as error:  # user-facing: PluginError, Abort, ConfigurationError
        return error, records.messages
    finally:
        logging.getLogger("mkdocs").removeHandler(records)
    return None, records.messages


def assert_outputs_valid(site: Path, epubchecker) -> None:
    epub = site / "guidebook/fuzz.epub"
    with zipfile.ZipFile(epub) as archive:
        assert archive.namelist()[0] == "mimetype"
    assert epubchecker.problems(epub) == []
    for feed in (site / "feeds").glob("*.xml"):
        parsed = feedparser.parse(feed.read_bytes())
        assert parsed.bozo == 0, (feed, parsed.bozo_exception)
    json.loads((site / "feeds/topics.json").read_text(encoding="utf-8"))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(meta=front_matter, markdown=body)
def test_generated_pages_build_cleanly_or_fail_clearly(tmp_path_factory, epubchecker, meta, markdown):
    root = tmp_path_factory.mktemp("fuzz") / "project"
    make_project(root, meta, markdown)
    error, messages = build_in_process(root)
    event("built" if error is None else "refused")
    if error is None:
        assert_outputs_valid(root / "site", epubchecker)
    else:
        said = "\n".join(messages + [str(error)])
        assert "fuzz.md" in said, said
        assert not (root / "site").exists(), "a failed first build must not leave a site behind"
