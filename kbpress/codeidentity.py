"""The identity of the code that makes the outputs: what every cache is keyed on.

The caches (rendered page bodies, prepared EPUB chapters, link cards,
covers) may reuse a result only when the code that produced it is the
code running now. Version constants bumped by hand were forgotten, so the
identity is computed: a digest of every file of the kbpress package
(modules, templates, portal assets), the installed version of every
package that shapes an output, and the font files the images are drawn
with. Any change to kbpress, however small, misses every cache once;
anything outside the package (a README, the tests) changes nothing.

Computed once per process (about 10 ms); :func:`forget` starts over.
Plain core: nothing here imports MkDocs.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from importlib import metadata
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# Packages whose code decides the bytes of a page, chapter, feed or image.
OUTPUT_PACKAGES = (
    "mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Pygments",
    "EbookLib", "lxml", "feedgen", "budoux", "pillow", "PyYAML",
)
_SKIPPED_DIRS = {"__pycache__"}


def code_identity() -> str:
    """One digest of kbpress's own files, the output packages' versions and the fonts."""
    return _identity(PACKAGE_DIR)


def forget() -> None:
    """Compute the identities again (after code changed within this process: tests)."""
    _identity.cache_clear()
    _package_identity.cache_clear()


@functools.lru_cache(maxsize=4)
def _identity(package_dir: Path) -> str:
    digest = hashlib.sha256(b"kbpress code identity 1\0")
    digest.update(_tree_digest(package_dir, suffixes=None))
    for name in OUTPUT_PACKAGES:
        digest.update(f"{name}=={_version(name)}\0".encode())
    for font in _font_files():
        digest.update(f"font {font}\0".encode())
    return digest.hexdigest()


def module_identity(name: str) -> str:
    """A digest of the Python sources of the top-level package providing module ``name``.

    For the code a site brings along (Markdown extensions, plugins, hooks'
    imports): a package upgraded in place, or edited, changes its sources.
    Unknown modules are identified by their name alone.
    """
    return _package_identity(name.split(":")[0].split(".")[0])


@functools.lru_cache(maxsize=None)
def _package_identity(top: str) -> str:
    """Read once per package: a site's five pymdownx extensions or six kbpress plugins are one tree."""
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return f"missing {top}"
    locations = list(spec.submodule_search_locations or [])
    if locations:
        return hashlib.sha256(b"".join(_tree_digest(Path(place), suffixes={".py"}) for place in locations)).hexdigest()
    origin = Path(spec.origin or "")
    try:
        return hashlib.sha256(origin.read_bytes()).hexdigest()
    except OSError:
        return f"built-in {top}"


def _tree_digest(root: Path, suffixes: set[str] | None) -> bytes:
    """Every file under ``root`` (of ``suffixes``, or all): relative path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if _SKIPPED_DIRS.intersection(relative.parts) or path.suffix == ".pyc" or not path.is_file():
            continue
        if suffixes is not None and path.suffix not in suffixes:
            continue
        digest.update(relative.as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.digest()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def _font_files() -> list[str]:
    """Name and size of each font the cards and covers are drawn with ("missing" without them)."""
    from .textlayout import FontNotFoundError, font_identity

    try:
        return [f"{name}:{size}" for name, size in font_identity()]
    except FontNotFoundError:
        return ["missing"]
