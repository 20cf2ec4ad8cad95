"""Rewriting a chapter's links and images for the inside of the EPUB.

MkDocs writes links relative to the page's URL ("../b/#x" from
"articles/a/"). Resolving against the absolute page URL turns every kind
of link (relative, root-relative, absolute to our own site) into one
site path, which then decides: a page of this volume becomes its chapter
file and fragment, any other page of the portal its absolute URL, a local
image an embedded file. Lookups are dictionaries: linear in the number of
links, however many chapters the volume has.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from lxml import etree

from ..model import Problem, Site
from .chapters import Chapter
from .material import remove_keeping_tail
from .media import IMAGE_EXTENSIONS, sniff_image_type
from .sanitize import X

KEPT_SCHEMES = ("http", "https", "mailto", "tel")
MEDIA_DIR = "media"
_SAFE_PATH = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._/-]*$")
# What stays as written when a site path leaves the book as a portal URL (RFC 3986 path characters).
_PATH_SAFE = "/-._~!$&'()*+,;=:@"


@dataclass(frozen=True)
class Resource:
    file_name: str  # inside the package directory, e.g. media/images/flow.png
    media_type: str
    data: bytes


@dataclass(frozen=True)
class Target:
    """Where a link points once resolved against the site."""

    site_path: str | None  # unquoted path below site.url; None outside the site
    query: str
    fragment: str


@dataclass
class LinkResolver:
    site: Site
    chapters: list[Chapter]
    problems: list[Problem] = field(default_factory=list)
    resources: dict[str, Resource] = field(default_factory=dict)  # site path -> embedded file
    images_without_alt: int = 0

    def __post_init__(self) -> None:
        self._by_url = {chapter.page.url: chapter for chapter in self.chapters}
        self._image_paths: dict[str, Resource | None] = {}
        self._names: set[str] = set()

    # -- resolution ------------------------------------------------------------

    def target(self, page_url: str, href: str) -> Target | None:
        """None for a scheme we do not keep (javascript:, data:, file:, ...)."""
        parts = urlsplit(href)
        scheme = parts.scheme.lower()
        if scheme and scheme not in KEPT_SCHEMES:
            return None
        if scheme or parts.netloc or href.startswith("/"):
            absolute = urljoin(self.site.url + page_url, href)
            if not absolute.startswith(self.site.url):
                return Target(None, "", "")
            parts = urlsplit(absolute[len(self.site.url) :])
            path = parts.path
        else:
            path = _join_relative(page_url, parts.path)  # the common case, without urljoin's cost
        return Target(unquote(path), parts.query, unquote(parts.fragment))

    def chapter_for(self, site_path: str) -> Chapter | None:
        for candidate in _page_url_candidates(site_path):
            chapter = self._by_url.get(candidate)
            if chapter is not None:
                return chapter
        return None

    def page_url_for(self, site_path: str) -> str | None:
        for candidate in _page_url_candidates(site_path):
            if self.site.page_by_url(candidate) is not None:
                return candidate
        return None

    # -- links -------------------------------------------------------------------

    def rewrite_links(self, chapter: Chapter) -> None:
        for link in chapter.links:
            if link.getparent() is None:
                continue  # removed (a footnote's back-reference arrow)
            href = (link.get("href") or "").strip()
            new_href = self._rewrite_href(chapter, href)
            if new_href is None:
                del link.attrib["href"]
            else:
                link.set("href", new_href)

    def _rewrite_href(self, chapter: Chapter, href: str) -> str | None:
        target = self.target(chapter.page.url, href)
        if target is None:
            return None
        if target.site_path is None:
            return href  # external
        linked = self.chapter_for(target.site_path)
        if linked is not None and not target.query:
            return self._chapter_href(chapter, linked, target.fragment, href)
        page_url = self.page_url_for(target.site_path)
        # Paths and fragments were unquoted to find chapters; a URL leaving the book is quoted again, since
        # reading systems (and EPUBCheck) refuse spaces and some punctuation in it (a vault's 「研修資料 a.pptx」).
        url = self.site.url + quote(page_url if page_url is not None else target.site_path, safe=_PATH_SAFE)
        url += f"?{target.query}" if target.query else ""
        return url + (f"#{quote(target.fragment, safe=_PATH_SAFE)}" if target.fragment else "")

    def _chapter_href(self, chapter: Chapter, linked: Chapter, fragment: str, href: str) -> str:
        if not fragment:
            return linked.href
        anchor = linked.target_id(fragment)
        if anchor is None:
            self.problems.append(
                Problem(
                    _shown(chapter),
                    f"リンク {href} の見出し (#{fragment}) が {_shown(linked)} にありません。"
                    "EPUB ではページの先頭へのリンクにしました。見出しの綴りを確認してください",
                    severity="warning",
                )
            )
            return linked.href
        return f"#{anchor}" if linked is chapter else f"{linked.href}#{anchor}"

    # -- images ------------------------------------------------------------------

    @property
    def files_looked_up(self) -> tuple[str, ...]:
        """The site paths of the static files the chapters' images were looked for at (found or not)."""
        return tuple(self._image_paths)

    def embed_images(self, chapter: Chapter) -> None:
        for image in chapter.images:
            if image.getparent() is None:
                continue
            alt = (image.get("alt") or "").strip()
            src = (image.get("src") or "").strip()
            target = self.target(chapter.page.url, src) if src else None
            shown = target.site_path if target is not None and target.site_path else src or "(src なし)"
            if not alt:
                self.images_without_alt += 1
                self._warn(chapter, f"画像 {shown} に代替テキストがありません。![画像の説明](パス) の形で説明を書いてください")
            image.set("alt", alt)
            resource = self._image_resource(chapter, target, src)
            if resource is None:
                _replace_image(image, src, alt)
            else:
                image.set("src", posixpath.relpath(resource.file_name, posixpath.dirname(chapter.file_name)))

    def _image_resource(self, chapter: Chapter, target: Target | None, src: str) -> Resource | None:
        if target is None or target.site_path is None:
            return None  # remote images would make the book fetch from the network
        site_path = target.site_path
        if site_path not in self._image_paths:
            self._image_paths[site_path] = self._load_image(chapter, site_path, src)
        return self._image_paths[site_path]

    def _load_image(self, chapter: Chapter, site_path: str, src: str) -> Resource | None:
        # A missing image is named as the author wrote it: MkDocs leaves a link
        # to a missing file as written (relative to the source, not the page
        # URL), so the site path worked out from it would name the wrong folder.
        data = _read_site_file(self.site, site_path)
        if data is None:
            self._warn(chapter, f"画像 {src} が見つからないため、EPUB では代替テキストに置き換えました")
            return None
        media_type = sniff_image_type(data[:1024])
        if media_type is None or (media_type == "image/svg+xml" and not _is_self_contained_svg(data)):
            self._warn(chapter, f"画像 {site_path} は EPUB に入れられない形式のため、代替テキストに置き換えました。PNG か JPEG にしてください")
            return None
        resource = Resource(self._file_name(site_path, media_type), media_type, data)
        self.resources[site_path] = resource
        return resource

    def _file_name(self, site_path: str, media_type: str) -> str:
        extension = IMAGE_EXTENSIONS[media_type]
        stem = site_path if _SAFE_PATH.match(site_path) else hashlib.sha1(site_path.encode("utf-8")).hexdigest()[:12]
        if not stem.lower().endswith(extension) and not (extension == ".jpg" and stem.lower().endswith(".jpeg")):
            stem += extension
        name = f"{MEDIA_DIR}/{stem}"
        while name in self._names or name == f"{MEDIA_DIR}/cover{extension}":
            name = f"{MEDIA_DIR}/{hashlib.sha1(name.encode()).hexdigest()[:12]}{extension}"
        self._names.add(name)
        return name

    def _warn(self, chapter: Chapter, message: str) -> None:
        self.problems.append(Problem(_shown(chapter), message, severity="warning"))


def _join_relative(page_url: str, path: str) -> str:
    """``path`` relative to the directory URL ``page_url``, as a site path (no leading slash)."""
    if not path:
        return page_url
    joined = posixpath.normpath(posixpath.join("/" + page_url, path))
    while joined.startswith("/.."):  # like a browser: nothing above the root
        joined = joined[3:] or "/"
    if path.endswith("/") and not joined.endswith("/"):
        joined += "/"
    return joined.lstrip("/")


def _page_url_candidates(site_path: str) -> list[str]:
    path = site_path.lstrip("/")
    candidates = [path]
    if path.endswith("index.html"):
        candidates.append(path[: -len("index.html")])
    elif path.endswith(".html"):
        candidates.append(path[: -len(".html")] + "/")
    elif path and not path.endswith("/"):
        candidates.append(path + "/")
    return candidates


def site_file(site: Site, site_path: str) -> Path | None:
    """Where a static file is read from, as MkDocs copies it: docs_dir, else already in site_dir."""
    for root in (site.docs_dir, site.site_dir):
        base = Path(root).resolve()
        candidate = (base / site_path).resolve()
        if base in candidate.parents and candidate.is_file():
            return candidate
    return None


def _read_site_file(site: Site, site_path: str) -> bytes | None:
    path = site_file(site, site_path)
    return path.read_bytes() if path is not None else None


def _is_self_contained_svg(data: bytes) -> bool:
    """No scripts, no foreign objects, no references outside the file."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local in ("script", "foreignObject"):
            return False
        for name, value in element.attrib.items():
            if etree.QName(name).localname == "href" and not value.startswith("#"):
                return False
            if etree.QName(name).localname.startswith("on"):
                return False
    return True


def _replace_image(image: etree._Element, src: str, alt: str) -> None:
    """A remote or unusable image -> its alt text, or a link when it has none."""
    if alt:
        replacement = etree.Element(X + "span")
        replacement.set("class", "image-alt")
        replacement.text = f"［画像: {alt}］"
    elif src.lower().startswith(("http://", "https://")):
        replacement = etree.Element(X + "a")
        replacement.set("href", src)
        replacement.text = "［画像］"
    else:
        remove_keeping_tail(image)
        return
    replacement.tail = image.tail
    image.getparent().replace(image, replacement)


def _shown(chapter: Chapter) -> str:
    return f"docs/{chapter.page.src_path}"
