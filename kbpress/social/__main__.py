"""``python -m kbpress.social``: the same as ``kbpress publish``; ``python -m kbpress.social resolve ...``: ``kbpress social resolve``."""

import sys

from .cli import run_publish
from .resolve import run_resolve

if sys.argv[1:2] == ["resolve"]:
    sys.exit(run_resolve(sys.argv[2:]))
sys.exit(run_publish())
