"""The portal's download page for the guidebook volumes.

The page is generated before any page is rendered (MkDocs needs its
Markdown with the other sources), but a file size is only known once the
EPUB exists. So the Markdown carries an empty marker element per volume
and :func:`fill_download_sizes` writes the size into the finished page
HTML; an unfilled marker simply shows nothing.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from datetime import datetime

from ..clock import format_date_ja
from ..model import Site
from .manifest import Manifest

OUTPUT_DIR = "guidebook"  # below the site root
DOWNLOAD_PAGE_SRC = "guidebook.md"
DOWNLOAD_PAGE_TITLE = "ガイドブック追補資料"
DOWNLOAD_PAGE_DESCRIPTION = "解説記事をテーマごとにまとめた電子書籍 (EPUB) です。巻ごとにダウンロードできます。"
_SIZE_MARKER = re.compile(r'(<span data-kbpress-epub-size="([a-z0-9-]+)">)[^<]*(</span>)')


@dataclass(frozen=True)
class ChapterLink:
    """A chapter as the download page lists it: its page on the portal, to read without an EPUB app."""

    title: str
    url: str  # site URL of the page, e.g. articles/backup-basics/
    part: str | None  # the part's title, None outside a titled part


@dataclass(frozen=True)
class VolumeInfo:
    """What the download page shows about a volume; needs no rendered HTML."""

    slug: str
    title: str
    subtitle: str
    volume: int
    description: str
    updated: datetime
    file_name: str  # e.g. security-basics.epub, inside OUTPUT_DIR
    chapters: tuple[ChapterLink, ...] = ()

    @property
    def site_path(self) -> str:
        return f"{OUTPUT_DIR}/{self.file_name}"


def volume_updated(manifest: Manifest, site: Site) -> datetime:
    """The latest update of the volume's pages, else the build time."""
    dates = []
    for src in manifest.sources:
        page = site.page_by_src(src)
        if page is not None and page.meta.last_modified is not None:
            dates.append(page.meta.last_modified)
    return max(dates) if dates else site.build_time


def volume_infos(manifests: list[Manifest], site: Site) -> list[VolumeInfo]:
    """Download-page entries, from manifests and page metadata only."""
    return [
        VolumeInfo(
            slug=manifest.slug,
            title=manifest.title,
            subtitle=manifest.subtitle,
            volume=manifest.volume,
            description=manifest.description,
            updated=volume_updated(manifest, site),
            file_name=manifest.file_name,
            chapters=_chapter_links(manifest, site),
        )
        for manifest in sorted(manifests, key=lambda manifest: manifest.volume)
    ]


def _chapter_links(manifest: Manifest, site: Site) -> tuple[ChapterLink, ...]:
    links = []
    for part in manifest.parts:
        for src in part.sources:
            page = site.page_by_src(src)
            if page is not None:  # a page not yet published is reported when the volume is built
                links.append(ChapterLink(page.title, page.url, part.title))
    return tuple(links)


def download_page_markdown(volumes: list[VolumeInfo], page_url: str = "guidebook/", site_name: str = "") -> str:
    """The body of the download page (no front matter), in Japanese Markdown.

    ``page_url`` is the page's own site URL (links are relative to it).
    Links are raw HTML: MkDocs would report a Markdown link to a file that
    is not among the docs as broken.
    """
    owner = f"{_escape(site_name)}の" if site_name else ""
    lines = [
        f"{owner}解説記事を、テーマごとに電子書籍 (EPUB 形式) にまとめました。"
        "スマートフォンやタブレットの電子書籍アプリ、パソコンの電子書籍リーダーで読めます。",
        "オフラインでも読めるので、研修の資料や社内での回覧にもお使いください。",
        "",
    ]
    if not volumes:
        lines.append("いま公開しているガイドブック追補資料はありません。")
    for volume in sorted(volumes, key=lambda volume: volume.volume):
        lines += _volume_lines(volume, page_url)
    return "\n".join(lines) + "\n"


def _volume_lines(volume: VolumeInfo, page_url: str) -> list[str]:
    link = (
        f'<a href="{html.escape(_relative(volume.site_path, page_url))}" type="application/epub+zip">'
        f"{html.escape(volume.title)}</a>"
        f'（EPUB<span data-kbpress-epub-size="{volume.slug}"></span>）'
    )
    lines = ["", f"## 第{volume.volume}巻 {_escape(volume.title)}", ""]
    if volume.subtitle:
        lines += [f"**{_escape(volume.subtitle)}**", ""]
    if volume.description:
        lines += [_escape(volume.description), ""]
    lines += [f"- ダウンロード: {link}", f"- 更新日: {format_date_ja(volume.updated)}"]
    if volume.chapters:
        lines += [f"- 収録: 全{len(volume.chapters)}章", ""] + _chapter_lines(volume, page_url)
    return lines


def _chapter_lines(volume: VolumeInfo, page_url: str) -> list[str]:
    """Every chapter with a link to its page, for readers without an EPUB app (Windows, some Android phones)."""
    lines = [f"### 第{volume.volume}巻の目次", "",
             "電子書籍アプリがなくても、各章をこのサイトの Web ページで読めます。", ""]
    part = None
    for chapter in volume.chapters:
        if chapter.part != part:
            part = chapter.part
            lines += ["", f"**{_escape(part)}**", ""] if part else [""]
        href = html.escape(_relative(chapter.url, page_url))
        lines.append(f'- {_escape(chapter.title)}（<a href="{href}">Web で読む</a>）')
    return lines


def _relative(site_path: str, page_url: str) -> str:
    """``site_path`` relative to the page at ``page_url`` (both below the site root)."""
    return posixpath.relpath("/" + site_path, "/" + page_url.lstrip("/")) + ("/" if site_path.endswith("/") else "")

def _escape(text: str) -> str:
    """Keep a title literal in Markdown (Python-Markdown does not honour a backslash before "<")."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "\\[]*_`#":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def format_size(size: int) -> str:
    """1234567 -> "1.2 MB", 34567 -> "34 KB" (decimal units, as file managers show)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} KB"


def fill_download_sizes(page_html: str, sizes: dict[str, int]) -> str:
    """Write each built volume's size into its marker (unknown volumes stay empty)."""
    if "data-kbpress-epub-size" not in page_html:
        return page_html

    def fill(match: re.Match) -> str:
        size = sizes.get(match.group(2))
        text = f"、{format_size(size)}" if size is not None else ""
        return match.group(1) + text + match.group(3)

    return _SIZE_MARKER.sub(fill, page_html)
