"""RSS 2.0 and Atom 1.0 through feedgen 1.0.0, with its known traps avoided.

- ``add_entry`` prepends by default: entries are appended in feed order.
- The RSS channel ``<link>`` is the last link added: ``rel=self`` goes first.
- Atom entry links lose ``rel``/``type``/``length`` (feedgen issue 135), so an
  enclosure would become a second alternate link: :class:`_Entry` puts the
  attributes back while the entry is built, no reparsing.
- RSS dates go through ``feedgen.util.formatRFC2822``, which switches the
  process locale to C around ``strftime``: English day and month names
  whatever the locale, but not thread-safe, so feeds are written from one
  thread.
- Unset dates default to the current time: every date is set explicitly.
- RSS ``<author>`` must be an e-mail address; the organisation goes into
  ``dc:creator`` instead, through a one-element extension (feedgen's own dc
  extension looks at fifteen elements for every item).
"""

from __future__ import annotations

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from .channel import ATOM, RSS, Channel
from .items import FeedItem

GENERATOR = "kbpress"
DC_NS = "http://purl.org/dc/elements/1.1/"


class _CreatorFeed(BaseExtension):
    def extend_ns(self):
        return {"dc": DC_NS}


class _CreatorEntry(BaseEntryExtension):
    creator = ""

    def extend_rss(self, item):
        etree.SubElement(item, f"{{{DC_NS}}}creator").text = self.creator
        return item


class _Entry(FeedEntry):
    def atom_entry(self, extensions: bool = True):
        element = super().atom_entry(extensions)
        # feedgen writes one <link> per link() entry, in order, keeping only href.
        for node, link in zip(element.findall("link"), self.link() or []):
            for attribute in ("rel", "type", "length"):
                if link.get(attribute):
                    node.set(attribute, str(link[attribute]))
        return element


def rss_and_atom_bytes(channel: Channel) -> tuple[bytes, bytes]:
    """Both XML formats from one generator, so each entry is built once."""
    generator = _generator(channel)
    _set_links(generator, channel, self_url=channel.urls[RSS.extension], self_type=RSS.media_type)
    rss = generator.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    _set_links(generator, channel, self_url=channel.urls[ATOM.extension], self_type=ATOM.media_type)
    atom = generator.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return rss, atom


def _set_links(generator: FeedGenerator, channel: Channel, *, self_url: str, self_type: str) -> None:
    generator.link(href=self_url, rel="self", type=self_type, replace=True)
    generator.link(href=channel.home_url, rel="alternate", type="text/html")  # last: the RSS <link>


def _generator(channel: Channel) -> FeedGenerator:
    generator = FeedGenerator()
    generator.register_extension("creator", _CreatorFeed, _CreatorEntry, atom=False, rss=True)
    generator.id(channel.urls[ATOM.extension])  # Atom only; RSS has no feed id
    generator.title(channel.title)
    generator.subtitle(channel.description)
    generator.description(channel.description)
    generator.language(channel.language)
    generator.generator(GENERATOR)
    generator.author(name=channel.author)
    generator.updated(channel.updated)  # Atom <updated> and RSS <lastBuildDate>
    if channel.icon_url:
        generator.icon(channel.icon_url)
    if channel.rss_image_url:
        # Also the Atom <logo>. Not logo(): it would put any format into RSS <image>.
        generator.image(url=channel.rss_image_url, title=channel.title, link=channel.home_url)
    for item in channel.items:
        _add_entry(generator, channel, item)
    return generator


def _add_entry(generator: FeedGenerator, channel: Channel, item: FeedItem) -> None:
    entry = generator.add_entry(_Entry(), order="append")
    entry.id(item.id)  # also the RSS <guid isPermaLink="false">
    entry.title(item.title)
    entry.link(href=item.url, rel="alternate", type="text/html")
    if item.image:
        entry.enclosure(url=item.image.url, length=str(item.image.length), type=item.image.media_type)
    entry.published(item.published)
    entry.updated(item.updated)
    entry.author(name=channel.author)
    entry.creator.creator = channel.author
    if item.summary:
        entry.summary(item.summary)  # Atom <summary>, RSS <description>
    if channel.full_content and item.content_html:
        entry.content(item.content_html, type="html")  # Atom <content type="html">, RSS <content:encoded>
    for term in item.categories:
        entry.category(term=term.name, scheme=channel.category_scheme)
    for term in item.tags:
        entry.category(term=term.name, scheme=channel.tag_scheme)
