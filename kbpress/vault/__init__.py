"""An Obsidian vault as the knowledge base's source.

Plain core (nothing here imports MkDocs): how a vault note's own
front-matter keys map to the content model (:mod:`.settings`,
:mod:`.notes`), Japanese dates (:mod:`.dates`), what is never published
(:mod:`.privacy`), addresses from document ids and redirects
(:mod:`.addresses`), and ``kbpress init --vault`` (:mod:`.scan`,
:mod:`.init`). The Obsidian Markdown syntax itself is
:mod:`kbpress.obsidian`'s.
"""
