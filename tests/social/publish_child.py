"""Runs `kbpress publish` in a child process for tests that need a process boundary.

    publish_child.py [--debug-log FILE] [--exit-before-done] [--backoff SECONDS] -- <publish options>

--debug-log         turn on DEBUG logging for everything (stderr and FILE), as a
                    user chasing a problem would
--exit-before-done  die with os._exit right after X accepted a post, before the
                    ledger records it (a crash between the API call and the write)
--backoff           wait this long before a second attempt instead of the
                    default's seconds, as the in-process tests' settings do
"""

import functools
import logging
import os
import sys

from kbpress.social import cli as cli_module
from kbpress.social import ledger as ledger_module
from kbpress.social.cli import run_publish
from kbpress.social.xapi import ClientSettings


def main(argv: list[str]) -> int:
    split = argv.index("--")
    options, publish_args = argv[:split], argv[split + 1 :]
    if "--debug-log" in options:
        path = options[options.index("--debug-log") + 1]
        handlers = [logging.StreamHandler(sys.stderr), logging.FileHandler(path, encoding="utf-8")]
        logging.basicConfig(level=logging.DEBUG, handlers=handlers, format="%(name)s %(levelname)s %(message)s")
    if "--exit-before-done" in options:
        original_append = ledger_module.Ledger.append

        def append(self, record):
            if record.status == ledger_module.DONE:
                os._exit(137)
            original_append(self, record)

        ledger_module.Ledger.append = append
    if "--backoff" in options:
        seconds = float(options[options.index("--backoff") + 1])
        cli_module.ClientSettings = functools.partial(ClientSettings, backoff=seconds)
    return run_publish(publish_args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
