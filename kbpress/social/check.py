"""Checks run by ``kbpress check`` so that posting never fails on content.

Everything that would stop a post is found here, on the pull request:
queue files that cannot be read, addresses that are not X posts, texts
and comments that do not fit, a damaged ledger.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..model import KbpressError, Page, Problem
from .compose import CompositionError, compose_page_post, hashtag_problem
from .ledger import Ledger
from .plan import absolute_page_url
from .queue import load_queue

SOCIAL_DIR = "social"
LEDGER_NAME = "ledger.jsonl"


def check_social(
    project_dir: Path, pages: list[Page], site_url: str | None, *, docs_dir: Path | None = None, queue: bool = True
) -> list[Problem]:
    """All social-publishing problems of the project, each naming file and line (``queue``: with the queue files)."""
    project_dir = Path(project_dir)
    docs_dir = Path(docs_dir) if docs_dir else project_dir / "docs"
    social_dir = project_dir / SOCIAL_DIR
    problems = load_queue(social_dir, _shown(social_dir, project_dir))[1] if queue else []
    problems += _ledger_problems(social_dir / LEDGER_NAME, project_dir)
    problems += _page_problems(pages, site_url, docs_dir, project_dir)
    return problems


def _ledger_problems(path: Path, project_dir: Path) -> list[Problem]:
    try:
        Ledger.load(path, _shown(path, project_dir))
    except KbpressError as error:
        return error.problems
    return []


def _page_problems(pages: list[Page], site_url: str | None, docs_dir: Path, project_dir: Path) -> list[Problem]:
    problems = []
    for page in pages:
        social = page.meta.social
        if page.generated or social is None:
            continue
        path = _shown(docs_dir / page.src_path, project_dir)
        source = docs_dir / page.src_path

        def problem(message: str, key: str = "social") -> None:
            problems.append(Problem(path, message, _key_line(source, key)))

        for tag in social.hashtags:
            reason = hashtag_problem(tag)
            if reason:
                problem(f"social.hashtags: {reason}")
        if not (social.post or social.text):
            continue
        if not site_url or not site_url.startswith(("https://", "http://")):
            problem("告知文にページの URL を入れるため、mkdocs.yml に site_url (https://... の公開 URL) を書いてください")
            continue
        try:
            compose_page_post(page.meta, absolute_page_url(site_url, page))
        except CompositionError as error:
            problem(str(error), error.key)
    return problems


def _key_line(source: Path, key: str) -> int | None:
    """The line of a top-level front matter key, to point the author at it."""
    try:
        lines = source.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return None
        if pattern.match(line):
            return number
    return None


def _shown(path: Path, project_dir: Path) -> str:
    try:
        return Path(os.path.relpath(path, project_dir)).as_posix()
    except ValueError:
        return path.as_posix()


def check_social_project(project, site, taxonomy) -> list[Problem]:
    """The hook ``kbpress check`` calls (see kbpress.extensions): plain values in, problems out."""
    return check_social(project.project_dir, site.pages, project.site_url, docs_dir=project.docs_dir)
