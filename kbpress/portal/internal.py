"""Pages for editors (the authoring guide) that the public site never carries.

The rule is a folder, not a list of pages: everything under an internal
folder of ``docs/`` stays out of ``mkdocs build`` (pages, nav, sitemap,
search, feeds, EPUB) and is shown by ``mkdocs serve`` only, so a new
guide page needs no configuration. On the git host the Markdown files are
readable as they are.
"""

from __future__ import annotations

DEFAULT_INTERNAL_DIRS = ("authoring",)


def normalised_dirs(dirs: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Folder names as docs-relative POSIX prefixes without slashes at either end."""
    return tuple(d.strip().strip("/") for d in dirs if d.strip().strip("/"))


def is_internal(src_uri: str, dirs: tuple[str, ...]) -> bool:
    """True for a docs-relative path inside one of the internal folders."""
    return any(src_uri == d or src_uri.startswith(d + "/") for d in dirs)


def internal_index(dirs: tuple[str, ...]) -> list[str]:
    """The index page of each internal folder, which previews add to the nav."""
    return [f"{d}/index.md" for d in dirs]
