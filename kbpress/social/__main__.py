"""``python -m kbpress.social``: the same as ``kbpress publish``."""

import sys

from .cli import run_publish

sys.exit(run_publish())
