"""Same sources, same bytes; edits to a topic's words never change its identity."""

from __future__ import annotations

import dataclasses
import json
import locale
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from feedsupport import NOW, make_site, sample_topics

from kbpress.feeds import FeedDefinition, build_feeds, feed_set, render_feeds

DEFINITIONS = [FeedDefinition(path="topics", title="トピックス"), FeedDefinition(path="short", title="要約", full_content=False)]


def test_two_builds_write_byte_identical_files(tmp_path):
    outputs = []
    for run in ("one", "two"):
        site = make_site(tmp_path / run / "docs", sample_topics(), site_dir=tmp_path / run / "site")
        written, problems = build_feeds(site, feed_set(site, DEFINITIONS, NOW), NOW, icon="assets/images/favicon.png")
        assert problems == []
        root = tmp_path / run / "site"
        files = {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}
        assert sorted(files) == written
        outputs.append(files)
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 15
    assert not list((tmp_path / "one" / "site").rglob("*.tmp"))


def test_page_order_in_the_site_does_not_matter(tmp_path):
    forward = make_site(tmp_path / "docs", sample_topics())
    backward = make_site(tmp_path / "docs", list(reversed(sample_topics())))
    assert render_feeds(forward, DEFINITIONS, NOW) == render_feeds(backward, DEFINITIONS, NOW)


@pytest.fixture
def japanese_locale(tmp_path, monkeypatch):
    """ja_JP.UTF-8 compiled into tmp_path (the machine may have no Japanese locale installed)."""
    if not shutil.which("localedef") or not Path("/usr/share/i18n/locales/ja_JP").is_file():
        pytest.skip("localedef and the ja_JP locale source are needed to compile a Japanese locale")
    target = tmp_path / "locales"
    target.mkdir()
    done = subprocess.run(["localedef", "-i", "ja_JP", "-f", "UTF-8", str(target / "ja_JP.UTF-8")], capture_output=True)
    if done.returncode not in (0, 1):  # 1: warnings only
        pytest.skip(f"localedef failed: {done.stderr!r}")
    monkeypatch.setenv("LOCPATH", str(target))
    previous = locale.setlocale(locale.LC_ALL)
    locale.setlocale(locale.LC_ALL, "ja_JP.UTF-8")
    assert datetime(2025, 6, 12).strftime("%a") == "木"  # the locale really is Japanese
    yield
    locale.setlocale(locale.LC_ALL, previous)


def test_dates_stay_english_under_a_japanese_locale(tmp_path, japanese_locale):
    site = make_site(tmp_path / "docs", sample_topics())
    under_japanese, _ = render_feeds(site, DEFINITIONS, NOW)
    assert locale.setlocale(locale.LC_ALL) == "ja_JP.UTF-8"  # feedgen put the locale back
    assert b"<pubDate>Sat, 28 Jun 2025 08:00:00 +0900</pubDate>" in under_japanese["feeds/topics.xml"]
    locale.setlocale(locale.LC_ALL, "C")
    under_c, _ = render_feeds(site, DEFINITIONS, NOW)
    assert under_japanese == under_c


def test_editing_title_and_body_keeps_the_guid(tmp_path):
    site = make_site(tmp_path / "docs", sample_topics())
    before, _ = render_feeds(site, DEFINITIONS, NOW)
    for index, page in enumerate(site.pages):
        page.meta = dataclasses.replace(page.meta, title=f"書き直した題名 {index}", description="新しい要約")
        page.html = "<p>全面的に書き直した本文です。</p>"
    after, _ = render_feeds(site, DEFINITIONS, NOW)
    old, new = json.loads(before["feeds/topics.json"]), json.loads(after["feeds/topics.json"])
    assert [item["id"] for item in old["items"]] == [item["id"] for item in new["items"]]
    assert [item["title"] for item in old["items"]] != [item["title"] for item in new["items"]]
    assert before["feeds/topics.xml"] != after["feeds/topics.xml"]
