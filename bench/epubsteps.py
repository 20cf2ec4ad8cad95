"""The EPUB figures: the step inside the build, and standalone builds against pandoc.

Three kbpress timings are set against one pandoc run on the volume's pages:

* the ``kbpress epub`` command, the product's standalone build, run after
  the full builds as a specialist runs it: chapters whose source is
  unchanged come from the render cache the last build left; the headline
  ``epub_speedup_vs_pandoc``. It is also run once without that cache
  (``epub_command_uncached_seconds``: every chapter rendered from Markdown);
* the chapters only: bench/epubrun.py renders just the volume's pages with
  MkDocs's page renderer (no theme) and builds the volume, the least a
  standalone build from Markdown must do;
* the EPUB step of the full build, which starts from pages already rendered.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import projects
from measure import Run, ratio_line, require_ok, run_measured

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def measure_epub(bench, project, full_build) -> dict:
    results: dict = {}
    step = full_build.plugin_seconds("kbpress-epub")
    chapters = min(bench.args.epub_chapters, project.corpus.articles)
    results.update(epub_chapters=chapters, epub_step_seconds=step, epub_build_seconds=full_build.run.seconds,
                   epub_step_share=step / full_build.run.seconds)
    print(f"\nEPUB ({chapters} chapters)")
    print(ratio_line("EPUB step share of build", step / full_build.run.seconds, step, full_build.run.seconds,
                           names=("EPUB", "build")))
    out = bench.work / "epub-out"
    shutil.rmtree(out, ignore_errors=True)
    repeat = range(bench.args.repeat)
    only_chapters, detail = min((_chapters_only(bench, project, out, n) for n in repeat), key=lambda item: item[0].seconds)
    command = min((_command(bench, project, out, n) for n in repeat), key=lambda run: run.seconds) if _has_command() else None
    if command is not None:
        results["epub_command_uncached_seconds"] = _command_uncached(bench, project, out).seconds
    standalone = command or only_chapters
    results.update(epub_standalone_seconds=standalone.seconds, epub_standalone_is_command=command is not None,
                   epub_chapters_only_seconds=only_chapters.seconds, epub_chapters_only_detail=detail)
    if bench.args.skip_pandoc or not shutil.which("pandoc"):
        print("  pandoc skipped")
        return results
    pandoc = min((_pandoc(bench, project, out, chapters, n) for n in repeat), key=lambda run: run.seconds)
    results.update(pandoc_seconds=pandoc.seconds, epub_speedup_vs_pandoc=pandoc.seconds / standalone.seconds,
                   epub_speedup_vs_pandoc_chapters_only=pandoc.seconds / only_chapters.seconds,
                   epub_speedup_vs_pandoc_step_only=pandoc.seconds / step if step else None)
    label = "kbpress epub" if command else "kbpress standalone"
    print(ratio_line("speed-up against pandoc", pandoc.seconds / standalone.seconds, pandoc.seconds,
                           standalone.seconds, names=("pandoc", label)))
    if command is not None:
        uncached = results["epub_command_uncached_seconds"]
        results["epub_speedup_vs_pandoc_uncached"] = pandoc.seconds / uncached
        print(ratio_line("  ... kbpress epub, no cache", pandoc.seconds / uncached, pandoc.seconds, uncached,
                         names=("pandoc", "kbpress epub")))
    print(ratio_line("  ... chapters only", pandoc.seconds / only_chapters.seconds, pandoc.seconds,
                           only_chapters.seconds, names=("pandoc", "render + EPUB")))
    print(f"  {'':30} (load {detail['load_seconds']:.2f} s + render Markdown {detail['render_seconds']:.2f} s"
          f" + EPUB {detail['epub_seconds']:.2f} s + start-up)")
    if step:
        print(ratio_line("  ... the build's EPUB step", pandoc.seconds / step, pandoc.seconds, step,
                               names=("pandoc", "EPUB step")))
    return results


def _has_command() -> bool:
    kbpress = BIN / "kbpress"
    if not kbpress.exists():
        return False
    import subprocess

    return subprocess.run([str(kbpress), "epub", "--help"], capture_output=True).returncode == 0


def _command(bench, project, out: Path, number) -> Run:
    command = [str(BIN / "kbpress"), "epub", "--config", "mkdocs.yml", "--output", str(out / "command")]
    log = bench.logs / f"epub-command{number}.log"
    return require_ok(run_measured(command, cwd=project.full, env=bench.env, log=log), "kbpress epub")


def _command_uncached(bench, project, out: Path) -> Run:
    """``kbpress epub`` with the render cache moved aside: every chapter rendered from Markdown."""
    cache = project.full / ".cache" / "kbpress" / "rendered-pages.jsonl"
    aside = cache.with_name(cache.name + ".aside")
    if cache.exists():
        cache.replace(aside)
    try:
        return _command(bench, project, out, "-uncached")
    finally:
        if aside.exists():
            aside.replace(cache)


def _chapters_only(bench, project, out: Path, number: int) -> tuple[Run, dict]:
    timings = bench.logs / f"epub-chapters{number}.json"
    command = [sys.executable, str(HERE / "epubrun.py"), str(project.full / projects.EPUB_ONLY_CONFIG),
               str(out / "chapters"), str(timings)]
    log = bench.logs / f"epub-chapters{number}.log"
    run = require_ok(run_measured(command, cwd=project.full, env=bench.env, log=log), "standalone EPUB (chapters only)")
    return run, json.loads(timings.read_text(encoding="utf-8"))


def _pandoc(bench, project, out: Path, chapters: int, number: int) -> Run:
    sources = [f"docs/{project.article_source(index)}" for index in range(chapters)]
    command = ["pandoc", "--from", "markdown", "--to", "epub3", "-o", str(out / "pandoc.epub"),
               "--metadata", "title=ベンチマーク用ガイドブック", "--metadata", "lang=ja",
               "--resource-path", "docs/articles", *sources]
    out.mkdir(parents=True, exist_ok=True)
    return require_ok(run_measured(command, cwd=project.full, env=bench.env, log=bench.logs / f"pandoc{number}.log"), "pandoc")
