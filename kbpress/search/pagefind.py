"""Building the Pagefind index of a written site.

Pagefind (PyPI ``pagefind[extended]``) ships its own binary, works
offline, and its extended build segments Japanese at index time; the
browser side segments the query with ``Intl.Segmenter``. We run the
binary once over the finished HTML of the staging directory.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..model import KbpressError, Problem

OUTPUT_SUBDIR = "pagefind"
LANGUAGE = "ja"
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


def pagefind_command(site_dir: Path, exclude_selectors: tuple[str, ...] = DEFAULT_EXCLUDE_SELECTORS) -> list[str]:
    """The command line that indexes ``site_dir`` into ``site_dir/pagefind``."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", OUTPUT_SUBDIR]
    command += ["--force-language", LANGUAGE]
    for selector in exclude_selectors:
        command += ["--exclude-selectors", selector]
    return command


def build_index(site_dir: Path, exclude_selectors: tuple[str, ...] = DEFAULT_EXCLUDE_SELECTORS) -> IndexResult:
    """Index the HTML under ``site_dir``; raise KbpressError with Pagefind's words on failure."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            pagefind_command(site_dir, exclude_selectors),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise KbpressError(Problem("pagefind", f"検索インデックスを作れませんでした ({error})。"
                                   "`pip install 'pagefind[extended]'` で Pagefind を入れ直してください")) from None
    output = done.stdout + done.stderr
    if done.returncode != 0 or "Error" in done.stderr:
        raise KbpressError(Problem("pagefind", "検索インデックスを作れませんでした。Pagefind の出力:\n" + output.strip()[-2000:]))
    match = _INDEXED_RE.search(output)
    return IndexResult(int(match.group(1)) if match else 0, time.perf_counter() - started, site_dir / OUTPUT_SUBDIR)
