"""Both sample volumes as readers meet them: every spine document laid out by Chromium at phone and
tablet sizes (the paginated view through epub.js: ``test_reading_epubjs.py``; Ace by DAISY:
``test_reading_ace.py``, each in a file of its own so that parallel workers share them out).

The layout measurements (``layoutprobe.js``) are taken once per volume and
size; each test then checks one rule of Japanese e-book typesetting on all
of them.
"""

from __future__ import annotations

import pytest

from readingsupport import MANIFESTS, SIZES, measure, serve, spine

pytestmark = pytest.mark.slow

TOLERANCE = 0.5  # px: sub-pixel rounding of layout boxes


@pytest.fixture(scope="module")
def layouts(browser, unpacked) -> dict[tuple[str, tuple[int, int]], dict[str, dict]]:
    """(volume slug, viewport) -> spine href -> measurements."""
    results = {}
    with serve(next(iter(unpacked.values())).parents[1]) as base:
        for slug, package_dir in unpacked.items():
            documents = spine(package_dir)
            relative = package_dir.relative_to(package_dir.parents[1]).as_posix()
            for size in SIZES:
                page = browser.new_page(viewport={"width": size[0], "height": size[1]})
                results[slug, size] = {href: measure(page, f"{base}{relative}/{href}") for href in documents}
                page.close()
    return results


def test_every_spine_document_of_both_volumes_is_laid_out_at_every_size(layouts, unpacked):
    assert len(MANIFESTS) == 2 and {m.vertical for m in MANIFESTS} == {True, False}
    assert len(layouts) == len(MANIFESTS) * len(SIZES)
    for (slug, size), documents in layouts.items():
        assert list(documents) == spine(unpacked[slug])
        assert len(documents) >= 10
        assert all(result["viewport"] == list(size) for result in documents.values())


def test_vertical_volume_sets_one_writing_mode_per_document(layouts):
    for manifest in MANIFESTS:
        for href, result in layouts[manifest.slug, SIZES[0]].items():
            horizontal = not manifest.vertical or href == "cover.xhtml" or href.endswith("-yoko.xhtml")
            assert result["writingMode"] == ("horizontal-tb" if horizontal else "vertical-rl"), (manifest.slug, href)


def test_no_image_is_larger_than_the_page(layouts):
    images = 0
    for (slug, (width, height)), documents in layouts.items():
        for href, result in documents.items():
            for image in result["images"]:
                images += 1
                assert image["loaded"], (slug, href, image["src"])
                assert image["width"] <= width + TOLERANCE and image["height"] <= height + TOLERANCE, (slug, width, href, image)
    covers_and_figures = len(MANIFESTS) * len(SIZES) * 2  # at least the cover and one figure per volume
    assert images >= covers_and_figures


def test_no_line_starts_with_a_small_kana_long_vowel_mark_or_closing_bracket(layouts):
    for key, documents in layouts.items():
        lines = sum(result["lineCount"] for result in documents.values())
        assert lines >= 40, key  # the probe found line breaks to check (fewest in vertical text on the tablet)
        found = {href: result["forbiddenStarts"] for href, result in documents.items() if result["forbiddenStarts"]}
        assert found == {}, key


def test_latin_words_are_not_broken_across_lines(layouts):
    for key, documents in layouts.items():
        assert {href: r["wordSplits"] for href, r in documents.items() if r["wordSplits"]} == {}, key


def test_numbered_lists_in_vertical_text_are_numbered_in_kanji(layouts):
    vertical = next(m for m in MANIFESTS if m.vertical)
    styles = [style for r in layouts[vertical.slug, SIZES[0]].values() if r["writingMode"] == "vertical-rl"
              for style in r["listStyles"]]
    assert "cjk-decimal" in styles  # the sample's numbered steps
    assert set(styles) <= {"cjk-decimal", "none"}  # "none": the contents page


def test_every_short_digit_run_in_vertical_running_text_is_upright(layouts):
    vertical = [m for m in MANIFESTS if m.vertical]
    assert len(vertical) == 1
    for size in SIZES:
        documents = layouts[vertical[0].slug, size]
        runs = [(href, run) for href, result in documents.items() if result["writingMode"] == "vertical-rl"
                for run in result["digitRuns"]]
        assert len(runs) >= 10, "the sample volume has dates, counts and part numbers"
        sideways = [(href, run["run"], run["context"]) for href, run in runs if run["combine"] != "all"]
        assert sideways == [], size


def test_no_table_is_wider_than_the_page(layouts):
    for (slug, (width, _)), documents in layouts.items():
        for href, result in documents.items():
            if result["writingMode"] == "horizontal-tb":
                assert all(table["width"] <= width + TOLERANCE for table in result["tables"]), (slug, width, href)


def test_no_table_cell_is_justified(layouts):
    for key, documents in layouts.items():
        alignments = [alignment for result in documents.values() for alignment in result["cells"]]
        assert len(alignments) >= 20, key
        assert "justify" not in alignments, key


def test_vertical_volume_has_its_tables_in_horizontal_documents_paged_by_row(layouts):
    vertical = next(m for m in MANIFESTS if m.vertical)
    for size in SIZES:
        documents = layouts[vertical.slug, size]
        in_vertical_text = [href for href, r in documents.items() if r["writingMode"] != "horizontal-tb" and r["tables"]]
        assert in_vertical_text == []
        tables = [(href, table) for href, r in documents.items() for table in r["tables"]]
        assert len(tables) >= len(vertical.sources)  # every chapter of the sample has a table
        for href, table in tables:
            assert href.endswith("-yoko.xhtml")
            assert table["tallestRow"] <= size[1], (href, size, table)  # a page break falls between rows


def test_probe_sees_the_faults_it_guards_against(browser, tmp_path):
    """The checks above can fail: a page with loose line breaking, sideways digits and a huge image."""
    (tmp_path / "big.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900"><rect width="1200" height="900"/></svg>'
    )
    sentence = "ちょっとキャッシュレスのチェックシートをショップでチェックしてもらった。" * 30
    (tmp_path / "faulty.xhtml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="ja"><head>'
        "<title>t</title><style>html { writing-mode: vertical-rl; } p { line-break: anywhere; } "
        "td { text-align: justify; } p.latin { word-break: break-all; }</style></head>"
        f'<body><p>{sentence}</p><p>会議は12月3日、20分です。</p><img src="big.svg" alt="図"/>'
        f'<p class="latin">{"Update the operating system and the applications regularly. " * 8}</p>'
        "<table><tr><td>伝えること</td></tr></table></body></html>",
        encoding="utf-8",
    )
    with serve(tmp_path) as base:
        page = browser.new_page(viewport={"width": 360, "height": 640})
        result = measure(page, f"{base}faulty.xhtml")
        page.close()
    assert result["forbiddenStarts"]
    assert result["wordSplits"]
    assert {run["run"] for run in result["digitRuns"] if run["combine"] != "all"} == {"12", "3", "20"}
    assert result["images"][0]["width"] > 360
    assert result["cells"] == ["justify"]
