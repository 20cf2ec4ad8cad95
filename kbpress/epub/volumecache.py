"""Finished volumes kept between site builds, reused while nothing they are made of changed.

A site build makes every guidebook volume, although most builds change
pages that are in no volume: assembling a 1,000-chapter volume from its
cached chapters still costs 0.7 s (links, images, navigation, the zip),
a tenth of the build on the bench's 1,500-page site. A volume depends on:

- the code and its assets (:func:`kbpress.codeidentity.code_identity`);
- its definition (the parsed :class:`~.manifest.Manifest`);
- the site's own fields (name, URL, organisation, build time, terms);
- each chapter page whole (its HTML, metadata and table of contents);
- the address and title of every other page (links become portal links);
- the image files the volume read, found where they were found, by size
  and modification time; and those looked for and missing.

The first five make the key; the files are checked against what the
last build recorded. Anything else different, the volume is assembled
afresh. Only ``kbpress-epub`` in the site build reuses volumes: ``kbpress
epub`` always assembles, as asked.

Kept in ``epub-volumes/`` in the cache folder: ``<slug>.epub`` and
``<slug>.json`` (key, files, warnings), written atomically, the JSON last.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from ..atomic import write_bytes_atomic
from ..codeidentity import code_identity
from ..model import Problem, Site
from .links import site_file
from .manifest import Manifest

CACHE_DIR = "epub-volumes"


def volume_key(manifest: Manifest, site: Site) -> str | None:
    """The key of everything ``manifest``'s volume is made of but files; None when a chapter is missing."""
    digest = hashlib.sha256()

    def add(value) -> None:
        digest.update(repr(value).encode("utf-8") + b"\0")

    add(code_identity())
    add(manifest)
    add((site.name, site.url, site.description, site.organisation, site.build_time.isoformat(), site.preview))
    add(sorted(site.categories.items()))
    add(sorted(site.tags.items()))
    for part in manifest.parts:
        for src in part.sources:
            page = site.page_by_src(src)
            if page is None:
                return None  # render_volume reports it
            add(page)
    for page in site.pages:
        add((page.src_path, page.url, page.title, page.kind))
    return digest.hexdigest()


def file_states(site: Site, site_paths) -> dict[str, list]:
    """Where each static file is read from (:func:`.links.site_file`), its size and mtime; [] if absent."""
    states = {}
    for site_path in sorted(site_paths):
        path = site_file(site, site_path)
        stat = path.stat() if path is not None else None
        states[site_path] = [str(path), stat.st_size, stat.st_mtime_ns] if stat is not None else []
    return states


def load_volume(cache_dir: Path, manifest: Manifest, site: Site, key: str) -> tuple[bytes, list[Problem]] | None:
    """The kept volume and its warnings, if its key and files still hold."""
    folder = Path(cache_dir) / CACHE_DIR
    try:
        record = json.loads((folder / f"{manifest.slug}.json").read_text(encoding="utf-8"))
        if record.get("key") != key or file_states(site, record["files"]) != record["files"]:
            return None
        data = (folder / f"{manifest.slug}.epub").read_bytes()
        if hashlib.sha256(data).hexdigest() != record["sha256"]:
            return None
        return data, [Problem(**problem) for problem in record["warnings"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def store_volume(cache_dir: Path, site: Site, key: str, volume, read_files) -> None:
    """Keep a volume just assembled (a cache that cannot be written only costs the next build time)."""
    folder = Path(cache_dir) / CACHE_DIR
    record = {
        "key": key,
        "files": file_states(site, read_files),
        "sha256": hashlib.sha256(volume.data).hexdigest(),
        "warnings": [asdict(problem) for problem in volume.warnings],
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(folder / f"{volume.manifest.slug}.epub", volume.data)
        write_bytes_atomic(folder / f"{volume.manifest.slug}.json", json.dumps(record, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass
