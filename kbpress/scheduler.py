"""One queue of background work for a whole build: pages before cards, on the spare cores.

Two outputs work beside the rendering: the search index (each rendered
page) and the link cards (each missing card). Each used to start its own
workers and take a core if one was free, so which one got the spare core
depended on the order of the plugins' events: on two cores a cold
build's card worker took it at ``on_nav`` and the index was built in the
build process. Here one scheduler owns the workers (as many as
:func:`kbpress.processes.spare_cores`) and every output hands its work to
it as a *job*; a worker serves every job given to it from one queue,
ordered by the job's priority: the index's pages first (the build waits
for the last of them), cards whenever no page is waiting.

A job is a handler class, named by import path so that the worker (a
plain child Python, :mod:`kbpress.childproc`) can create it: constructed
from the job's ``setup``, given each item with ``add``, asked for its
result with ``finish``. Jobs with few items (``min_items``) are run in
the build process instead: starting a worker costs more than they do.
"""

from __future__ import annotations

import importlib
import itertools
import os
import queue
import threading
import traceback
from dataclasses import dataclass

from .childproc import Worker, WorkerFailed

PRIORITY_PAGES = 0  # the search index: the build waits for the page rendered last
PRIORITY_CARDS = 1  # link cards: drawn from the start, whenever no page waits
BATCH = 16  # items per write to a worker (see kbpress.childproc)
FINISH_TIMEOUT_SECONDS = 1800
_OPEN_PRIORITY = -1  # a job's set-up goes before its items


@dataclass(frozen=True)
class Job:
    """Work an output hands to the scheduler."""

    name: str
    title: str  # for the build log
    handler: str  # "module:Class": Class(setup) with add(item) and finish() -> result
    setup: object  # picklable: sent to the worker once
    priority: int
    spread: bool = False  # items may go to every worker (cards); else all to one (an index has one writer)
    min_items: int = 1  # fewer items than this are handled in the build process


class JobFailed(Exception):
    """A job's handler raised in a worker (``reported``), or its worker died or timed out."""

    def __init__(self, message: str, reported: bool = False):
        super().__init__(message)
        self.reported = reported


def _handler(job_handler: str, setup):
    module_name, class_name = job_handler.split(":")
    return getattr(importlib.import_module(module_name), class_name)(setup)


class Channel:
    """One job's way to the workers (or, for small jobs, to a handler in this process)."""

    def __init__(self, scheduler: Scheduler, job: Job, expected: int | None):
        self.job = job
        self._scheduler = scheduler
        self._waiting: list = []  # items held until min_items decide where they go
        self._inline = None  # the handler, when the job runs in the build process
        self._workers: list[int] = []  # indexes of the scheduler's workers serving the job
        self._next = None
        self._results: list | None = None
        self._error: JobFailed | None = None
        if expected is not None:
            self._start() if expected >= job.min_items else self._run_here()

    @property
    def in_worker(self) -> bool:
        return bool(self._workers)

    def send(self, item) -> None:
        if self._workers:
            self._scheduler.worker(next(self._next)).send(("item", self.job.name, item))
        elif self._inline is not None:
            self._inline.add(item)  # errors reach the caller at once, as they would without workers
        else:
            self._waiting.append(item)
            if len(self._waiting) >= self.job.min_items:
                self._start()

    def results(self) -> list:
        """Every worker's result for this job (one when it ran in the build process).

        Waits for the scheduler to finish; raises :class:`JobFailed` when a
        worker failed the job.
        """
        self._scheduler.finish()
        if self._error is not None:
            raise self._error
        return list(self._results or [])

    def _start(self) -> None:
        self._workers = self._scheduler.assign(self.job)
        self._next = itertools.cycle(self._workers)
        waiting, self._waiting = self._waiting, []
        for item in waiting:
            self.send(item)

    def _run_here(self) -> None:
        self._inline = _handler(self.job.handler, self.job.setup)
        waiting, self._waiting = self._waiting, []
        for item in waiting:
            self._inline.add(item)

    def _settle(self, answers: dict[int, dict | WorkerFailed]) -> None:
        """Take this job's results from the workers' answers; run a job left waiting here."""
        if not self._workers:
            if self._inline is None:
                self._run_here()
            self._results = [self._inline.finish()]
            return
        results = []
        for index in self._workers:
            answer = answers.get(index)
            if isinstance(answer, WorkerFailed) or answer is None:
                self._error = JobFailed(str(answer or "処理が止まりました"), reported=False)
                return
            status, value = answer["jobs"].get(self.job.name, ("error", "処理が始まりませんでした"))
            if status != "ok":
                self._error = JobFailed(value, reported=True)
                return
            results.append(value)
        self._results = results

    def _cancel(self) -> None:
        self._error = JobFailed("処理はビルドの中断で止まりました", reported=False)
        self._inline = None
        self._waiting = []


class Scheduler:
    """The build's workers and the jobs they serve."""

    def __init__(self, workers: int | None = None, *, cores: int | None = None):
        from .processes import spare_cores

        self.capacity = workers or spare_cores(cores)
        self._workers: list[Worker] = []
        self._channels: list[Channel] = []
        self._finished = False
        self.answers: dict[int, dict | WorkerFailed] = {}  # each worker's answer, once finished

    def open(self, job: Job, *, expected: int | None = None) -> Channel:
        """A channel for ``job``; ``expected``: how many items will come, when known.

        Known and at least ``job.min_items``: a worker serves the job from
        the first item. Known and fewer: the job runs in this process, item
        by item. Unknown: items wait until there are ``min_items`` of them
        (then go to a worker) or the build finishes (then run here).
        """
        if self._finished:
            raise RuntimeError(f"the build's workers have finished; {job.name} came too late")
        channel = Channel(self, job, expected)
        self._channels.append(channel)
        return channel

    def assign(self, job: Job) -> list[int]:
        """The workers serving ``job`` (started now if needed), told about the job."""
        wanted = self.capacity if job.spread else 1
        while len(self._workers) < wanted:
            number = len(self._workers)
            self._workers.append(Worker("kbpress.scheduler:serve_jobs", f"kbpress-worker-{number}", batch=BATCH))
        chosen = list(range(wanted))
        for index in chosen:
            self._workers[index].send(("open", job.name, job.handler, job.setup, job.priority))
        return chosen

    def worker(self, index: int) -> Worker:
        return self._workers[index]

    @property
    def started(self) -> int:
        """How many workers this build started."""
        return len(self._workers)

    def served(self) -> list[list[str]]:
        """Per worker started, the titles of the jobs it served (for the build log)."""
        served = [[] for _ in self._workers]
        for channel in self._channels:
            for index in channel._workers:
                served[index].append(channel.job.title)
        return served

    def finish(self, timeout: float = FINISH_TIMEOUT_SECONDS) -> None:
        """Close every worker's input, wait for the answers, settle every job (once)."""
        if self._finished:
            return
        self._finished = True
        for index, worker in enumerate(self._workers):
            try:
                self.answers[index] = worker.result(timeout)
            except WorkerFailed as error:
                self.answers[index] = error
        for channel in self._channels:
            channel._settle(self.answers)

    def cancel(self) -> None:
        """Stop every worker without waiting (a failed or interrupted build)."""
        self._finished = True
        for worker in self._workers:
            worker.kill()
        for channel in self._channels:
            channel._cancel()


# -- the worker's side -----------------------------------------------------------


def serve_jobs(messages) -> dict:
    """Run every job sent to this worker, items of the most urgent job first.

    A thread keeps reading the input into a priority queue, so a page that
    arrives while cards wait is taken next. Returns each job's result (or
    its error: one failing job does not stop the others), this process's
    id, and per job how many items it took while a less urgent one waited.
    """
    inbox: queue.PriorityQueue = queue.PriorityQueue()
    counts = _Counts()
    threading.Thread(target=_receive, args=(messages, inbox, counts), daemon=True).start()
    handlers, failed, overtook = {}, {}, {}
    while (entry := inbox.get())[2] is not None:
        kind, name, *rest = entry[2]
        counts.taken(name)
        if name in failed:
            continue
        try:
            if kind == "open":
                handlers[name] = _handler(rest[0], rest[1])
                overtook[name] = 0
            else:
                overtook[name] += counts.others_waiting(name)
                handlers[name].add(rest[0])
        except BaseException as error:  # noqa: BLE001 - reported to the build for this job only
            failed[name] = f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=3)}"
    jobs = {name: ("error", text) for name, text in failed.items()}
    for name in list(handlers):
        handler = handlers.pop(name)  # let go of a finished job's state before the next one finishes
        if name not in failed:
            try:
                jobs[name] = ("ok", handler.finish())
            except BaseException as error:  # noqa: BLE001
                jobs[name] = ("error", f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=3)}")
        del handler
    return {"jobs": jobs, "pid": os.getpid(), "overtook": overtook}


class _Counts:
    """Items received and taken per job, to tell whether a less urgent job was waiting."""

    def __init__(self) -> None:
        self.priority: dict[str, int] = {}
        self.received: dict[str, int] = {}
        self._taken: dict[str, int] = {}

    def taken(self, name: str) -> None:
        self._taken[name] = self._taken.get(name, 0) + 1

    def others_waiting(self, name: str) -> int:
        """1 when a job less urgent than ``name`` has items waiting, else 0."""
        mine = self.priority.get(name, 0)
        return int(any(
            self.received.get(other, 0) > self._taken.get(other, 0)
            for other, priority in list(self.priority.items()) if priority > mine
        ))


def _receive(messages, inbox: queue.PriorityQueue, counts: _Counts) -> None:
    sequence = itertools.count()
    try:
        for message in messages:
            name = message[1]
            if message[0] == "open":
                counts.priority[name] = message[4]
                priority = _OPEN_PRIORITY
            else:
                priority = counts.priority.get(name, 0)
            counts.received[name] = counts.received.get(name, 0) + 1
            inbox.put((priority, next(sequence), message))
    finally:
        inbox.put((float("inf"), next(sequence), None))
