"""The portal's own CSS and JavaScript, put into every kbpress site.

The templates in ``kbpress/templates/`` link ``assets/kbpress/kbpress.css``
and ``kbpress.js`` on every page (``search.js`` on the search page), so
the content plugin, which adds the templates, adds the files too.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets" / "portal"
ASSETS_URL = "assets/kbpress/"


def add_portal_assets(files: Files, config: MkDocsConfig) -> None:
    """Copy the portal's CSS and JavaScript (kbpress/assets/portal/) to assets/kbpress/ in the site.

    Idempotent; the templates link the files under these fixed names.
    """
    for path in sorted(ASSETS_DIR.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        dest = ASSETS_URL + path.relative_to(ASSETS_DIR).as_posix()
        if files.get_file_from_path(dest) is None:
            files.append(File.generated(config, dest, abs_src_path=str(path)))
