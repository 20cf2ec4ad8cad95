"""A process killed between the API call and the ledger write posts nothing twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from fake_x_api import CREATE, TIMELINE, Behaviour
from kbpress.social.xapi import API_BASE_VARIABLE
from socialsupport import make_project, publish

CHILD = Path(__file__).with_name("publish_child.py")
BACKOFF = "0.01"  # seconds before a retry or a look-up, for a child: the in-process settings' backoff


def child_env(fake_x, credentials) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("X_")}
    env.update(credentials)
    env[API_BASE_VARIABLE] = fake_x.base_url
    env["KBPRESS_NOW"] = "2026-11-01T12:00:00+09:00"
    env["PYTHONPATH"] = os.pathsep.join([str(CHILD.parent), env.get("PYTHONPATH", "")])
    return env


def start_child(project, env, *options) -> subprocess.Popen:
    command = [sys.executable, str(CHILD), *options, "--", "--post", "-f", str(project.root / "mkdocs.yml")]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def assert_each_posted_once(fake_x) -> None:
    texts = [tweet["_original_text"] for tweet in fake_x.tweets if tweet["_original_text"]]
    assert len(texts) == len(set(texts)), texts
    bodies = [body["text"] for body in fake_x.creates]
    assert len(bodies) == len(set(bodies)), "a post was sent twice"


# Answers after which the post's outcome is unknown and X is looked up: the process dies during the look-up.
UNCLEAR = {
    "SIGKILL looking up after a success without an id": Behaviour(status=201, accept=True, raw=b'{"errors": [{"title": "x"}]}'),
    "SIGKILL looking up after a 502 page": Behaviour(status=502, accept=True, raw=b"<html>502</html>", content_type="text/html"),
    "SIGKILL looking up after an answer cut short": Behaviour(status=201, accept=True, raw=b'{"data": {"id": "1"}}', cut_short=True),
    "SIGKILL looking up after a redirect": Behaviour(status=308, accept=True, raw=b"", headers={"Location": "http://localhost:9/2/tweets"}),
}


@pytest.mark.parametrize("how", ["os._exit before the done record", "SIGKILL while X answers", *UNCLEAR])
def test_rerun_after_a_crash_reconciles_instead_of_posting_again(tmp_path, fake_x, settings, credentials, how):
    project = make_project(tmp_path / "project", queue=False)
    env = child_env(fake_x, credentials)
    if how.startswith("os._exit"):
        child = start_child(project, env, "--exit-before-done")
    else:
        holder = {}
        kill = Behaviour(status=201, accept=True, hang=30, on_accept=lambda: os.kill(holder["pid"], signal.SIGKILL))
        options = ()
        if how in UNCLEAR:
            fake_x.script(CREATE, UNCLEAR[how])
            fake_x.script(TIMELINE, Behaviour(hang=30, on_accept=kill.on_accept, accept=True))
            options = ("--backoff", BACKOFF)  # the pause before the look-up, as in the in-process tests
        else:
            fake_x.script(CREATE, kill)
        child = start_child(project, env, *options)
        holder["pid"] = child.pid
    stdout, stderr = child.communicate(timeout=60)

    assert child.returncode in (137, -signal.SIGKILL), stdout + stderr
    assert len(fake_x.tweets) == 1, "the fake X accepted exactly one post before the crash"
    records = project.ledger()
    assert [record["status"] for record in records] == ["pending"]
    assert records[0]["text"] == fake_x.tweets[0]["_original_text"]

    rerun = publish(project, post=True, env=credentials, settings=settings)

    assert rerun.code == 0, rerun.err
    assert_each_posted_once(fake_x)
    assert len(fake_x.tweets) == 2  # the crashed one (found) and the other page
    crashed = [record for record in project.ledger() if record["source"] == records[0]["source"]]
    assert [record["status"] for record in crashed] == ["pending", "done"]
    assert crashed[-1]["remote_id"] == fake_x.tweets[0]["id"]
    assert crashed[-1]["note"] == "reconciled: found on X"


def test_sigterm_while_x_answers_stops_in_order_and_the_next_run_reconciles(tmp_path, fake_x, settings, credentials):
    """A cancelled CI job (SIGTERM) ends the run in order: summary written, post pending, found on X next time."""
    project = make_project(tmp_path / "project", queue=False)
    summary = tmp_path / "summary.json"
    holder = {}
    fake_x.script(CREATE, Behaviour(status=201, accept=True, hang=30, on_accept=lambda: os.kill(holder["pid"], signal.SIGTERM)))
    command = [sys.executable, str(CHILD), "--", "--post", "--summary-file", str(summary), "-f", str(project.root / "mkdocs.yml")]
    child = subprocess.Popen(command, env=child_env(fake_x, credentials), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    holder["pid"] = child.pid
    stdout, stderr = child.communicate(timeout=60)

    assert child.returncode == 75, stdout + stderr
    assert "投稿を中断しました: 中断の指示を受けました" in stderr and "Traceback" not in stderr
    assert json.loads(summary.read_text(encoding="utf-8"))["exit_code"] == 75
    assert [record["status"] for record in project.ledger()] == ["pending"]

    rerun = publish(project, post=True, env=credentials, settings=settings)

    assert rerun.code == 0, rerun.err
    assert_each_posted_once(fake_x)
    assert len(fake_x.tweets) == 2
