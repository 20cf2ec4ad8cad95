"""Link cards: the 1200×630 image and the tags social networks read.

Plain core: nothing here imports MkDocs; the adapter is
``kbpress.plugins.cards``.
"""

from .cache import CardCache, card_key
from .content import CardContent, card_content, card_url, plain_card_content
from .ogp import LinkPreview, insert_into_head, ogp_tags
from .render import HEIGHT, PNG_TEXT_KEY, WIDTH, CardLayout, layout_card, render_card

__all__ = [
    "CardCache",
    "CardContent",
    "CardLayout",
    "HEIGHT",
    "LinkPreview",
    "PNG_TEXT_KEY",
    "WIDTH",
    "card_content",
    "card_key",
    "card_url",
    "insert_into_head",
    "layout_card",
    "ogp_tags",
    "plain_card_content",
    "render_card",
]
