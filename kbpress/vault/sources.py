"""Which files of a vault are read at all: folder rules first, so an excluded folder is never opened."""

from __future__ import annotations

from .privacy import PRIVATE_REASON, Exclusion, folder_exclusion
from .settings import VaultSettings


def vault_entries(entries, settings: VaultSettings, excluded: list | None):
    """The (path, src_path) entries outside every excluded folder; the others go to ``excluded``."""
    for path, src_path in entries:
        reason = folder_exclusion(src_path, settings)
        if reason is None:
            yield path, src_path
        elif excluded is not None:
            excluded.append(Exclusion(src_path, reason))


def private_note(src_path: str, settings: VaultSettings) -> Exclusion:
    return Exclusion(src_path, PRIVATE_REASON)


def iter_vault_files(docs_dir):
    """Every file of the vault (hidden ones included, so they can be named as excluded), in a stable order."""
    import os
    from pathlib import Path

    for root, dirs, files in os.walk(docs_dir):
        dirs.sort()
        for name in sorted(files):
            path = Path(root, name)
            yield path, path.relative_to(docs_dir).as_posix()
