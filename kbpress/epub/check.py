"""The guidebook's part of ``kbpress check``: manifests validated without a build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..clock import now
from ..model import KbpressError, Problem, Site, is_published
from .manifest import Manifest, load_manifests

DEFAULT_GUIDEBOOK_DIR = "guidebook"


def check_guidebook(project: Any, site: Site, taxonomy: Any = None) -> list[Problem]:
    """Problems in guidebook/*.yml, and chapters a build would not find.

    ``project`` is a :class:`kbpress.check.Project`; its ``guidebook_dir``
    is used when it has one, else ``guidebook`` next to mkdocs.yml (the
    plugin's default).
    """
    guidebook_dir = getattr(project, "guidebook_dir", None) or Path(project.project_dir) / DEFAULT_GUIDEBOOK_DIR
    try:
        manifests = load_manifests(guidebook_dir, project.docs_dir, project.project_dir)
    except KbpressError as error:
        return error.problems
    moment = now()
    return [problem for manifest in manifests for problem in _unpublished_chapters(manifest, site, moment)]


def _unpublished_chapters(manifest: Manifest, site: Site, moment) -> list[Problem]:
    problems = []
    for part in manifest.parts:
        key = "appendix" if part.appendix else "chapters"
        for src in part.sources:
            page = site.page_by_src(src)
            if page is None:
                continue  # its own front matter problem is reported by the page check
            if not is_published(page.meta, moment):
                problems.append(
                    Problem(manifest.path, f"{key}: docs/{src} は下書きか公開日時前のため、巻に入れられません。公開してから巻に入れてください")
                )
    return problems
