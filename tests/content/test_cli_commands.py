"""The command line loads the posting stack only for the commands that post.

``kbpress epub`` and ``kbpress check`` are run by editors many times a day;
importing tweepy and twitter-text for them cost most of a second each time.
"""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

POSTING_MODULES = ("kbpress.social", "kbpress.watch.cli", "tweepy", "twitter_text", "requests_oauthlib")


def test_the_command_line_imports_no_posting_stack_until_a_posting_command_is_asked_for():
    probe = (
        "import sys, kbpress.cli\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {POSTING_MODULES!r} or m in {POSTING_MODULES!r}))\n"
    )
    loaded = subprocess.run([sys.executable, "-P", "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_help_still_lists_and_runs_every_command():
    from kbpress.cli import main

    listing = CliRunner().invoke(main, ["--help"])
    assert listing.exit_code == 0
    commands = [line.split()[0] for line in listing.output.split("Commands:")[1].splitlines() if line.strip()]
    assert commands == ["check", "epub", "init", "new", "publish", "social", "watch"]
    for name, expected in (("social", "pick"), ("watch", "sources.yml")):
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert expected in result.output
