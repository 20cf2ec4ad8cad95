"""The real-corpus knowledge base (kb/, see README.md), copied and built --strict for a test."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FixtureProject

KB = Path(__file__).resolve().parent / "kb"

# A bilingual table as help desks write them: long English terms beside Japanese.
GLOSSARY = """\
---
title: Glossary
description: Terms of the cheat sheets with their Japanese names.
category: web
audience: [Developers]
updated: 2026-11-01
---
## Terms

| Term | 日本語 | Where it matters | Example |
| --- | --- | --- | --- |
| Processing | 処理 | Server-side rendering of untrusted input | Template engines |
| Authentication | 認証 | Session establishment and credential verification | Login forms |
| Sanitization | 無害化 | HTMLSanitizer configuration for rich-text editors | DOMPurify |
| Content-Security-Policy | コンテンツセキュリティポリシー | Response headers of every HTML document | `script-src 'self'` |
| Clickjacking | クリックジャッキング | Framing by untrusted origins | `frame-ancestors 'none'` |

詳しくは [Cross Site Scripting Prevention](xss-prevention.md) を参照してください。https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html#defense-against-xss
"""


def build_corpus(root: Path) -> FixtureProject:
    """A copy of kb/ at ``root`` with a bilingual glossary page, built --strict without a warning."""
    shutil.copytree(KB, root)
    project = FixtureProject(root)
    project.write("docs/articles/glossary.md", GLOSSARY)
    result = project.build()
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    return project
