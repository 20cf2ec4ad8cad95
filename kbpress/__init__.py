"""kbpress: one Markdown knowledge base, published as portal, EPUBs, feeds and posts."""

__version__ = "0.1.0"
