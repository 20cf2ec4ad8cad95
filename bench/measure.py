"""Running measured child processes: wall time, CPU time and peak memory.

Peak memory is the child's ``ru_maxrss`` from ``os.wait4`` (the largest
of the child and any descendant it waited for). A build that forks
workers keeps its own and its workers' memory at once, so the process
tree's proportional set size is also sampled from /proc and the larger
of the two is reported.

A process younger than ``SETTLING_SECONDS`` is left out of the sum:
between ``vfork`` (which ``subprocess`` uses) and ``exec`` a child shares
its parent's address space, and its PSS would count the parent twice. A
child that has just exec'd is a fresh interpreter of a few MB.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    seconds: float  # wall clock
    cpu_seconds: float  # user + system of the child and its waited-for descendants
    max_rss_mb: float
    returncode: int
    log: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0


SETTLING_SECONDS = 0.1
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class BenchError(RuntimeError):
    pass


def run_measured(command: list[str], *, cwd: Path, env: dict, log: Path, timeout: float = 1800) -> Run:
    """Run ``command`` to completion; stdout and stderr go to ``log``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
        sampler = _TreeMemorySampler(process.pid)
        sampler.start()
        deadline = threading.Timer(timeout, process.kill)
        deadline.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            deadline.cancel()
            sampler.stop()
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    max_rss_mb = max(usage.ru_maxrss / 1024, sampler.peak_kb / 1024)
    return Run(seconds, usage.ru_utime + usage.ru_stime, max_rss_mb, process.returncode, log)


def ratio_line(label: str, ratio: float, first: float, second: float, unit: str = "s", names=("full", "baseline")) -> str:
    return f"  {label:30} {ratio:6.2f}  ({names[0]} {first:.2f} {unit} / {names[1]} {second:.2f} {unit})"


def require_ok(run: Run, what: str) -> Run:
    if not run.ok:
        tail = run.log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]
        raise BenchError(f"{what} failed (exit {run.returncode}); log {run.log}:\n" + "\n".join(tail))
    return run


class _TreeMemorySampler:
    """Samples the summed PSS of a process and its descendants every 100 ms."""

    def __init__(self, pid: int, interval: float = 0.1):
        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            pids = [self.pid] + [pid for pid in _descendants(self.pid)[1:] if _age(pid) >= SETTLING_SECONDS]
            if len(pids) > 1:  # a single process is covered exactly by ru_maxrss
                self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in pids))


def _descendants(root: int) -> list[int]:
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        for children in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                queue.extend(int(child) for child in children.read_text().split())
            except OSError:
                pass
    return found


def _age(pid: int) -> float:
    """Seconds since the process started (0 when it is already gone)."""
    try:
        started = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]) / _CLOCK_TICKS
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0
    return uptime - started


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
