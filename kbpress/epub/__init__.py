"""EPUB guidebook supplements (ガイドブック追補資料) built from the rendered site.

Core package: no MkDocs imports. The MkDocs adapter is
:mod:`kbpress.plugins.epub`; the ``kbpress epub`` command can call
:func:`build_volumes` with any complete :class:`~kbpress.model.Site`.
"""

from .build import BuiltVolume, build_volume, build_volumes, render_volume
from .check import check_guidebook
from .download import (
    DOWNLOAD_PAGE_DESCRIPTION,
    DOWNLOAD_PAGE_SRC,
    DOWNLOAD_PAGE_TITLE,
    OUTPUT_DIR,
    VolumeInfo,
    download_page_markdown,
    fill_download_sizes,
    format_size,
    volume_infos,
)
from .manifest import Manifest, Part, load_manifest, load_manifests

__all__ = [
    "BuiltVolume",
    "DOWNLOAD_PAGE_DESCRIPTION",
    "DOWNLOAD_PAGE_SRC",
    "DOWNLOAD_PAGE_TITLE",
    "Manifest",
    "OUTPUT_DIR",
    "Part",
    "VolumeInfo",
    "build_volume",
    "build_volumes",
    "check_guidebook",
    "download_page_markdown",
    "fill_download_sizes",
    "format_size",
    "load_manifest",
    "load_manifests",
    "render_volume",
    "volume_infos",
]
