"""Everything already known, so a candidate never comes back: the inbox, the queue and the ledger."""

from __future__ import annotations

from pathlib import Path

from ..social.check import LEDGER_NAME
from ..social.ledger import Ledger
from ..social.queue import load_queue
from .canonical import dedup_keys
from .inbox import InboxFile


def known_keys(social_dir: Path, shown_dir: str, inbox: list[InboxFile]) -> set[str]:
    """Dedup keys (canonical URLs, X post ids) of every candidate, queue item and posted target."""
    urls = [candidate.url for inbox_file in inbox for candidate in inbox_file.candidates]
    entries, _problems = load_queue(social_dir, shown_dir)  # a broken queue file is kbpress check's to report
    urls += [entry.url for entry in entries]
    ledger = Ledger.load(social_dir / LEDGER_NAME, f"{shown_dir}/{LEDGER_NAME}")
    urls += [record.target for record in ledger.records if record.target]
    keys: set[str] = set()
    for url in urls:
        keys |= dedup_keys(url)
    return keys
