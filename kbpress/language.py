"""Language tags for EPUB volumes and feeds (BCP 47), checked for form only.

The portal stays Japanese; a volume or feed of English pages says so in
its OPF, ``xml:lang`` and feed language, so reading systems pick the
right hyphenation, fonts and voices.
"""

from __future__ import annotations

import re

DEFAULT_LANGUAGE = "ja"
# language[-script][-region][-variant...]: en, en-GB, zh-Hant-TW, ja-JP, sr-Latn.
_TAG_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$")
HINT = "language は BCP 47 の言語タグで書いてください (例: ja、en、en-GB、zh-Hant)"


def language_tag(value: object) -> str | None:
    """``value`` as a tag in its usual case (en-GB, zh-Hant), or None when it is not one."""
    if not isinstance(value, str) or not _TAG_RE.match(value.strip()):
        return None
    parts = value.strip().split("-")
    return "-".join([parts[0].lower(), *(_subtag_case(part) for part in parts[1:])])


def _subtag_case(part: str) -> str:
    if len(part) == 4 and part.isalpha():
        return part.title()  # script
    if len(part) == 2:
        return part.upper()  # region
    return part.lower()
