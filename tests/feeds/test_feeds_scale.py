"""Feeds for 5,000 topics come out complete (their speed is measured by bench/run.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from feedsupport import BODY, NOW, make_site, topic

from kbpress.feeds import FeedDefinition, feed_links, feed_set, render_feeds

TOPICS = 5000
PARAGRAPH = "<p>" + "宅配業者をかたる偽 SMS の被害が続いています。リンクを開かず、公式アプリで確かめてください。" * 6 + "</p>\n"
CATEGORIES = ("alert", "vulnerability", "event", "portal")


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    pages = [
        topic(
            f"topic-{index:04d}",
            NOW - timedelta(hours=3 * index + 1),
            categories=(CATEGORIES[index % 4],),
            tags=("phishing",) if index % 3 == 0 else (),
            image="images/alert.png" if index % 10 == 0 else None,
            html=BODY + PARAGRAPH * 2,
        )
        for index in range(TOPICS)
    ]
    return make_site(tmp_path_factory.mktemp("big") / "docs", pages)


# Speed is measured by bench/run.py (feed_5000_seconds), not by timed tests:
# these check that 5,000 topics come out complete.


def test_every_feed_set_of_a_real_configuration_renders_at_scale(big_site):
    definitions = feed_set(
        big_site,
        [FeedDefinition(path="topics", title="T", limit=30), FeedDefinition(path="alerts", title="A", categories=("alert",))],
        NOW,
    )
    assert len(definitions) == 6
    for definition in definitions:
        files, problems = render_feeds(big_site, [definition], NOW)
        assert problems == [] and files


def test_one_feed_of_all_5000_topics_holds_every_item(big_site):
    everything = FeedDefinition(path="all", title="all", limit=TOPICS)
    files, problems = render_feeds(big_site, [everything], NOW)
    assert problems == [] and files["feeds/all.xml"].count(b"<item>") == TOPICS


def test_autodiscovery_links_for_every_page(big_site):
    feeds = feed_set(big_site, [FeedDefinition(path="topics", title="T")], NOW)
    links = [feed_links(big_site, feeds, page) for page in big_site.pages]
    assert all(links)
