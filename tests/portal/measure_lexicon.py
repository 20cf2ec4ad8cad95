"""Measure how far the built-in lexicon carries a site whose editors wrote no synonyms.

    .venv/bin/python tests/portal/measure_lexicon.py [--keep DIR]

Builds the sample site three times and runs the reader query set
(:mod:`readerqueries`) through the real ``search-core.js`` under Node
(:mod:`noderecall`), printing recall in the top 3 overall and per kind,
queries with no result, ``x.json``'s size and the misses:

- ``site``: as configured (the sample's ``synonyms:`` and the lexicon);
- ``new``: the sample's ``synonyms:`` removed and the lexicon off, what a
  new site had before the lexicon;
- ``lexicon``: the sample's ``synonyms:`` removed, the lexicon on, what a
  new site has now.

The figures are recorded in MAINTAINERS.md ("Search"). Not collected by
pytest (the file name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from noderecall import NodeSearch, misses  # noqa: E402
from readerqueries import QUERIES  # noqa: E402
from tests.projects import sample_vocabulary  # noqa: E402

SEARCH_PLUGIN = "  - kbpress-search\n"
TAXONOMY = "      taxonomy: taxonomy.yml\n"


def variant_config(name: str, taxonomy: Path) -> str:
    """mkdocs.yml for a variant (written beside it: its paths are relative to the file)."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert text.count(SEARCH_PLUGIN) == 1 and text.count(TAXONOMY) == 1, "mkdocs.yml changed: update this script"
    if name == "site":
        return text
    text = text.replace(TAXONOMY, f"      taxonomy: {taxonomy.name}\n")
    if name == "new":
        text = text.replace(SEARCH_PLUGIN, "  - kbpress-search:\n      lexicon: false\n")
    return text


def build(config: Path, site_dir: Path) -> None:
    command = [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--config-file", str(config),
               "--site-dir", str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)


def report(name: str, site_dir: Path) -> None:
    index = site_dir / "search" / "index"
    search = NodeSearch(index)
    try:
        missed = misses(search, QUERIES)
        empty = [query for query, _kind, _pages in QUERIES if not search.ask({"query": query})]
    finally:
        search.close()
    missed_kinds = [line.split("]")[0].lstrip("[") for line in missed]
    size = (index / "x.json").stat().st_size
    print(f"{name}: recall@3 {1 - len(missed) / len(QUERIES):.1%} of {len(QUERIES)}, "
          f"{len(empty)} with no result, x.json {size / 1024:.1f} KB")
    kinds = sorted({kind for _query, kind, _pages in QUERIES})
    print("  " + ", ".join(
        f"{kind} {sum(1 for _q, k, _p in QUERIES if k == kind) - missed_kinds.count(kind)}"
        f"/{sum(1 for _q, k, _p in QUERIES if k == kind)}" for kind in kinds))
    for line in missed:
        print("  miss " + line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="build the sites here and keep them")
    parser.add_argument("--only", choices=("site", "new", "lexicon"), action="append")
    options = parser.parse_args()
    names = options.only or ["site", "new", "lexicon"]
    with tempfile.TemporaryDirectory() as temp:
        out = options.keep or Path(temp)
        taxonomy = REPO / f".measure-lexicon-{os.getpid()}-taxonomy.yml"
        configs = {name: REPO / f".measure-lexicon-{os.getpid()}-{name}.yml" for name in names}
        taxonomy.write_text(sample_vocabulary(), encoding="utf-8")
        try:
            for name, config in configs.items():
                config.write_text(variant_config(name, taxonomy), encoding="utf-8")
                build(config, out / name)
        finally:
            for path in [taxonomy, *configs.values()]:
                path.unlink()
        for name in names:
            report(name, out / name)


if __name__ == "__main__":
    main()
