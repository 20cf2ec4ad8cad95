"""A standalone kbpress EPUB build: Markdown sources to one guidebook volume, no portal.

usage: epubrun.py CONFIG_FILE OUT_DIR TIMINGS_JSON

What ``pandoc`` is compared with: the sources are loaded into the content
model and each chapter is rendered once by MkDocs's own page renderer (no
theme templates, no other outputs), then :func:`kbpress.epub.build_volumes`
writes the volumes. The parent times this whole process, like pandoc's.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path


def main() -> int:
    config_file, out_dir, timings = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    logging.getLogger("mkdocs").addHandler(logging.StreamHandler(sys.stderr))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    start = time.perf_counter()
    from mkdocs.config import load_config

    from kbpress.epub import build_volumes, load_manifests
    from kbpress.plugins.base import build_of
    from kbpress.plugins.mkdocssteps import load_site, render_page

    config, files = load_site(load_config(config_file=str(config_file)), purpose="epub")
    project_dir = config_file.parent
    manifests = load_manifests(project_dir / "guidebook", config.docs_dir, project_dir)
    wanted = {src for manifest in manifests for src in manifest.sources}
    loaded = time.perf_counter()
    for file in files.documentation_pages():
        if file.src_uri in wanted:
            render_page(file, config, files)
    rendered = time.perf_counter()
    built = build_volumes(manifests, build_of(config).site, out_dir=out_dir)
    done = time.perf_counter()
    timings.write_text(json.dumps({
        "load_seconds": loaded - start,
        "render_seconds": rendered - loaded,
        "epub_seconds": done - rendered,
        "chapters": len(wanted),
        "bytes": sum(volume.size for volume in built),
        "warnings": sum(len(volume.warnings) for volume in built),
    }), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
