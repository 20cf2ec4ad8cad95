"""One build's shared state: the site model, vocabulary, clock, paths, mode and workers.

The content plugin creates a :class:`Build` when MkDocs loads the
configuration; every output reads it through one accessor
(:func:`kbpress.plugins.base.build_of`) instead of reaching into other
plugins. Outputs hand background work to :attr:`Build.scheduler` and
register the steps that end their work with :meth:`Build.at_finish`;
:meth:`Build.finish` waits for the workers, runs those steps in the order
they were registered (the order of the plugins in mkdocs.yml) and only
then swaps the staging directory in, so nothing depends on event
priorities. Plain core: nothing here imports MkDocs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from .atomic import swap_in
from .model import Kind, Page, PageMeta, Site
from .processes import release_freed_memory
from .rendercache import RenderCache
from .scheduler import Scheduler
from .taxonomy import Taxonomy


@dataclass(frozen=True)
class BuildPaths:
    """Absolute paths of this build, resolved from mkdocs.yml (never from the working directory)."""

    project_dir: Path  # the folder of mkdocs.yml
    docs_dir: Path
    site_dir: Path  # where readers get the site
    output_dir: Path  # where this build writes: a staging folder swapped in at the end, or site_dir
    cache_dir: Path  # the content plugin's cache folder (rendered pages, chapters, covers)

    def shown(self, path: Path | str) -> str:
        """``path`` as a user knows it: relative to mkdocs.yml (``../vault/note.md`` for a vault beside it), as ``kbpress check`` says."""
        try:
            return Path(path).resolve().relative_to(self.project_dir).as_posix()
        except ValueError:
            try:
                return Path(os.path.relpath(path, self.project_dir)).as_posix()
            except ValueError:  # another drive
                return str(path)


@dataclass
class Build:
    """Everything the outputs of one ``mkdocs build`` (or ``serve`` rebuild) share."""

    site: Site
    taxonomy: Taxonomy
    now: datetime  # what counts as published (KBPRESS_NOW overrides the wall clock)
    paths: BuildPaths
    serving: bool  # `mkdocs serve`: drafts shown, slow outputs may be skipped
    scheduler: Scheduler
    rendered: RenderCache | None = None  # page bodies this build renders, kept for `kbpress epub`
    purpose: str = "site"  # "site": a build; "epub": `kbpress epub` loads the site to render chapters only
    _finish_steps: list[tuple[str, Callable[[], None]]] = field(default_factory=list)

    def at_finish(self, name: str, step: Callable[[], None]) -> None:
        """Run ``step`` once every page is written and the workers are done, before the swap."""
        self._finish_steps.append((name, step))

    def add_page(self, src_path: str, title: str, description: str) -> Page:
        """Register a page an output generates (the feeds page, the download page) in the site model."""
        from .content import page_url

        meta = PageMeta(kind=Kind.PAGE, title=title, description=description)
        page = Page(src_path=src_path, url=page_url(src_path, meta), meta=meta, generated=True)
        self.site.pages.append(page)
        return page

    def finish(self, keep: Callable[[], bool] = lambda: True) -> bool:
        """Wait for the workers, run every output's finish step, then put the site in place.

        ``keep`` is asked after the finish steps (their warnings count):
        False leaves the previous site as it was (a strict build with
        warnings). Returns whether the new site is in place.
        """
        # The heap the rendering freed goes back before waiting: the workers' last steps (the
        # search dictionary) are the build's peak memory, counted with this process's.
        release_freed_memory()
        self.scheduler.finish()
        steps, self._finish_steps = self._finish_steps, []
        for _name, step in steps:
            step()
        if self.paths.output_dir == self.paths.site_dir:
            return True
        if not keep():
            self.discard()
            return False
        swap_in(self.paths.output_dir, self.paths.site_dir)
        self.site.site_dir = str(self.paths.site_dir)
        return True

    def discard(self) -> None:
        """Stop the workers and remove the staging folder (a failed build keeps the previous site)."""
        import shutil

        self.scheduler.cancel()
        self._finish_steps = []
        if self.paths.output_dir != self.paths.site_dir:
            shutil.rmtree(self.paths.output_dir, ignore_errors=True)
