"""The search dictionary's cost on a corpus, with and without the built-in lexicon.

    .venv/bin/python bench/gen_corpus.py --articles 1000 --topics 500 /tmp/corpus
    .venv/bin/python bench/dictionary_cost.py /tmp/corpus

Collects the runs of letters the index would collect (``word_chunks``)
from the Markdown sources, loads Sudachi once, then builds the dictionary
without rules and with the lexicon's, printing the CPU time of each build,
the keys shipped and the size of ``x.json``. Single runs: figures for the
notes in MAINTAINERS.md ("Search", "Cost"), not a bench target.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from kbpress.search.dictionary import build_dictionary, sudachi_dictionary
from kbpress.search.index import _dump
from kbpress.search.lexicon import search_rules
from kbpress.search.tokens import word_chunks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path, help="a folder of Markdown pages (bench/gen_corpus.py)")
    corpus = parser.parse_args().corpus
    sources = sorted(corpus.rglob("*.md"))
    runs: Counter = Counter()
    for path in sources:
        runs.update(word_chunks(path.read_text(encoding="utf-8")))
    sudachi_dictionary()  # loaded once, as a cold build does before either
    print(f"{len(sources)} pages, {len(runs)} runs of letters")
    for name, lexicon in (("no lexicon", False), ("lexicon", True)):
        started = time.process_time()
        rules = search_rules((), lexicon)
        dictionary = build_dictionary(runs, rules)
        seconds = time.process_time() - started
        table = dictionary.as_json()
        size = len(_dump({"groups": table["groups"], "keys": table["keys"]}))
        print(f"{name}: CPU {seconds:.2f} s, {len(dictionary.expansions)} keys, x.json {size / 1024:.1f} KB")


if __name__ == "__main__":
    main()
