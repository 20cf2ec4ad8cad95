#!/usr/bin/env python3
"""kbpress benchmarks: the full build against plain MkDocs + Material, in one run.

usage: python bench/run.py [--pages 1500,3000,10000] [--repeat 2] [--profile] ...

For each corpus size, a baseline project (Material, the same Markdown
extensions and the same small nav of section pages, no kbpress plugins)
and the full kbpress project are built cold (no site, no caches) and warm
(caches filled, nothing changed). Then: the EPUB step inside the build and
a standalone EPUB build against pandoc, the feed step for many topics,
peak memory, and the edit-to-preview time under ``mkdocs serve``.
Every figure is printed as a ratio with its raw times and written to
bench/results.json. See MAINTAINERS.md, "Performance".
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import REPO, Corpus  # noqa: E402
from measure import BenchError  # noqa: E402
from steps import Bench  # noqa: E402

TARGETS = {  # key: (limit, "max" or "min")
    "build_ratio_warm": (1.15, "max"),
    "build_ratio_cold": (1.5, "max"),
    "scaling_3000_over_1500": (2.2, "max"),
    "epub_step_share": (0.10, "max"),
    "epub_speedup_vs_pandoc": (5.0, "min"),
    "feed_5000_seconds": (1.0, "max"),
    "peak_memory_ratio": (1.5, "max"),
    "preview_seconds": (2.0, "max"),
}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default="1500,3000,10000",
                        help="corpus sizes in pages, comma-separated; the first gives the headline figures, the "
                             "first two the scaling figure; further sizes are scaling points built warm once "
                             "(10000 takes about 4 of the run's 9 minutes on 2 cores)")
    parser.add_argument("--articles", type=int, help="one tiny corpus instead: this many articles (with --topics)")
    parser.add_argument("--topics", type=int, help="with --articles: this many topics")
    parser.add_argument("--epub-chapters", type=int, default=1000, help="chapters of the bench guidebook volume")
    parser.add_argument("--feed-topics", type=int, default=5000, help="topics of the feed-step project")
    parser.add_argument("--repeat", type=int, default=2, help="warm builds per project (the fastest counts)")
    parser.add_argument("--extra-runs", type=int, default=2,
                        help="warm builds added per headline size while the best one waited for the machine "
                             "(wall time over 1.2 x CPU time); 0 for a smoke run where the figures mean nothing")
    parser.add_argument("--serve-edits", type=int, default=3, help="edits timed under mkdocs serve (the median counts)")
    parser.add_argument("--skip-pandoc", action="store_true", help="do not run pandoc (its keys are then omitted)")
    parser.add_argument("--skip-serve", action="store_true", help="do not measure mkdocs serve")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the full warm build of the first size with pyinstrument")
    parser.add_argument("--workdir", type=Path, default=REPO / "bench" / "work")
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "results.json")
    return parser.parse_args(argv)


def corpora(args: argparse.Namespace) -> list[Corpus]:
    """The corpora to build: two thirds articles, one third topics, unless given exactly."""
    if args.articles is not None or args.topics is not None:
        articles, topics = args.articles or 0, args.topics or 0
        return [Corpus(articles, topics), Corpus(articles * 2, topics * 2)]
    sizes = sorted({int(size) for size in args.pages.split(",") if size.strip()})
    if len(sizes) < 2:
        raise SystemExit("--pages needs at least two sizes for the scaling figure")
    return [Corpus(round(size * 2 / 3), size - round(size * 2 / 3)) for size in sizes]


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    bench = Bench(args, corpora(args))
    try:
        results = bench.run()
    except BenchError as error:
        print(f"\nbench failed: {error}", file=sys.stderr)
        return 1
    results["targets"] = {key: {"limit": limit, "kind": kind, "met": _met(results.get(key), limit, kind)}
                          for key, (limit, kind) in TARGETS.items()}
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_targets(results)
    print(f"\nresults written to {args.results}")
    return 0


def _met(value, limit: float, kind: str):
    if not isinstance(value, (int, float)):
        return None
    return value <= limit if kind == "max" else value >= limit


def print_targets(results: dict) -> None:
    print("\nTargets")
    for key, target in results["targets"].items():
        value = results.get(key)
        shown = f"{value:.3f}" if isinstance(value, (int, float)) else "n/a"
        sign = "<=" if target["kind"] == "max" else ">="
        verdict = {True: "met", False: "MISSED", None: "not measured"}[target["met"]]
        print(f"  {key:26} {shown:>8}  target {sign} {target['limit']:<5} {verdict}")


if __name__ == "__main__":
    sys.exit(main())
