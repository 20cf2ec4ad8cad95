"""``kbpress init``: a new knowledge base in its own folder, using kbpress as an installed package.

The starter files live in ``kbpress/starter/`` (installed with the
package). Names beginning with ``dot-`` become dotfiles: wheels leave
hidden files out of package data.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from string import Template

from . import __version__
from .model import JST

STARTER_DIR = Path(__file__).resolve().parent / "starter"
TOPIC_TEMPLATE = "topic.md"


class InitError(ValueError):
    pass


def create_project(
    target: Path, *, site_name: str, site_url: str, organisation: str, requirement: str | None, now: datetime
) -> list[Path]:
    """Write the starter knowledge base into ``target`` (new or empty); the files written, in order."""
    check_target(target, site_url)
    values = template_values(site_name=site_name, site_url=site_url, organisation=organisation, requirement=requirement, now=now)
    local = now.astimezone(JST)
    written = []
    for source in sorted(path for path in STARTER_DIR.rglob("*") if path.is_file()):
        relative = source.relative_to(STARTER_DIR)
        if relative.as_posix() == TOPIC_TEMPLATE:
            relative = Path("docs/topics") / f"{local:%Y}" / f"{local:%Y-%m-%d}-site-opened.md"
        written.append(write_file(target, relative, starter_text(source.relative_to(STARTER_DIR).as_posix(), values)))
    return written


def check_target(target: Path, site_url: str) -> None:
    """A new or empty folder and a site URL a reader can open, or an :class:`InitError` saying what to give."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InitError(f"{target} は既にあり、空ではありません。新しいフォルダの名前を指定してください")
    if not site_url.startswith(("https://", "http://")):
        raise InitError(f"--url '{site_url}' は https:// で始まる公開先の URL にしてください (例: https://kb.example.jp/)")


def template_values(*, site_name: str, site_url: str, organisation: str, requirement: str | None, now: datetime) -> dict[str, str]:
    """What the starter files' ``${...}`` placeholders are filled with."""
    local = now.astimezone(JST).replace(microsecond=0)
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    return {
        "site_name": site_name,
        "organisation": organisation,
        # Inside double-quoted YAML scalars: JSON's escapes are YAML's.
        "site_name_q": _quoted(site_name),
        "organisation_q": _quoted(organisation),
        "site_url_q": _quoted(site_url),
        "requirement": requirement or f"kbpress=={__version__}",
        "today": f"{local:%Y-%m-%d}",
        "now": local.isoformat(),
    }


def starter_text(name: str, values: dict[str, str]) -> str:
    """One starter file (``mkdocs.yml``, ``dot-gitignore``, ...) with its placeholders filled in."""
    return Template((STARTER_DIR / name).read_text(encoding="utf-8")).safe_substitute(values)


def write_file(target: Path, relative: Path | str, text: str) -> Path:
    """Write ``text`` to ``target/relative`` (``dot-`` names become dotfiles); the path written."""
    destination = target / _dotted(Path(relative))
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(text, encoding="utf-8")
    return destination


def _quoted(text: str) -> str:
    return json.dumps(" ".join(text.split()), ensure_ascii=False)[1:-1]


def _dotted(relative: Path) -> Path:
    return Path(*("." + part[len("dot-"):] if part.startswith("dot-") else part for part in relative.parts))
