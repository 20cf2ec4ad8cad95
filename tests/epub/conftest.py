"""Fixtures of the EPUB tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from epubfixture import Fixture, rich_pages, write_docs
from epubsupport import make_site
from kbpress.epub import Manifest, Part
from readingsupport import MANIFESTS, unpack


@pytest.fixture
def rich(tmp_path: Path) -> Fixture:
    docs = tmp_path / "docs"
    write_docs(docs)
    site = make_site(docs, rich_pages(), tmp_path / "site")
    manifest = Manifest(
        path="guidebook/rich.yml",
        slug="rich",
        title="情報セキュリティの基本",
        volume=1,
        subtitle="中小企業のための第一歩",
        description="バックアップとパスワードの基本をまとめました。",
        authors=("専門員 山田", "専門員 佐藤"),
        parts=(Part("第1部 データを守る", ("articles/backup.md",)), Part(None, ("articles/passwords.md",)), Part("付録", ("faq.md",), appendix=True)),
    )
    return Fixture(tmp_path, site, manifest)



@pytest.fixture(scope="session")
def browser(chromium_browser):
    return chromium_browser


@pytest.fixture(scope="session")
def unpacked(sample_site, tmp_path_factory) -> dict[str, Path]:
    """Each sample volume's package folder, unpacked; read only."""
    root = tmp_path_factory.mktemp("volumes")
    return {m.slug: unpack(sample_site / "guidebook" / m.file_name, root / m.slug) for m in MANIFESTS}
