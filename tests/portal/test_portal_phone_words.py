"""Phones: long English words in a bilingual table (the real-corpus glossary) stay whole at 360 px.

The portal's text may break anywhere a long URL needs it, but a table
column must not shrink below its longest word ("Processin g").
"""

from __future__ import annotations

import pytest

from tests.realcorpus.corpus import build_corpus

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SPLIT_WORDS_JS = """() => {
  const cells = [...document.querySelectorAll('[data-kb-search-body] table td, [data-kb-search-body] table th')];
  const split = [];
  let words = 0;
  for (const cell of cells) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[A-Za-z]{6,}/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
        words += 1;
        if (lines.size > 1) split.push(match[0]);  // a word cut mid-word; breaks at hyphens are fine
      }
    }
  }
  return {cells: cells.length, words, split, pageWidth: document.documentElement.scrollWidth};
}"""


@pytest.fixture(scope="module")
def glossary_url(tmp_path_factory) -> str:
    built = build_corpus(tmp_path_factory.mktemp("phone") / "kb")
    return (built.site / "articles" / "glossary" / "index.html").as_uri()


def test_long_latin_words_in_tables_stay_whole_on_a_360_px_phone(browser, glossary_url):
    page = browser.new_page(viewport={"width": 360, "height": 740}, locale="ja-JP")
    try:
        page.goto(glossary_url)
        result = page.evaluate(SPLIT_WORDS_JS)
    finally:
        page.close()
    assert result["cells"] == 24 and result["words"] >= 20, result
    assert result["split"] == [], result
    assert result["pageWidth"] <= 360, result  # the table scrolls inside its wrapper, not the page
