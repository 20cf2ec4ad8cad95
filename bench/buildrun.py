"""One ``mkdocs build --strict`` in this process, with every plugin event timed.

usage: buildrun.py PROJECT_DIR TIMINGS_JSON [--profile PROFILE_TXT]

Runs exactly what the ``mkdocs build`` command runs (load the config,
``on_startup``, build, ``on_shutdown``), but wraps MkDocs's plugin event
dispatch so the seconds spent in each plugin's handlers are known: that
is how the EPUB and feed steps are measured inside a real build. The
parent process measures wall time and peak memory around this child.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections import defaultdict
from pathlib import Path


def install_event_timer(totals: dict) -> None:
    """Time each plugin method MkDocs dispatches; totals[(plugin, event)] += seconds."""
    from mkdocs.plugins import PluginCollection

    def run_event(self, name, item=None, **kwargs):
        pass_item = item is not None
        for method in self.events[name]:
            self._current_plugin = self._event_origins.get(method, "<unknown>")
            start = time.perf_counter()
            result = method(item, **kwargs) if pass_item else method(**kwargs)
            totals[f"{self._current_plugin} {name}"] += time.perf_counter() - start
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    PluginCollection.run_event = run_event


def build(project: Path) -> float:
    """The body of ``mkdocs build --strict``; returns the seconds spent in build()."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        start = time.perf_counter()
        mkdocs_build(config)
        return time.perf_counter() - start
    finally:
        config.plugins.on_shutdown()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("timings", type=Path)
    parser.add_argument("--profile", type=Path, help="write a pyinstrument text profile here")
    args = parser.parse_args()
    # Like the mkdocs command line: INFO to stderr (the parent keeps it in a log file).
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    os.chdir(args.project)
    totals: dict[str, float] = defaultdict(float)
    install_event_timer(totals)
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.002)
        profiler.start()
    seconds = build(args.project)
    if profiler is not None:
        profiler.stop()
        tree = profiler.output_text(unicode=True, show_all=False)
        flat = profiler.output_text(unicode=True, flat=True, flat_time="self")
        args.profile.write_text(tree + "\n\nSelf time by function\n" + flat, encoding="utf-8")
    args.timings.write_text(json.dumps({"build_seconds": seconds, "events": dict(totals)}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except BaseException as error:  # noqa: BLE001 - the parent shows the log
        print(f"build failed: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
