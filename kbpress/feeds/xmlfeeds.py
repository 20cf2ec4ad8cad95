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
  ``dc:creator`` instead.
"""

from __future__ import annotations

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from .channel import ATOM, RSS, Channel
from .items import FeedItem

GENERATOR = "kbpress"


class _Entry(FeedEntry):
    def atom_entry(self, extensions: bool = True):
        element = super().atom_entry(extensions)
        # feedgen writes one <link> per link() entry, in order, keeping only href.
        for node, link in zip(element.findall("link"), self.link() or []):
            for attribute in ("rel", "type", "length"):
                if link.get(attribute):
                    node.set(attribute, str(link[attribute]))
        return element


def rss_bytes(channel: Channel) -> bytes:
    generator = _generator(channel, self_url=channel.urls[RSS.extension], self_type=RSS.media_type)
    return generator.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def atom_bytes(channel: Channel) -> bytes:
    generator = _generator(channel, self_url=channel.urls[ATOM.extension], self_type=ATOM.media_type)
    return generator.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def _generator(channel: Channel, *, self_url: str, self_type: str) -> FeedGenerator:
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)
    generator.id(self_url)
    generator.title(channel.title)
    generator.subtitle(channel.description)
    generator.description(channel.description)
    generator.language("ja")
    generator.generator(GENERATOR)
    generator.author(name=channel.author)
    generator.updated(channel.updated)  # Atom <updated> and RSS <lastBuildDate>
    generator.link(href=self_url, rel="self", type=self_type)
    generator.link(href=channel.home_url, rel="alternate", type="text/html")  # last: the RSS <link>
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
    entry.dc.dc_creator(channel.author)
    if item.summary:
        entry.summary(item.summary)  # Atom <summary>, RSS <description>
    if channel.full_content and item.content_html:
        entry.content(item.content_html, type="html")  # Atom <content type="html">, RSS <content:encoded>
    for term in item.categories:
        entry.category(term=term.name, scheme=channel.category_scheme)
    for term in item.tags:
        entry.category(term=term.name, scheme=channel.tag_scheme)
