"""Building the Pagefind index of a written site.

Pagefind (PyPI ``pagefind[extended]``) ships its own binary and works
offline. It is given stand-in documents whose text is already cut into
search terms (:mod:`kbpress.search.records`), written to a temporary
directory that mirrors the site's paths, and writes its index into the
site's ``pagefind/`` folder.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..model import KbpressError, Problem
from .records import index_document, page_record

OUTPUT_SUBDIR = "pagefind"
TIMEOUT_SECONDS = 600
# The page info block repeats category and tag names on every page, and
# permalink anchors add a pilcrow: both only dilute the ranking.
DEFAULT_EXCLUDE_SELECTORS = (".kb-page-info", ".headerlink", ".kb-draft-banner", ".md-source-file")
_INDEXED_RE = re.compile(r"Indexed (\d+) pages?")


@dataclass(frozen=True)
class IndexResult:
    pages: int
    seconds: float
    output_dir: Path


def pagefind_command(source_dir: Path, output_dir: Path) -> list[str]:
    """The command line that indexes the stand-in documents into ``output_dir``."""
    return [sys.executable, "-m", "pagefind", "--site", str(source_dir), "--output-path", str(output_dir)]


def write_index_documents(site_dir: Path, target_dir: Path, exclude_selectors: tuple[str, ...]) -> int:
    """Stand-in documents for every indexed page of ``site_dir``; returns how many."""
    count = 0
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir)
        if relative.parts[0] == OUTPUT_SUBDIR:
            continue
        record = page_record(path.read_text(encoding="utf-8"), exclude_selectors)
        if record is None:
            continue
        target = target_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(index_document(record), encoding="utf-8")
        count += 1
    return count


def build_index(site_dir: Path, exclude_selectors: tuple[str, ...] = DEFAULT_EXCLUDE_SELECTORS) -> IndexResult:
    """Index the pages of ``site_dir`` into ``site_dir/pagefind``.

    Raises KbpressError with Pagefind's own words when it fails.
    """
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kbpress-search-") as temp:
        source = Path(temp)
        pages = write_index_documents(site_dir, source, exclude_selectors)
        command = pagefind_command(source, site_dir / OUTPUT_SUBDIR)
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.SubprocessError) as error:
            raise KbpressError(Problem("pagefind", f"検索インデックスを作れませんでした ({error})。"
                                       "`pip install 'pagefind[extended]'` で Pagefind を入れ直してください")) from None
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise KbpressError(Problem("pagefind", "検索インデックスを作れませんでした。Pagefind の出力:\n" + output.strip()[-2000:]))
    match = _INDEXED_RE.search(output)
    indexed = int(match.group(1)) if match else pages
    return IndexResult(indexed, time.perf_counter() - started, site_dir / OUTPUT_SUBDIR)
