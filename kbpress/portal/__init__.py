"""The public portal's own parts: internal pages, contacts, home, page links, SEO.

Plain functions over the content model (:mod:`kbpress.model`); the MkDocs
adapter calls them from ``kbpress/plugins/portal.py``.
"""
