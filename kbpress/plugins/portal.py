"""The public portal's parts as seen by MkDocs: a thin adapter over ``kbpress.portal``.

The ``kbpress`` plugin calls one method per MkDocs event; the rules live
in the core modules (internal pages, contacts, the home page's latest
block, previous/next and related pages, sitemap dates and JSON-LD).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkPage

from ..indexes import TAGS_INDEX, category_src, tag_src
from ..model import JST, KbpressError, Site
from ..pageinfo import term_url
from ..portal import contacts, internal, latest, seo
from ..portal.pagelinks import PageLinks

log = get_plugin_logger(__name__)


class PortalParts:
    def __init__(self, internal_dirs: list[str], alert_categories: list[str], serving: bool):
        self.internal_dirs = internal.normalised_dirs(internal_dirs)
        self.alert_categories = tuple(alert_categories)
        self.serving = serving
        self.contacts = contacts.Contacts()
        self.links: PageLinks | None = None

    def configure(self, config: MkDocsConfig, site: Site) -> None:
        """Validate the contacts; hand the footer its links and the 404 page the categories."""
        try:
            self.contacts = contacts.parse_contacts(config.extra.get("contacts"))
        except KbpressError as error:
            raise PluginError(str(error)) from None
        config.extra["kb_centre"] = {
            "name": self.contacts.centre.name if self.contacts.centre else "",
            "links": contacts.link_dicts(self.contacts.centre),
        }
        config.extra["kb_categories"] = [{"name": term.name, "url": term_url(category_src(slug))} for slug, term in site.categories.items()]

    def remove_internal(self, files: Files) -> None:
        """Editors' pages stay out of the public build; ``mkdocs serve`` shows them."""
        if self.serving:
            return
        for file in list(files):
            if internal.is_internal(file.src_uri, self.internal_dirs):
                files.remove(file)

    def add_internal_nav(self, nav: Navigation, files: Files) -> None:
        """Under ``mkdocs serve``, the internal folders' index pages at the end of the menu."""
        if not self.serving:
            return
        for src in internal.internal_index(self.internal_dirs):
            file = files.get_file_from_path(src)
            if file is not None and file.page is not None and file.page not in nav.items:
                nav.items.append(file.page)

    def attach_tag_pages(self, site: Site, files: Files) -> None:
        """Tag pages are not in the menu; a parent section gives them breadcrumbs (ホーム > タグ一覧)."""
        index = files.get_file_from_path(TAGS_INDEX)
        if index is None or index.page is None or index.page.parent is not None:
            return
        model = site.page_by_src(TAGS_INDEX)
        section = Section(model.title if model else index.page.title, [index.page])
        index.page.parent = section
        for slug in site.tags:
            file = files.get_file_from_path(tag_src(slug))
            if file is not None and file.page is not None and file.page.parent is None:
                file.page.parent = section

    def set_lastmod(self, site: Site, files: Files) -> None:
        """Sitemap dates from the pages' own dates (MkDocs would write the build date everywhere).

        Read by kbpress/templates/sitemap.xml; ``update_date`` stays MkDocs's
        (the build date), which dates sitemap.xml.gz.
        """
        dates = seo.lastmod_by_src(site)
        for file in files.documentation_pages():
            if file.page is not None:
                when = dates.get(file.src_uri)
                file.page.kb_lastmod = when.astimezone(JST).date().isoformat() if when else ""
        self.links = PageLinks(site)

    def expand_markdown(self, markdown: str, page: MkPage, shown: str, first_line: int) -> str:
        try:
            return contacts.expand_placeholders(markdown, self.contacts, shown, first_line)
        except KbpressError as error:
            raise PluginError(str(error)) from None

    def decorate(self, html_text: str, model, site: Site, now) -> str:
        """Portal-only additions after the body: the latest block, related pages, the pager."""
        if latest.PLACEHOLDER in html_text:
            html_text = html_text.replace(latest.PLACEHOLDER, latest.latest_html(site, model, now, self.alert_categories), 1)
        if self.links is not None:
            html_text += self.links.html(model)
        return latest.ended_notice(model, now) + html_text

    def structured_data(self, page: MkPage, model, site: Site) -> None:
        """JSON-LD for the template's head (``page.meta.kb_jsonld``)."""
        trail = [("ホーム", "")] if model.url else []
        for ancestor in reversed(page.ancestors):
            first = _first_page(ancestor)
            if first is not None and first.url.lstrip("/") != model.url:
                trail.append((ancestor.title, first.url.lstrip("/")))
        if trail:
            trail.append((model.title, model.url))
        page.meta["kb_jsonld"] = seo.script_tags(seo.structured_data(model, site, trail))

    def write_robots(self, site: Site) -> None:
        path = Path(site.site_dir) / "robots.txt"
        if not path.exists():  # a project's own docs/robots.txt wins
            path.write_text(seo.robots_txt(site), encoding="utf-8")


def _first_page(section):
    while getattr(section, "children", None):
        section = section.children[0]
    return section if hasattr(section, "file") else None
