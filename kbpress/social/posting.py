"""One ``--post`` run: redaction around everything, the publisher, the exit code and the summary.

Exit codes: 0 when everything due was settled; 75 when posting paused for
a reason that passes by itself (rate limit, X unavailable, a post whose
outcome X's timeline has not shown yet); 1 when a person has to act
(refused credentials, posts rejected, unreadable queue files, or a post
whose outcome has been unknown for longer than ``stall_hours``).
"""

from __future__ import annotations

import json
import os
import signal
import threading
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO

from ..model import Problem
from .ledger import PENDING, Ledger
from .output import Summary, print_result, print_summary
from .plan import NETWORK, PlannedPost, unsettled
from .poster import EXIT_ERROR, EXIT_OK, EXIT_TEMPFAIL, Publisher, Result, StopRun
from .redact import RedactingWriter, Redactor, redacted_logging
from .xapi import ClientSettings, Credentials, build_client


class PostingRun:
    def __init__(
        self,
        ledger: Ledger,
        credentials: Credentials,
        settings: ClientSettings,
        *,
        fmt: str,
        out: TextIO,
        err: TextIO,
        summary_file: Path | None = None,
    ):
        self.redactor = Redactor(credentials.secrets())
        self.ledger = ledger
        self.credentials = credentials
        self.settings = settings
        self.fmt = fmt
        self.out = RedactingWriter(out, self.redactor)
        self.err = RedactingWriter(err, self.redactor)
        self.summary_file = summary_file
        self.outcomes: dict[str, Result] = {}

    def post(self, planned: list[PlannedPost], bad_files: list[Problem], limit: int | None) -> int:
        try:
            with redacted_logging(self.redactor), _terminate_as_interrupt():
                self.ledger.clean = self.redactor
                return self._post(planned, bad_files, limit)
        finally:
            self.out.flush()
            self.err.flush()

    def _post(self, planned: list[PlannedPost], bad_files: list[Problem], limit: int | None) -> int:
        for problem in bad_files:
            self.err.write(f"{problem}\n")
        publisher = Publisher(
            build_client(self.credentials, self.settings),
            self.credentials.user_id,
            self.ledger,
            self.settings,
            on_result=self._report,
            clean=self.redactor,
        )
        stopped = None
        try:
            publisher.run(unsettled(planned, self.ledger), limit)
        except StopRun as stop:
            stopped = stop
            self.err.write(f"投稿を中断しました: {stop}\n")
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM from a cancelled job: stop in order, the ledger is complete
            stopped = StopRun("中断の指示を受けました。投稿されたか分からないものは pending のまま残し、次の実行で確かめます", EXIT_TEMPFAIL)
            self.err.write(f"投稿を中断しました: {stopped}\n")
        except Exception as error:  # a defect: say so without letting a credential out
            stopped = StopRun(f"予期しないエラーです ({type(error).__name__})", EXIT_ERROR)
            self.err.write("".join(traceback.format_exception(error)))
            self.err.write(f"投稿を中断しました: {stopped}\n")
        stalled = publisher.stalled()
        code = self._exit_code(stopped, stalled, bad_files)
        summary = Summary(self.outcomes, str(stopped) if stopped else None, stalled, bad_files, code)
        print_summary(summary, fmt=self.fmt, out=self.out)
        self._write_summary_file(summary)
        return code

    def _report(self, result: Result) -> None:
        self.outcomes[result.source_id] = result
        print_result(result, fmt=self.fmt, out=self.out)

    def _exit_code(self, stopped: StopRun | None, stalled: list, bad_files: list[Problem]) -> int:
        needs_person = any(result.attention for result in self.outcomes.values())
        if (stopped and stopped.exit_code == EXIT_ERROR) or stalled or bad_files or needs_person:
            return EXIT_ERROR
        still_open = any(result.status == PENDING for result in self.outcomes.values()) or self.ledger.pending(NETWORK)
        if stopped or still_open:
            return EXIT_TEMPFAIL
        return EXIT_OK

    def _write_summary_file(self, summary: Summary) -> None:
        """Written last: its presence tells the workflow the run ended in order (the ledger is complete)."""
        if self.summary_file is None:
            return
        text = self.redactor(json.dumps(summary.to_json(), ensure_ascii=False, sort_keys=True, indent=2) + "\n")
        temporary = self.summary_file.with_name(self.summary_file.name + ".tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, self.summary_file)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a cancelled CI job) ends the run like Ctrl-C: between ledger writes, never inside one."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
