"""The measurements of one bench run, in the order they are taken."""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import projects
from corpus import REPO, Corpus
from projects import BenchProjects
from measure import BenchError, Run, ratio_line, require_ok, run_measured
from epubsteps import measure_epub
from preview import measure_preview

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
# Fixed clocks: every topic of the corpus is published, outputs are reproducible.
BENCH_NOW = "2027-01-01T00:00:00+09:00"
BENCH_EPOCH = "1767225600"
EDITED_SOURCE = "articles/0001.md"
EDITED_URL = "articles/0001/"
PYINSTRUMENT = "pyinstrument==5.1.3"
CONTENDED = 1.2  # wall time over CPU time beyond which a run waited for the machine


@dataclass
class BuildRun:
    run: Run
    events: dict[str, float] = field(default_factory=dict)  # "plugin event" -> seconds

    def plugin_seconds(self, plugin: str) -> float:
        return sum(seconds for key, seconds in self.events.items() if key.split(" ", 1)[0] == plugin)

    def summary(self) -> dict:
        return {"log": self.run.log.name, "seconds": round(self.run.seconds, 3), "cpu_seconds": round(self.run.cpu_seconds, 3),
                "peak_mb": round(self.run.max_rss_mb, 1)}

    def by_plugin(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for key, seconds in self.events.items():
            name = key.split(" ", 1)[0]
            totals[name] = totals.get(name, 0.0) + seconds
        return dict(sorted(totals.items(), key=lambda item: -item[1]))


@dataclass
class SizeFigures:
    corpus: Corpus
    base_cold: BuildRun
    full_cold: BuildRun
    base_warm: list[BuildRun]
    full_warm: list[BuildRun]

    @staticmethod
    def fastest(runs: list[BuildRun]) -> BuildRun:
        return min(runs, key=lambda build: build.run.seconds)

    def as_dict(self) -> dict:
        full, base = self.fastest(self.full_warm), self.fastest(self.base_warm)
        all_full = [self.full_cold, *self.full_warm]
        all_base = [self.base_cold, *self.base_warm]
        full_mb = max(build.run.max_rss_mb for build in all_full)
        base_mb = max(build.run.max_rss_mb for build in all_base)
        return {
            "articles": self.corpus.articles,
            "topics": self.corpus.topics,
            "build_ratio_warm": full.run.seconds / base.run.seconds,
            "build_ratio_cold": self.full_cold.run.seconds / self.base_cold.run.seconds,
            "full_warm_seconds": full.run.seconds,
            "baseline_warm_seconds": base.run.seconds,
            "full_cold_seconds": self.full_cold.run.seconds,
            "baseline_cold_seconds": self.base_cold.run.seconds,
            "full_warm_cpu_seconds": full.run.cpu_seconds,
            "baseline_warm_cpu_seconds": base.run.cpu_seconds,
            "cpu_ratio_warm": full.run.cpu_seconds / base.run.cpu_seconds,
            "peak_memory_ratio": full_mb / base_mb,
            "full_peak_mb": full_mb,
            "baseline_peak_mb": base_mb,
            "plugin_seconds_warm": full.by_plugin(),
            "plugin_seconds_cold": self.full_cold.by_plugin(),
            "baseline_plugin_seconds_warm": base.by_plugin(),
            "runs": [build.summary() for build in (self.base_cold, self.full_cold, *self.base_warm, *self.full_warm)],
        }


class Bench:
    def __init__(self, args, sizes: list[Corpus]):
        self.args = args
        self.sizes = sizes
        self.work = args.workdir.resolve()
        self.logs = self.work / "logs"
        self.env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KBPRESS_NOW": BENCH_NOW, "SOURCE_DATE_EPOCH": BENCH_EPOCH}
        self.results: dict = {}

    # -- the whole run ---------------------------------------------------------------

    def run(self) -> dict:
        started = time.perf_counter()
        self.results.update(self._machine())
        print(f"kbpress bench: {os.cpu_count()} cores, load average {self.results['load_average_start']}, "
              f"work directory {self.work}")
        figures, prepared = [], []
        for number, size in enumerate(self.sizes):
            project = self._prepare(size)
            prepared.append(project)
            headline = number < 2  # further sizes are scaling points: one warm build
            figures.append(self._measure_size(project, repeat=self.args.repeat if headline else 1,
                                              extra=self.args.extra_runs if headline else 0))
        self._headline(figures)
        self._epub(prepared[0], figures[0])
        self._feeds()
        self._preview(prepared[0])
        if self.args.profile:
            self._profile(prepared[0])
        self.results["plugins"] = list(prepared[0].plugins)
        self.results["missing_plugins"] = list(prepared[0].missing_plugins)
        self.results["load_average_end"] = [round(value, 2) for value in os.getloadavg()]
        if _commit() != self.results["commit"]:
            self.results["commit_end"] = _commit()
            print(f"\nwarning: the code changed during the run ({self.results['commit']} -> {_commit()}); run again")
        self.results["bench_seconds"] = time.perf_counter() - started
        print(f"\nbench finished in {self.results['bench_seconds'] / 60:.1f} min")
        return self.results

    def _machine(self) -> dict:
        versions = {}
        for package in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "ebooklib", "feedgen"):
            try:
                from importlib.metadata import version

                versions[package] = version(package)
            except Exception:  # noqa: BLE001 - informative only
                versions[package] = None
        pandoc = shutil.which("pandoc")
        if pandoc:
            first = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.splitlines()
            versions["pandoc"] = first[0].split()[-1] if first else None
        return {
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "machine": {"cores": os.cpu_count(), "memory_gib": _memory_gib(), "python": platform.python_version(),
                        "system": platform.platform()},
            "versions": versions,
            "load_average_start": [round(value, 2) for value in os.getloadavg()],
            "commit": _commit(),
            "command": " ".join(["bench/run.py", *sys.argv[1:]]),
        }

    def _prepare(self, size: Corpus) -> BenchProjects:
        start = time.perf_counter()
        project = projects.prepare(size, self.work, epub_chapters=self.args.epub_chapters)
        print(f"\n{size.pages} pages ({size.articles} articles, {size.topics} topics), "
              f"prepared in {time.perf_counter() - start:.1f} s; full build plugins: {', '.join(project.plugins)}")
        if project.missing_plugins:
            print(f"  not available yet, left out: {', '.join(project.missing_plugins)}")
        return project

    # -- builds ----------------------------------------------------------------------------

    def build(self, project: Path, label: str, *, cold: bool, profile: Path | None = None) -> BuildRun:
        if cold:
            clear_outputs(project)
        timings = self.logs / f"{label}.json"
        command = [sys.executable, str(HERE / "buildrun.py"), str(project), str(timings)]
        if profile is not None:
            command += ["--profile", str(profile)]
        run = require_ok(run_measured(command, cwd=project, env=self.env, log=self.logs / f"{label}.log"), label)
        events = json.loads(timings.read_text(encoding="utf-8"))["events"]
        return BuildRun(run, events)

    def _measure_size(self, project: BenchProjects, *, repeat: int, extra: int) -> SizeFigures:
        name = str(project.corpus.pages)
        base_cold = self.build(project.base, f"{name}-base-cold", cold=True)
        full_cold = self.build(project.full, f"{name}-full-cold", cold=True)
        base_warm, full_warm = [], []
        number = 0
        # Interleaved, so load from elsewhere hits both alike. On a shared machine a
        # run that waited (wall time well above CPU time) is repeated, up to --extra-runs more (2 by default).
        while wants_another_run(number, repeat, extra, base_warm, full_warm):
            base_warm.append(self.build(project.base, f"{name}-base-warm{number}", cold=False))
            full_warm.append(self.build(project.full, f"{name}-full-warm{number}", cold=False))
            number += 1
        figures = SizeFigures(project.corpus, base_cold, full_cold, base_warm, full_warm)
        data = figures.as_dict()
        self.results.setdefault("sizes", {})[name] = data
        print(ratio_line("build ratio, cold", data["build_ratio_cold"], data["full_cold_seconds"], data["baseline_cold_seconds"]))
        print(ratio_line("build ratio, warm", data["build_ratio_warm"], data["full_warm_seconds"], data["baseline_warm_seconds"]))
        print(ratio_line("CPU time ratio, warm", data["cpu_ratio_warm"], data["full_warm_cpu_seconds"], data["baseline_warm_cpu_seconds"]))
        print(ratio_line("peak memory ratio", data["peak_memory_ratio"], data["full_peak_mb"], data["baseline_peak_mb"], "MB"))
        steps = ", ".join(f"{plugin} {seconds:.2f} s" for plugin, seconds in data["plugin_seconds_warm"].items())
        print(f"  plugin events in the warm full build: {steps}")
        return figures

    def _headline(self, figures: list[SizeFigures]) -> None:
        first = self.results["sizes"][str(figures[0].corpus.pages)]
        for key in ("build_ratio_warm", "build_ratio_cold", "full_warm_seconds", "baseline_warm_seconds",
                    "full_cold_seconds", "baseline_cold_seconds", "peak_memory_ratio", "full_peak_mb", "baseline_peak_mb"):
            self.results[key] = first[key]
        self.results["headline_pages"] = figures[0].corpus.pages
        print("\nScaling (full warm builds)")
        for other in figures[1:]:
            data = self.results["sizes"][str(other.corpus.pages)]
            ratio = data["full_warm_seconds"] / first["full_warm_seconds"]
            key = f"scaling_{other.corpus.pages}_over_{figures[0].corpus.pages}"
            self.results[key] = ratio
            base_ratio = data["baseline_warm_seconds"] / first["baseline_warm_seconds"]
            self.results[f"baseline_{key}"] = base_ratio
            print(ratio_line(f"{other.corpus.pages} / {figures[0].corpus.pages} pages", ratio, data["full_warm_seconds"],
                             first["full_warm_seconds"], names=(str(other.corpus.pages), str(figures[0].corpus.pages))))
            print(f"  {'(baseline: ' + format(base_ratio, '.2f') + ')':30}")
        second = figures[1].corpus.pages
        self.results["scaling_3000_over_1500"] = self.results[f"scaling_{second}_over_{figures[0].corpus.pages}"]
        self.results["scaling_pages"] = [figures[0].corpus.pages, second]

    # -- EPUB -------------------------------------------------------------------------------

    def _epub(self, project: BenchProjects, figures: SizeFigures) -> None:
        self.results.update(measure_epub(self, project, SizeFigures.fastest(figures.full_warm)))

    # -- feeds ------------------------------------------------------------------------------

    def _feeds(self) -> None:
        topics = self.args.feed_topics
        start = time.perf_counter()
        project = projects.prepare_feed_project(Corpus(0, topics), self.work)
        print(f"\nFeeds ({topics} topics; project prepared in {time.perf_counter() - start:.1f} s)")
        if "kbpress-feeds" not in project.plugins:
            raise BenchError("the kbpress-feeds plugin is not importable; the feed step cannot be measured")
        builds = [self.build(project.full, f"feeds{topics}-{number}", cold=number == 0)
                  for number in range(max(2, self.args.repeat))]
        best = min(builds, key=lambda build: build.plugin_seconds("kbpress-feeds"))
        step = best.plugin_seconds("kbpress-feeds")
        self.results["feed_topics"] = topics
        self.results["feed_5000_seconds"] = step
        self.results["feed_build_seconds"] = best.run.seconds
        self.results["feed_step_events"] = {key: value for key, value in best.events.items() if key.startswith("kbpress-feeds ")}
        print(ratio_line("feed step share of build", step / best.run.seconds, step, best.run.seconds, names=("feeds", "build")))

    # -- preview ----------------------------------------------------------------------------

    def _preview(self, project: BenchProjects) -> None:
        if self.args.skip_serve:
            print("\nPreview skipped")
            return
        arguments = make_serve_arguments()
        print(f"\nPreview under `mkdocs serve {' '.join(arguments)}` ({project.corpus.pages} pages)")
        result = self._serve(project, arguments, "serve")
        self.results["preview_seconds"] = result.median
        self.results["preview_edits_seconds"] = list(result.edits)
        self.results["preview_initial_build_seconds"] = result.initial_seconds
        self.results["preview_serve_arguments"] = arguments
        print(ratio_line("edit to preview / first build", result.median / result.initial_seconds, result.median,
                         result.initial_seconds, names=("preview", "first build")))
        print(f"  {'':30} (edits: {', '.join(f'{t:.2f}' for t in result.edits)} s; the median counts)")
        if "--dirty" not in arguments:
            dirty = self._serve(project, [*arguments, "--dirty", "--no-strict"], "serve-dirty")
            self.results["preview_seconds_dirty"] = dirty.median
            self.results["preview_dirty_edits_seconds"] = list(dirty.edits)
            print(ratio_line("... with --dirty --no-strict", dirty.median / dirty.initial_seconds, dirty.median,
                             dirty.initial_seconds, names=("preview", "first build")))

    def _serve(self, project: BenchProjects, arguments: list[str], label: str):
        extra = tuple(argument for argument in arguments if argument != "--livereload")
        try:
            return measure_preview(BIN / "mkdocs", project.full, EDITED_SOURCE, EDITED_URL, env=self.env,
                                   log=self.logs / f"{label}.log", edits=self.args.serve_edits, extra_args=extra)
        except (RuntimeError, TimeoutError) as error:
            raise BenchError(f"preview measurement failed: {error}; log {self.logs / f'{label}.log'}") from None

    # -- profile ----------------------------------------------------------------------------

    def _profile(self, project: BenchProjects) -> None:
        ensure_pyinstrument()
        print("\nProfiles (pyinstrument, warm builds)")
        for kind, path in (("full", project.full), ("base", project.base)):
            target = self.work / f"profile-{kind}-{project.corpus.pages}.txt"
            self.build(path, f"profile-{kind}", cold=False, profile=target)
            print(f"  {kind}: {target}")


def wants_another_run(done: int, repeat: int, extra: int, *series: list[BuildRun]) -> bool:
    """Whether to build each project warm once more: ``repeat`` times, then up to ``extra`` more while contended."""
    return done < repeat or (done < repeat + extra and _contended(*series))


def _contended(*series: list[BuildRun]) -> bool:
    """Whether the best run of a series spent much of its wall time waiting for the machine."""
    best = [SizeFigures.fastest(runs).run for runs in series if runs]
    return any(run.seconds > CONTENDED * max(run.cpu_seconds, 0.01) for run in best)


def clear_outputs(project: Path) -> None:
    """A cold build: no site, no caches (the card cache and any other .cache)."""
    for name in ("site", ".cache"):
        shutil.rmtree(project / name, ignore_errors=True)
    for leftover in project.glob(".site*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for directory in projects.cache_dirs(project):
        shutil.rmtree(directory, ignore_errors=True)


def make_serve_arguments() -> list[str]:
    """The arguments `make serve` passes to `mkdocs serve`, read from the Makefile."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^\s*\$\(BIN\)/mkdocs serve([^\n]*)$", makefile, re.MULTILINE)
    return match.group(1).split() if match else ["--livereload"]


def ensure_pyinstrument() -> None:
    try:
        import pyinstrument  # noqa: F401
    except ImportError:
        print(f"installing {PYINSTRUMENT} for profiling")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", PYINSTRUMENT], check=True)


def _commit() -> str | None:
    """The checked-out commit, with "+changes" when tracked files differ from it."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    if head.returncode != 0:
        return None
    changed = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "kbpress"], cwd=REPO).returncode != 0
    return head.stdout.strip() + ("+changes" if changed else "")


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        return None
    return None

