"""Obsidian Markdown for vault-based knowledge bases (the ``obsidian: true`` option).

Plain core: nothing here imports MkDocs. :mod:`.vault` resolves link
targets the way Obsidian does, :mod:`.convert` turns one note's body into
the Markdown the portal's extensions render (line for line, so every line
number reported later is the note's own), :mod:`.references` lists the
attachments published notes use.
"""

from .convert import convert_note
from .vault import NoteInfo, VaultIndex

__all__ = ["NoteInfo", "VaultIndex", "convert_note"]
