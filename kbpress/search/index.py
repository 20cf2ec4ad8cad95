"""The portal's search index: search terms to pages, as static JSON files.

The index is a plain inverted index the browser reads piece by piece, so
a search downloads a few small files whatever the size of the site:

- ``meta.json``: the format version, a build id (a digest of the other
  files, which the browser adds to their URLs so a cached old shard is
  never read with a new description), the search contract (the rules
  ``search-core.js`` builds its tokenizer and ranking from: see
  :mod:`.contract`), the number of term shards, and per page its length
  in terms (for ranking);
- ``x.json``: spelling variants and synonyms, restricted to the words the
  pages use (:mod:`.dictionary`): folded key -> group of folded forms;
- ``w.json``: suggestion words for a search that finds nothing;
- ``t/<shard>.json``: the terms whose first character falls in that shard
  (code point modulo the shard count), each with its postings: page
  numbers as differences from the previous one, each followed by the
  term's weight in that page (occurrences; title, heading and category
  or tag name occurrences count more: see :mod:`.contract`);
- ``d/<page>.json``: the page's URL (site-relative), title and text, for
  the result list and its excerpt.

A shard holds every term that starts with one character, so a prefix
(one kanji, the start of a Latin word) is looked up in one file.
``assets/portal/search-core.js`` and ``search.js`` read this format; change them together and
bump ``FORMAT_VERSION``.

Output is deterministic: the same pages in the same order give the same
bytes.
"""

from __future__ import annotations

import hashlib
from array import array
import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..processes import release_freed_memory
from .contract import FORMAT_VERSION, HEADING_WEIGHT, LABEL_WEIGHT, TITLE_WEIGHT, contract
from ..synonyms import SynonymRule
from .dictionary import SearchDictionary, cached_dictionary, sudachi_dictionary
from .records import IndexRecord
from .tokens import index_term_counts, page_terms, word_chunks

INDEX_DIR = "search/index"  # inside the site
TABLE_FILES = ("x.json", "w.json")  # the spelling-variant table and the suggestion words
TEXT_LIMIT = 20_000  # characters of readable text kept for excerpts
POSTINGS_PER_SHARD = 6_000  # about 30 KB of JSON a shard
MAX_SHARDS = 1024


@dataclass(frozen=True)
class IndexResult:
    pages: int
    terms: int
    shards: int
    seconds: float
    output_dir: Path
    expansions: int = 0  # dictionary keys shipped (variants and synonyms)
    analyser: str = ""


def shard_count(postings: int) -> int:
    """A power of two giving shards of about ``POSTINGS_PER_SHARD`` postings."""
    shards = 1
    while shards < MAX_SHARDS and postings > shards * POSTINGS_PER_SHARD:
        shards *= 2
    return shards


def shard_of(term: str, shards: int) -> int:
    """The shard of ``term``: its first code point modulo the count (search.js: ``loadShard``)."""
    return ord(term[0]) % shards


def _dump(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


class IndexWriter:
    """Adds pages one at a time and writes the index into ``output_dir``.

    Page texts are written as they arrive and only the postings are kept,
    so memory grows with the vocabulary, not with the pages' text.
    """

    def __init__(self, output_dir: Path, synonyms: tuple[SynonymRule, ...] = (), cache_dir: Path | None = None):
        self.output_dir = Path(output_dir)
        self.synonyms = tuple(synonyms)
        self.cache_dir = cache_dir
        self._chunks: Counter = Counter()  # the pages' words, for the dictionary
        # Machine integers, not Python lists: a million postings take 4 MB instead of 9.
        self._postings: dict[str, array] = {}
        self._last_page: dict[str, int] = {}
        self._lengths: list[int] = []
        self._digest = hashlib.sha256()  # of everything written: the build id
        self._started = time.perf_counter()
        (self.output_dir / "d").mkdir(parents=True, exist_ok=True)
        # Opening Sudachi reads about 26 MB it then lets go (see ``sudachi_dictionary``): done now,
        # before the postings grow, that moment is not added to the build's peak (22 ms, once).
        sudachi_dictionary()

    def add(self, url: str, record: IndexRecord) -> None:
        page = len(self._lengths)
        text = record.text
        weights, chunks = page_terms(text)
        length = sum(weights.values())
        # Body occurrences are counted once already; headings add the rest of their weight.
        boosts = ((record.title, TITLE_WEIGHT), (record.heading_text, HEADING_WEIGHT - 1), (record.label_text, LABEL_WEIGHT))
        for boosted, factor in boosts:
            for term, count in index_term_counts(boosted).items():
                weights[term] += factor * count
        self._chunks.update(chunks)
        self._chunks.update(word_chunks(record.title + " " + record.label_text))
        postings, last_page = self._postings, self._last_page
        for term, weight in weights.items():
            previous = last_page.get(term)
            if previous is None:
                postings[term] = array("I", (page, weight))
            else:
                postings[term].extend((page - previous, weight))
            last_page[term] = page
        self._lengths.append(max(length, 1))
        document = {"url": url, "title": record.title, "text": text[:TEXT_LIMIT]}
        data = _dump(document)
        self._digest.update(data)
        (self.output_dir / "d" / f"{page}.json").write_bytes(data)

    def finish(self) -> IndexResult:
        """Write the term shards and ``meta.json``; returns what was written."""
        total = sum(len(postings) for postings in self._postings.values()) // 2
        term_count = len(self._postings)
        shards = shard_count(total)
        grouped: list[dict[str, array]] = [{} for _ in range(shards)]
        for term, postings in self._postings.items():
            grouped[shard_of(term, shards)][term] = postings
        (self.output_dir / "t").mkdir(parents=True, exist_ok=True)
        for number, terms in enumerate(grouped):
            data = _dump({term: postings.tolist() for term, postings in terms.items()})
            self._digest.update(data)
            (self.output_dir / "t" / f"{number}.json").write_bytes(data)
        # The postings are written; let them (and the heap the pages passed through) go before
        # the dictionary maps Sudachi in (about 40 MB): the two at once were the build's peak.
        del grouped
        self._postings, self._last_page = {}, {}
        release_freed_memory()
        dictionary = cached_dictionary(self._chunks, self.synonyms, self.cache_dir)
        self._write_dictionary(dictionary)
        pages = len(self._lengths)
        meta = {
            "version": FORMAT_VERSION,
            "build": self._digest.hexdigest()[:16],
            "contract": contract(),
            "shards": shards,
            "pages": pages,
            "lengths": self._lengths,
        }
        (self.output_dir / "meta.json").write_bytes(_dump(meta))
        seconds = time.perf_counter() - self._started
        return IndexResult(
            pages, term_count, shards, seconds, self.output_dir, len(dictionary.expansions), dictionary.analyser
        )

    def _write_dictionary(self, dictionary: SearchDictionary) -> None:
        data = dictionary.as_json()
        variants, words = TABLE_FILES
        for name, value in ((variants, {"groups": data["groups"], "keys": data["keys"]}), (words, data["words"])):
            encoded = _dump(value)
            self._digest.update(encoded)
            (self.output_dir / name).write_bytes(encoded)
