"""Runs `kbpress publish` in a child process for tests that need a process boundary.

    publish_child.py [--debug-log FILE] [--exit-before-done] -- <publish options>

--debug-log         turn on DEBUG logging for everything (stderr and FILE), as a
                    user chasing a problem would
--exit-before-done  die with os._exit right after X accepted a post, before the
                    ledger records it (a crash between the API call and the write)
"""

import logging
import os
import sys

from kbpress.social import ledger as ledger_module
from kbpress.social.cli import run_publish


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
    return run_publish(publish_args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
