"""``python -m kbpress.social.secretscan FILE...``: refuse files that hold an X credential.

The publishing workflow runs this on ``social/ledger.jsonl`` before it
commits the ledger: the last guard should a credential ever slip past
redaction. The values come from the same environment variables publishing
reads; the output names the file, the line and the variable, never a value.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterable, Mapping

from .redact import Redactor
from .xapi import CREDENTIAL_VARIABLES

EXIT_CLEAN, EXIT_FOUND, EXIT_USAGE = 0, 1, 2


def find_credentials(text: str, env: Mapping[str, str]) -> list[tuple[int, str]]:
    """(line number, variable name) for every line holding a spelling of a credential."""
    redactors = {name: Redactor([env[name]]) for name in CREDENTIAL_VARIABLES if env.get(name, "").strip()}
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        found += [(number, name) for name, redactor in redactors.items() if redactor.found(line)]
    return found


def scan(paths: Iterable[Path], env: Mapping[str, str]) -> list[str]:
    """One message per finding, as ``file:line: ...``."""
    messages = []
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except FileNotFoundError:
            continue  # nothing written, nothing to leak
        for number, name in find_credentials(text, env):
            messages.append(f"{path}:{number}: {name} の値が含まれています。このファイルをコミット・公開しないでください")
    return messages


def main(argv: list[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    env = os.environ if env is None else env
    if not argv:
        sys.stderr.write("使い方: python -m kbpress.social.secretscan ファイル...\n")
        return EXIT_USAGE
    if not any(env.get(name, "").strip() for name in CREDENTIAL_VARIABLES):
        sys.stderr.write(f"環境変数 {', '.join(CREDENTIAL_VARIABLES)} がないため、認証情報の検査ができません\n")
        return EXIT_USAGE
    messages = scan([Path(arg) for arg in argv], env)
    for message in messages:
        sys.stderr.write(message + "\n")
    return EXIT_FOUND if messages else EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
