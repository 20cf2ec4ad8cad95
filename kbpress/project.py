"""Finding the knowledge base a command works on: the nearest mkdocs.yml from a folder upward.

Every ``kbpress`` command can be run from anywhere inside a knowledge base
(``docs/articles/`` as well as its top folder), like git. Only the
location of mkdocs.yml comes from the working directory; everything else
is read from that file.
"""

from __future__ import annotations

from pathlib import Path

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


class NoProjectError(LookupError):
    """No mkdocs.yml in the folder or any folder above it."""

    def __init__(self, start: Path):
        super().__init__(
            f"{start} とその上のフォルダに mkdocs.yml がありません。知識ベースのフォルダの中で実行するか、"
            "--config で mkdocs.yml を指定してください。新しく始めるときは kbpress init フォルダ名 で作れます"
        )
        self.start = start


def find_config_file(start: Path) -> Path:
    """The mkdocs.yml of the knowledge base ``start`` is in (``start`` itself or the nearest folder above)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    raise NoProjectError(start)


def site_banner(site_name: str, site_url: str, config_file: Path) -> str:
    """One line naming the site a command works on, so nobody publishes the wrong one."""
    return f"知識ベース: {site_name} ({site_url or 'site_url 未設定'}) — {config_file}"
