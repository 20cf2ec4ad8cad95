"""Building guidebook volumes from the rendered site.

Everything is computed in memory first; files are written only when every
requested volume built, each through a temporary file in the target
directory and an atomic rename, so a failed build leaves the previous
EPUBs untouched and never a partial one.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from datetime import timezone
from importlib import resources
from pathlib import Path

from ..atomic import write_bytes_atomic
from ..model import KbpressError, Page, Problem, Site
from ..textlayout import FontNotFoundError
from .chaptercache import CACHE_FILE as CHAPTER_CACHE_FILE
from .chaptercache import ChapterCache
from .chapters import Chapter, TocEntry, chapter_toc, prepare_chapter, xhtml_document
from .cover import CoverText, cached_cover, cover_labels
from .download import OUTPUT_DIR, volume_updated
from .links import LinkResolver
from .manifest import Manifest
from .media import IMAGE_EXTENSIONS, sniff_image_type
from .parts import part_file_names, part_pages_by_start
from .vertical import move_horizontal_blocks, set_upright_runs
from .volumecache import load_volume, store_volume, volume_key
from .package import COVER_PAGE_FILE, XHTML_MEDIA_TYPE, BookContent, BookMetadata, PackageFile, assemble_epub
from .sanitize import X

SERIES = "ガイドブック追補資料"
STYLE_DIR = "styles"
TEXT_DIR = "text"
BASE_STYLESHEET = "epub.css"
VERTICAL_STYLESHEET = "epub-vertical.css"
HIGHLIGHT_STYLESHEET = "highlight.css"
PYGMENTS_STYLE = "default"


@dataclass
class BuiltVolume:
    manifest: Manifest
    data: bytes
    warnings: list[Problem] = field(default_factory=list)
    read_files: tuple[str, ...] = ()  # site paths of the static files it looked for (see volumecache)

    @property
    def size(self) -> int:
        return len(self.data)


def build_volume(manifest: Manifest, site: Site, out_path: str | os.PathLike) -> BuiltVolume:
    """Render one volume and write it atomically to ``out_path``."""
    built = render_volume(manifest, site)
    write_bytes_atomic(Path(out_path), built.data)
    return built


def build_volumes(
    manifests: list[Manifest], site: Site, out_dir: str | os.PathLike | None = None, only: str | None = None,
    cache_dir: Path | None = None, reuse: bool = False,
) -> list[BuiltVolume]:
    """Render the volumes (``only``: one slug), then write them all into ``out_dir``.

    ``cache_dir``: a folder keeping generated covers (``covers/``) and
    prepared chapters (:mod:`.chaptercache`) between builds.

    ``reuse``: take a volume nothing of which changed from ``cache_dir``
    (:mod:`.volumecache`; the site build does, ``kbpress epub`` does not).

    ``out_dir`` defaults to ``<site_dir>/guidebook``. Nothing is written
    unless every volume rendered.
    """
    selected = [m for m in manifests if only is None or m.slug == only]
    if only is not None and not selected:
        names = ", ".join(m.slug for m in manifests) or "(なし)"
        raise KbpressError(Problem("guidebook", f"巻 '{only}' の定義 ({only}.yml) がありません。定義されている巻: {names}"))
    chapters = ChapterCache.load(Path(cache_dir) / CHAPTER_CACHE_FILE if cache_dir is not None else None)
    covers = Path(cache_dir) / "covers" if cache_dir is not None else None
    built = [_kept_or_rendered(manifest, site, covers, chapters, cache_dir if reuse else None) for manifest in selected]
    chapters.save()
    directory = Path(out_dir) if out_dir is not None else Path(site.site_dir, OUTPUT_DIR)
    for volume in built:
        write_bytes_atomic(directory / volume.manifest.file_name, volume.data)
    return built


def _kept_or_rendered(manifest: Manifest, site: Site, covers, chapters: ChapterCache, cache_dir) -> BuiltVolume:
    key = volume_key(manifest, site) if cache_dir is not None else None
    if key is not None:
        kept = load_volume(cache_dir, manifest, site, key)
        if kept is not None:
            for page, file_name, appendix in _chapter_sources(manifest, site):
                chapters.keep(page, file_name, appendix)  # not prepared this time, still kept for the next
            return BuiltVolume(manifest, kept[0], kept[1])
    volume = render_volume(manifest, site, covers, chapters)
    if key is not None:
        store_volume(cache_dir, site, key, volume, volume.read_files)
    return volume


def render_volume(
    manifest: Manifest, site: Site, cover_cache: Path | None = None, chapter_cache: ChapterCache | None = None
) -> BuiltVolume:
    """The EPUB bytes of one volume and the warnings met on the way."""
    if not site.url.startswith(("http://", "https://")):
        raise KbpressError(Problem("mkdocs.yml", "site_url に https:// から始まる URL を設定してください。EPUB からポータルへのリンクに使います"))
    # The cover first: drawing it loads the fonts, which are let go before the chapters take memory.
    cover_image = _cover_image(manifest, site, cover_cache)
    chapters = _prepare_chapters(manifest, site, chapter_cache or ChapterCache(None))
    resolver = LinkResolver(site, chapters)
    documents = []
    part_pages = part_pages_by_start(manifest, _stylesheets(manifest, "../"))
    for number, chapter in enumerate(chapters):  # one tree at a time: see chapters.py on memory
        if number in part_pages:
            documents.append(part_pages[number])
        chapter.thaw()
        resolver.rewrite_links(chapter)
        resolver.embed_images(chapter)
        documents.extend(_chapter_files(chapter, manifest))
        chapter.release()
    content = BookContent(
        cover_image=cover_image,
        cover_page=_cover_page(manifest, cover_image),
        documents=documents,
        toc=_toc(manifest, chapters),
        nav_stylesheets=_stylesheets(manifest, ""),
        resources=_stylesheet_files(manifest) + _image_files(resolver.resources.values()),
    )
    accessibility = accessibility_metadata(
        has_images=bool(resolver.resources), alt_missing=resolver.images_without_alt > 0,
        certifier=manifest.publisher or site.organisation,
    )
    data = assemble_epub(_metadata(manifest, site, accessibility), content, zip_time=site.build_time)
    return BuiltVolume(manifest, data, list(resolver.problems), resolver.files_looked_up)


def _chapter_sources(manifest: Manifest, site: Site) -> list[tuple[Page, str, bool]]:
    """(page, chapter file name, appendix) of each chapter; KbpressError naming any page not on the site."""
    pages: list[tuple[Page, bool]] = []
    problems = []
    for part in manifest.parts:
        for src in part.sources:
            page = site.page_by_src(src)
            if page is None:
                problems.append(Problem(manifest.path, f"{_key(part)}: docs/{src} はサイトに含まれていません (下書きか公開日時前のページです)。公開してから巻に入れてください"))
            else:
                pages.append((page, part.appendix))
    if problems:
        raise KbpressError(problems)
    return [(page, f"{TEXT_DIR}/ch{number:04d}.xhtml", appendix) for number, (page, appendix) in enumerate(pages, 1)]


def _prepare_chapters(manifest: Manifest, site: Site, cache: ChapterCache) -> list[Chapter]:
    sources = _chapter_sources(manifest, site)
    if not any(page.html.strip() for page, _file_name, _appendix in sources):
        # One empty page is possible; a whole volume without HTML means it was never rendered.
        raise KbpressError(Problem(manifest.path, "収録するページの本文がまだ HTML になっていません (EPUB はページを描画したあとで作ります)"))
    return [cache.chapter(page, file_name, appendix, functools.partial(prepare_chapter, page, file_name, appendix))
            for page, file_name, appendix in sources]


def _key(part) -> str:
    return "appendix" if part.appendix else "chapters"


def _chapter_files(chapter: Chapter, manifest: Manifest) -> list[PackageFile]:
    """The chapter's document; in vertical volumes also its horizontal tables and code."""
    horizontal = None
    if manifest.vertical:
        horizontal = move_horizontal_blocks(chapter.body, chapter.file_name, chapter.page.title)
        set_upright_runs(chapter.body)
    files = [_document(chapter.file_name, chapter.body, chapter.page.title, manifest, vertical=manifest.vertical)]
    if horizontal is not None:
        files.append(_document(horizontal.file_name, horizontal.body, horizontal.body[0].text, manifest, vertical=False))
    return files


def _document(file_name: str, body, title: str, manifest: Manifest, *, vertical: bool) -> PackageFile:
    stylesheets = _stylesheets(manifest, "../", vertical=vertical)
    data = xhtml_document(body, title, manifest.language, stylesheets)
    uid = file_name.rsplit("/", 1)[-1].removesuffix(".xhtml")
    return PackageFile(file_name, XHTML_MEDIA_TYPE, data, uid)


def _toc(manifest: Manifest, chapters: list[Chapter]) -> list[TocEntry]:
    by_src = {chapter.page.src_path: chapter_toc(chapter) for chapter in chapters}
    entries: list[TocEntry] = []
    part_files = iter(part_file_names(manifest))
    for part in manifest.parts:
        children = tuple(by_src[src] for src in part.sources)
        if part.title:
            entries.append(TocEntry(part.title, next(part_files), children))
        else:
            entries.extend(children)
    return entries


def _stylesheets(manifest: Manifest, prefix: str, vertical: bool | None = None) -> tuple[str, ...]:
    """``vertical``: False for a vertical volume's horizontal documents (default: the volume's mode)."""
    vertical = manifest.vertical if vertical is None else vertical
    names = [BASE_STYLESHEET, HIGHLIGHT_STYLESHEET] + ([VERTICAL_STYLESHEET] if vertical else [])
    return tuple(f"{prefix}{STYLE_DIR}/{name}" for name in names)


def _stylesheet_files(manifest: Manifest) -> list[PackageFile]:
    files = [
        PackageFile(f"{STYLE_DIR}/{BASE_STYLESHEET}", "text/css", _asset(BASE_STYLESHEET), "css-base"),
        PackageFile(f"{STYLE_DIR}/{HIGHLIGHT_STYLESHEET}", "text/css", highlight_css(), "css-highlight"),
    ]
    if manifest.vertical:
        files.append(PackageFile(f"{STYLE_DIR}/{VERTICAL_STYLESHEET}", "text/css", _asset(VERTICAL_STYLESHEET), "css-vertical"))
    return files


@functools.lru_cache(maxsize=None)
def _asset(name: str) -> bytes:
    return resources.files("kbpress").joinpath("assets", name).read_bytes()


@functools.lru_cache(maxsize=1)
def highlight_css() -> bytes:
    """Static colours for pymdownx.highlight's ``.highlight`` blocks."""
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(style=PYGMENTS_STYLE).get_style_defs(".highlight").encode("utf-8") + b"\n"


def _image_files(images) -> list[PackageFile]:
    ordered = sorted(images, key=lambda resource: resource.file_name)
    return [PackageFile(r.file_name, r.media_type, r.data, f"img{n:04d}") for n, r in enumerate(ordered, 1)]


def _cover_image(manifest: Manifest, site: Site, cover_cache: Path | None) -> PackageFile:
    if manifest.cover:
        data = Path(site.docs_dir, manifest.cover).read_bytes()
        media_type = sniff_image_type(data[:64]) or "image/png"
    else:
        text = CoverText(manifest.title, manifest.volume, manifest.subtitle, manifest.publisher or site.organisation, manifest.language)
        try:
            data, media_type = cached_cover(text, cover_cache), "image/png"
        except FontNotFoundError as error:  # a machine without the font: a message, not a traceback
            raise KbpressError(
                Problem(manifest.path, f"表紙を自動で作れません。{error}。または cover: に表紙画像を指定してください")
            ) from None
    return PackageFile(f"media/cover{IMAGE_EXTENSIONS[media_type]}", media_type, data, "cover-img")


def _cover_page(manifest: Manifest, image: PackageFile) -> PackageFile:
    from lxml import etree

    body = etree.Element(X + "div")
    body.set("class", "cover")
    img = etree.SubElement(body, X + "img")
    img.set("src", image.file_name)
    japanese = manifest.language.split("-")[0] == "ja"
    page_title = "表紙" if japanese else "Cover"
    volume = cover_labels(manifest.language, manifest.volume)[1]
    img.set("alt", f"表紙: {manifest.title} ({volume})" if japanese else f"Cover: {manifest.title} ({volume})")
    img.set("role", "doc-cover")
    # The cover image is horizontal art: the page is horizontal in every volume.
    data = xhtml_document(body, page_title, manifest.language, _stylesheets(manifest, "", vertical=False), body_class="cover")
    return PackageFile(COVER_PAGE_FILE, XHTML_MEDIA_TYPE, data, "cover")


def _metadata(manifest: Manifest, site: Site, accessibility: tuple[tuple[str, str], ...]) -> BookMetadata:
    updated = volume_updated(manifest, site)
    return BookMetadata(
        identifier=manifest.identifier,
        title=manifest.title,
        subtitle=manifest.subtitle,
        language=manifest.language,
        modified=site.build_time.astimezone(timezone.utc),
        authors=manifest.authors or (site.organisation,),
        publisher=manifest.publisher or site.organisation,
        description=manifest.description,
        date=updated.date().isoformat(),
        series=SERIES,
        volume=manifest.volume,
        vertical=manifest.vertical,
        accessibility=accessibility,
    )


CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


def accessibility_metadata(*, has_images: bool, alt_missing: bool, certifier: str = "") -> tuple[tuple[str, str], ...]:
    """schema.org accessibility properties (EPUB Accessibility 1.1 discovery metadata).

    The conformance claim is made for what the build controls (structure,
    language, navigation, contrast of its own stylesheets), which the test
    suite checks with Ace by DAISY on the sample volumes; an image without
    alternative text fails WCAG 1.1.1, so a volume with one makes no claim.
    """
    entries = [("schema:accessMode", "textual")]
    if has_images:
        entries.append(("schema:accessMode", "visual"))
    if not alt_missing:
        entries.append(("schema:accessModeSufficient", "textual"))
    if has_images:
        entries.append(("schema:accessModeSufficient", "textual,visual"))
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if has_images and not alt_missing:
        features.append("alternativeText")
    entries += [("schema:accessibilityFeature", feature) for feature in features]
    entries.append(("schema:accessibilityHazard", "none"))
    summary = (
        "この電子書籍は見出しで構造化され、目次から各章・各節へ移動できます。"
        "本文はすべてテキストで、文字の大きさや配色を読書アプリで変更できます。"
    )
    if has_images:
        summary += "画像には内容を説明する代替テキストを付けています。" if not alt_missing else "一部の画像には代替テキストがありません。"
    summary += "点滅、音声、動きのある表現は含みません。"
    entries.append(("schema:accessibilitySummary", summary))
    if not alt_missing:
        entries.append(("dcterms:conformsTo", CONFORMANCE))
        if certifier:
            entries.append(("a11y:certifiedBy", certifier))
    return tuple(entries)
