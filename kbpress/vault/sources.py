"""Which files of a vault are loaded as pages: folder rules first, so nothing in an excluded folder becomes a page."""

from __future__ import annotations

import os
from pathlib import Path

from .privacy import Exclusion, folder_exclusion
from .settings import VaultSettings


def vault_entries(entries, settings: VaultSettings, excluded: list | None):
    """The (path, src_path) entries outside every excluded folder; the others go to ``excluded``."""
    for path, src_path in entries:
        reason = folder_exclusion(src_path, settings)
        if reason is None:
            yield path, src_path
        elif excluded is not None:
            excluded.append(Exclusion(src_path, reason))


def iter_vault_files(docs_dir: Path):
    """Every file of the vault (hidden ones included, so they can be named as excluded), in a stable order."""
    for root, dirs, files in os.walk(docs_dir):
        dirs.sort()
        for name in sorted(files):
            path = Path(root, name)
            yield path, path.relative_to(docs_dir).as_posix()
