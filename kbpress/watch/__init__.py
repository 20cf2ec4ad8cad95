"""Watching for hot news: candidate posts gathered from feeds and X, reviewed in git.

Core package: no MkDocs imports. ``kbpress watch`` fetches the sources of
``social/sources.yml`` into ``social/inbox/``; ``kbpress social pick`` and
``drop`` turn a candidate into a queue item or set it aside.

Nothing is imported here: the preview plugin reads the inbox through
:mod:`.review` on every build and must not pull in the posting stack
(twitter-text alone takes half a second to import).
"""
