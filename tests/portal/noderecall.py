"""The reader query set through the real search-core.js under Node (no browser).

    .venv/bin/python tests/portal/noderecall.py SITE_DIR   # prints recall and misses

Used by the fast recall test and while tuning; the browser test types the
same queries into the portal's search box.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOP = 3


class NodeSearch:
    """One Node process running ``searchnode.js`` over a built index."""

    def __init__(self, index_dir: Path):
        self.process = subprocess.Popen(
            ["node", str(HERE / "searchnode.js"), str(index_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def ask(self, request: dict):
        self.process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("searchnode.js stopped")
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def expected_pages(expected) -> tuple[str, ...]:
    return expected if isinstance(expected, tuple) else (expected,)


def misses(search: NodeSearch, queries) -> list[str]:
    found = []
    for query, kind, expected in queries:
        urls = search.ask({"query": query})
        if not set(expected_pages(expected)) & set(urls[:TOP]):
            found.append(f"[{kind}] {query} -> {expected} got {urls[:TOP]} of {len(urls)}")
    return found


def main() -> None:
    sys.path.insert(0, str(HERE))
    from readerqueries import QUERIES

    search = NodeSearch(Path(sys.argv[1]) / "search" / "index")
    try:
        missed = misses(search, QUERIES)
    finally:
        search.close()
    for line in missed:
        print(line)
    print(f"recall@{TOP}: {1 - len(missed) / len(QUERIES):.1%} of {len(QUERIES)}")


if __name__ == "__main__":
    main()
