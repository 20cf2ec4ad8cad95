"""Attachments only private notes use are withheld: MkDocs would otherwise copy every file of the vault.

Which attachments a published note shows is decided where links are
resolved (:mod:`kbpress.obsidian`); this module only makes sure that an
image or document embedded by an excluded note (``公開: false``, a private
folder, the trash) is not copied into the site on the way. The match is
deliberately wide: a name a private note mentions is withheld unless a
published note mentions it too, by the same wide rule.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from .privacy import Exclusion, folder_exclusion
from .settings import VaultSettings
from .sources import iter_vault_files

WITHHELD_REASON = "公開しないノートだけが使う添付ファイル"
_WIKI_RE = re.compile(r"\[\[([^\]|#^]+)")
_LINK_RE = re.compile(r"\]\(\s*<?([^)>\s]+)")
_SOURCE_RE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)""")
MARKDOWN_SUFFIXES = (".md", ".markdown")


def mentioned_names(text: str) -> set[str]:
    """Every file name a note links or embeds, without folders (Obsidian resolves a bare name anywhere)."""
    names = set()
    for pattern in (_WIKI_RE, _LINK_RE, _SOURCE_RE):
        for match in pattern.finditer(text):
            target = unquote(match.group(1)).strip().split("#", 1)[0].split("?", 1)[0]
            if target and "://" not in target:
                names.add(posixpath.basename(target.rstrip("/")))
    return names


def withheld(docs_dir: Path, settings: VaultSettings, published: dict[str, str], excluded_notes: list[str]) -> list[Exclusion]:
    """Attachments named by an excluded note and by no published note (``published``: src_path -> text)."""
    private_names: set[str] = set()
    for src_path in excluded_notes:
        try:
            private_names |= mentioned_names((docs_dir / src_path).read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
    if not private_names:
        return []
    public_names = set().union(*(mentioned_names(text) for text in published.values())) if published else set()
    result = []
    for _path, src_path in iter_vault_files(docs_dir):
        if src_path.endswith(MARKDOWN_SUFFIXES) or folder_exclusion(src_path, settings):
            continue
        name = posixpath.basename(src_path)
        if name in private_names and name not in public_names:
            result.append(Exclusion(src_path, WITHHELD_REASON))
    return result
