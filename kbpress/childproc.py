"""Worker processes fed through a pipe: pickled messages in, one pickled answer out.

The build's workers (link cards, the search index) are plain child
Pythons running one function of this package, not ``multiprocessing``
workers: ``spawn`` re-imports the parent's main module (MkDocs and its
command line) in every worker and starts a resource-tracker process
besides, about 15 MB of memory for nothing the workers use.

Protocol: the parent writes pickled lists of messages to the child's
stdin (a thread does the writing, so a slow child never blocks the
build), then ``None`` and closes the pipe. Messages travel ``batch`` at a
time: each write wakes the writer thread, which takes the GIL from
MkDocs, so workers fed page by page or card by card send 16 together.
The child's function receives the messages one by one, as an iterator,
and returns one value, which goes back pickled on stdout: ``("ok",
value)`` or ``("error", text)``.
"""

from __future__ import annotations

import importlib
import pickle
import queue
import subprocess
import sys
import threading
import traceback

from .processes import lower_priority

_END = None


class WorkerFailed(Exception):
    """The worker reported an error (``reported``), died, or did not finish in time."""

    def __init__(self, message: str, reported: bool = False):
        super().__init__(message)
        self.reported = reported


class Worker:
    """One child process running ``module:function`` over the messages sent to it."""

    def __init__(self, target: str, name: str, batch: int = 1):
        self.name = name
        self.batch = batch
        self._pending: list = []  # messages not yet handed to the writer
        # -P: the project folder (the build's working directory) must not shadow modules.
        command = [sys.executable, "-P", "-c", f"from kbpress.childproc import serve; serve({target!r})"]
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self._reply: list[bytes] = []
        self._writer = threading.Thread(target=self._write, name=f"{name}-writer", daemon=True)
        self._reader = threading.Thread(target=self._read, name=f"{name}-reader", daemon=True)
        self._writer.start()
        self._reader.start()

    def is_alive(self) -> bool:
        return self._process.poll() is None

    def send(self, message) -> None:
        self._pending.append(message)
        if len(self._pending) >= self.batch:
            self._outbox.put(self._pending)
            self._pending = []

    def result(self, timeout: float):
        """Close the input and wait for the answer; WorkerFailed when there is none."""
        if self._pending:
            self._outbox.put(self._pending)
            self._pending = []
        self._outbox.put(_END)
        self._reader.join(timeout)
        if self._reader.is_alive():
            self.kill()
            raise WorkerFailed(f"処理が {timeout:.0f} 秒で終わりませんでした")
        code = self._process.wait()
        try:
            status, value = pickle.loads(self._reply[0])
        except (IndexError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            raise WorkerFailed(f"処理が終了コード {code} で止まりました") from None
        if status != "ok":
            raise WorkerFailed(value, reported=True)
        return value

    def kill(self) -> None:
        if self.is_alive():
            self._process.kill()
        self._process.wait()
        self._outbox.put(_END)

    def _write(self) -> None:
        stdin = self._process.stdin
        try:
            while (message := self._outbox.get()) is not _END:
                pickle.dump(message, stdin, protocol=pickle.HIGHEST_PROTOCOL)
                stdin.flush()  # a small message must not wait in the buffer for the next
            pickle.dump(_END, stdin)
            stdin.close()
        except (OSError, ValueError):  # the child is gone; result() reports it
            pass

    def _read(self) -> None:
        self._reply.append(self._process.stdout.read())


def serve(target: str) -> None:
    """The child's side: run ``module:function`` over the messages on stdin, answer on stdout."""
    lower_priority()
    module_name, function_name = target.split(":")
    inbox, outbox = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the answer
    try:
        function = getattr(importlib.import_module(module_name), function_name)
        answer = ("ok", function(_messages(inbox)))
    except BaseException as error:  # noqa: BLE001 - handed to the build, which reports it
        answer = ("error", f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=3)}")
    pickle.dump(answer, outbox, protocol=pickle.HIGHEST_PROTOCOL)
    outbox.flush()


def _messages(inbox):
    while (batch := pickle.load(inbox)) is not _END:
        yield from batch
