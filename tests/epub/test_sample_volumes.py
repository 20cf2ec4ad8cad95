"""The repository's own guidebook volumes, from the strict build of the sample site."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from epubsupport import NS, OpenedEpub, internal_link_problems
from kbpress.epub import load_manifests
from kbpress.sources import split_front_matter

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
MANIFESTS = load_manifests(REPO / "guidebook", REPO / "docs", REPO)


def source_title(src: str) -> str:
    text = (REPO / "docs" / src).read_text(encoding="utf-8")
    return yaml.safe_load(split_front_matter(text, src).front_matter)["title"]


def test_sample_has_at_least_two_volumes_one_vertical():
    assert len(MANIFESTS) >= 2
    assert any(manifest.vertical for manifest in MANIFESTS)
    assert any(not manifest.vertical for manifest in MANIFESTS)


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda manifest: manifest.slug)
def test_sample_volume_follows_its_manifest(sample_site, manifest):
    path = sample_site / "guidebook" / manifest.file_name
    book = OpenedEpub.open(path)
    titles = dict(zip(book.spine_files(), book.chapter_titles()))
    assert list(titles.values())[:2] == ["表紙", "目次"]
    chapters = book.page_titles()
    parts = [title for file, title in titles.items() if "/part" in file]
    assert chapters == [source_title(src) for src in manifest.sources]
    assert parts == [part.title for part in manifest.parts if part.title]
    assert len(titles) == 2 + len(chapters) + len(parts) + sum(file.endswith("-yoko.xhtml") for file in titles)
    assert internal_link_problems(book) == []
    assert book.metadata("dc:language") == ["ja"]
    assert book.metadata("dc:title")[0] == manifest.title
    assert any("cover-image" in props for _, _, props in book.manifest.values())
    direction = book.opf.find("opf:spine", NS).get("page-progression-direction")
    assert direction == ("rtl" if manifest.vertical else None)
    writing_mode = [m.get("content") for m in book.opf.iterfind("opf:metadata/opf:meta[@name='primary-writing-mode']", NS)]
    assert writing_mode == (["vertical-rl"] if manifest.vertical else [])
    assert book.meta_property("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    assert book.meta_property("a11y:certifiedBy") == ["みなと中小企業サイバーセキュリティ支援センター"]


def test_sample_volumes_pass_epubcheck(sample_site, epubchecker):
    paths = [sample_site / "guidebook" / manifest.file_name for manifest in MANIFESTS]
    assert len(paths) >= 2
    assert {path.name: epubchecker.problems(path) for path in paths} == {path.name: [] for path in paths}


def test_download_page_lists_every_sample_volume_with_its_size(sample_site):
    page = (sample_site / "guidebook/index.html").read_text(encoding="utf-8")
    for manifest in MANIFESTS:
        size = (sample_site / "guidebook" / manifest.file_name).stat().st_size
        assert f"第{manifest.volume}巻 {manifest.title}" in page
        assert f'<a href="{manifest.file_name}" type="application/epub+zip">' in page
        assert f'data-kbpress-epub-size="{manifest.slug}">、{round(size / 1000)} KB</span>' in page
