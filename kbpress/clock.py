"""Time: the reproducible build timestamp and the publication clock.

Two clocks on purpose. ``build_time`` stamps outputs (EPUB modified date,
empty feeds) and must be identical for two builds of one commit, so it
comes from SOURCE_DATE_EPOCH or the last commit. ``now`` decides what is
published (drafts aside, a topic dated tomorrow appears tomorrow), so it
is the wall clock, overridable with KBPRESS_NOW for tests and previews.
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime
from pathlib import Path

from .model import JST


def build_time(project_dir: Path) -> datetime:
    """SOURCE_DATE_EPOCH, else the last commit's time, else the Unix epoch."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), JST)
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=project_dir,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        result = None
    if result is not None and result.returncode == 0 and result.stdout.strip().isdigit():
        return datetime.fromtimestamp(int(result.stdout.strip()), JST)
    # Outside git and without SOURCE_DATE_EPOCH: a fixed date keeps outputs stable.
    return datetime.fromtimestamp(0, JST)


def now() -> datetime:
    """The current time in JST, or KBPRESS_NOW (ISO 8601) when set."""
    override = os.environ.get("KBPRESS_NOW")
    if override:
        moment = datetime.fromisoformat(override)
        return moment if moment.tzinfo else moment.replace(tzinfo=JST)
    return datetime.now(JST)


WEEKDAYS_JA = "月火水木金土日"


def format_date_ja(moment: datetime, *, with_time: bool = False) -> str:
    """2025年6月12日 (or 2025年6月12日 10:00) in Japan time."""
    local = moment.astimezone(JST)
    text = f"{local.year}年{local.month}月{local.day}日"
    if with_time:
        text += f" {local.hour:02d}:{local.minute:02d}"
    return text
