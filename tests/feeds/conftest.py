"""Fixtures for the feed tests; the helpers live in feedsupport.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from feedsupport import CATEGORIES, TAGS, make_site, sample_topics

from kbpress.model import Site
from kbpress.taxonomy import Taxonomy


@pytest.fixture
def taxonomy() -> Taxonomy:
    return Taxonomy(categories=dict(CATEGORIES), tags=dict(TAGS))


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path / "docs", sample_topics())
