"""Error answers that echo the request never carry a credential into any output, the ledger or any file."""

from __future__ import annotations

import html
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
import yaml

from fake_x_api import CREATE, RETWEET, TIMELINE, Behaviour, problem
from kbpress.social.problems import problem_of
from kbpress.social.redact import REDACTED, RedactingWriter, Redactor
from kbpress.social.secretscan import main as secretscan_main
from socialsupport import FAKE_CREDENTIALS, REPO
from test_social_crash import BACKOFF, CHILD, child_env


def spellings(secret: str) -> set[str]:
    """Every way a value can travel: raw, percent-encoded (either hex case, once or twice), form, JSON, HTML."""
    once = quote(secret, safe="~")
    forms = {secret, once, quote(secret, safe=""), quote(once, safe="~"), quote_plus(secret)}
    forms |= {form.lower() for form in forms if "%" in form} | {json.dumps(secret)[1:-1], html.escape(secret)}
    prefix, dash, rest = secret.partition("-")
    if dash and prefix.isdigit():
        forms.add(rest)  # the access token without its user id
    return forms


def leaks(text: str) -> list[str]:
    return [f"{name} ({form!r})" for name, secret in FAKE_CREDENTIALS.items() for form in spellings(secret) if form in text]


def every_file(*roots: Path) -> dict[str, str]:
    return {
        str(path): path.read_bytes().decode("utf-8", errors="replace")
        for root in roots
        for path in root.rglob("*")
        if path.is_file()
    }


NOT_WALKED = (".git", ".venv", "node_modules", "__pycache__", ".pytest_cache")


def written_in_the_working_tree_since(start: float) -> dict[str, str]:
    """Files of this checkout written since ``start``: not .git, the virtual environment, the npm
    packages of the browser tests (tests/*/node_modules: 50,000 files no kbpress code writes to, most
    of the walk's time) or compiled test modules (the test support module holds the fake values by design)."""
    written = {}
    for folder, subfolders, names in os.walk(REPO):
        subfolders[:] = [name for name in subfolders if name not in NOT_WALKED]
        for name in names:
            path = Path(folder) / name
            try:  # a test running in parallel may remove its own file between the listing and the read
                if path.stat().st_mtime >= start:
                    written[str(path)] = path.read_bytes().decode("utf-8", errors="replace")
            except FileNotFoundError:
                continue
    return written


ECHOES = [
    ("400 on a post", CREATE, problem(400, "Invalid Request: one or more parameters are invalid", title="Invalid Request")),
    ("401 on a post", CREATE, problem(401, "Unauthorized", title="Unauthorized")),
    ("403 on a post", CREATE, problem(403, "You are not permitted to perform this action.")),
    ("403 on a repost", RETWEET, problem(403, "Something unexpected.")),
    ("500 on a post", CREATE, Behaviour(status=500, body={"title": "Internal Server Error", "detail": "upstream"})),
    ("500 as an HTML page", CREATE, Behaviour(status=500, body={"detail": "gateway"}, html=True)),
    ("429 monthly usage cap", CREATE, problem(429, "Usage cap exceeded: Monthly product cap", title="UsageCapExceeded",
                                              type_name="usage-capped")),
]


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("name, endpoint, answer", ECHOES, ids=[echo[0] for echo in ECHOES])
def test_echoed_authorization_headers_leave_no_trace(project, fake_x, credentials, tmp_path, fmt, name, endpoint, answer):
    answer.echo = True
    fake_x.script(endpoint, answer)
    fake_x.always(TIMELINE, Behaviour(status=403, body={"title": "Forbidden", "detail": "no access"}, echo=True))
    tmpdir = tmp_path / "tmpdir"
    tmpdir.mkdir()
    env = {**child_env(fake_x, credentials), "TMPDIR": str(tmpdir)}
    summary = tmp_path / "summary.json"
    command = [sys.executable, str(CHILD), "--backoff", BACKOFF, "--", "--post", "--format", fmt,
               "--summary-file", str(summary),
               "-f", str(project.root / "mkdocs.yml")]

    start = time.time() - 1

    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, cwd=REPO)

    assert done.returncode in (1, 75), done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert any("oauth_consumer_key" in auth for auth in fake_x.authorizations)  # the echo had something to leak
    files = {**every_file(project.root, tmpdir, tmp_path), **written_in_the_working_tree_since(start)}
    assert str(project.ledger_path) in files and str(summary) in files
    for where, text in {"stdout": done.stdout, "stderr": done.stderr, **files}.items():
        assert not leaks(text), f"credential in {where}: {leaks(text)}"
    assert "<pre>" not in done.stdout + done.stderr + files[str(project.ledger_path)]  # bodies are never echoed
    if not answer.html:  # the echo reached a note (in the ledger, or on screen for a post left pending), redacted
        assert REDACTED in done.stdout + files[str(project.ledger_path)]


def test_the_redactor_covers_every_spelling_and_nothing_else():
    redactor = Redactor(FAKE_CREDENTIALS.values())
    for name, secret in FAKE_CREDENTIALS.items():
        for form in spellings(secret):
            assert redactor(f"x {form} y") == f"x {REDACTED} y", (name, form)
    assert redactor("42 件を投稿しました fake") == "42 件を投稿しました fake"


def test_a_secret_written_in_pieces_is_still_redacted():
    stream = io.StringIO()
    writer = RedactingWriter(stream, Redactor(FAKE_CREDENTIALS.values()))
    secret = FAKE_CREDENTIALS["X_API_KEY"]

    writer.write("key=" + secret[:5])
    writer.write(secret[5:] + "\nnext line")
    writer.flush()

    assert stream.getvalue() == f"key={REDACTED}\nnext line"


def test_the_secret_scan_names_file_line_and_variable_but_no_value(tmp_path, capsys):
    clean = tmp_path / "clean.jsonl"
    clean.write_text('{"note": "HTTP 403"}\n', encoding="utf-8")
    leaked = tmp_path / "leaked.jsonl"
    leaked.write_text('{"a": 1}\n{"note": "oauth_token=' + quote(FAKE_CREDENTIALS["X_ACCESS_TOKEN"]) + '"}\n', encoding="utf-8")

    assert secretscan_main([str(clean)], env=FAKE_CREDENTIALS) == 0
    assert secretscan_main([str(clean), str(leaked)], env=FAKE_CREDENTIALS) == 1

    err = capsys.readouterr().err
    assert f"{leaked}:2: X_ACCESS_TOKEN の値が含まれています" in err
    assert not leaks(err)


def test_the_workflow_commits_the_ledger_only_after_an_orderly_run_and_a_clean_scan():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    steps = {step.get("name"): step for step in workflow["jobs"]["publish"]["steps"]}

    assert "--summary-file" in steps["Post"]["run"] and "finished=true" in steps["Post"]["run"]
    assert "kbpress.social.secretscan social/ledger.jsonl" in steps["Check the ledger for credentials"]["run"]
    commit_if = steps["Commit the ledger"]["if"]
    assert "steps.post.outputs.finished == 'true'" in commit_if and "steps.scan.outcome == 'success'" in commit_if
    assert "steps.scan.outcome == 'success'" in steps["Keep a copy of the ledger"]["if"]
    assert "exit 1" in steps["Report a run that did not end in order"]["run"]


def test_the_secret_scan_runs_as_the_workflow_calls_it(tmp_path):
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text('{"note": "' + html.escape(FAKE_CREDENTIALS["X_ACCESS_TOKEN_SECRET"]) + '"}\n', encoding="utf-8")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("X_")}, **FAKE_CREDENTIALS}

    done = subprocess.run([sys.executable, "-m", "kbpress.social.secretscan", str(ledger)], env=env,
                          capture_output=True, text=True, timeout=60)

    assert done.returncode == 1 and f"{ledger}:1: X_ACCESS_TOKEN_SECRET の値が含まれています" in done.stderr
    assert not leaks(done.stdout + done.stderr)


class _Answer:
    """The parts of a requests.Response that problem_of reads."""

    def __init__(self, status: int, body):
        self.status_code, self.reason, self._body = status, "Forbidden", body

    def json(self):
        if isinstance(self._body, str):
            raise ValueError("not JSON")
        return self._body


@pytest.mark.parametrize(
    "body",
    [
        {"title": "Forbidden", "detail": 'Denied (Authorization: OAuth oauth_consumer_key="otherAppKey123", '
                                         'oauth_token="7-otherToken456", oauth_signature="c2lnbmF0dXJl%3D")'},
        {"errors": [{"message": "bad request oauth_consumer_key=otherAppKey123&oauth_token=7-otherToken456"}]},
        {"title": "Unauthorized", "detail": "token Bearer AAAAotherBearerToken789 is not valid"},
        {"title": "Forbidden", "detail": "refused", "request": {"headers": {"Authorization": "OAuth otherAppKey123"}}},
        "<html><pre>Authorization: OAuth oauth_consumer_key=otherAppKey123</pre></html>",
    ],
    ids=["detail quoting the header", "v1.1 message with parameters", "bearer token", "request object", "html page"],
)
def test_request_echoes_are_dropped_even_with_values_the_redactor_does_not_know(body):
    found = problem_of(_Answer(403, body), Redactor([]))

    shown = found.describe()
    for value in ("otherAppKey123", "7-otherToken456", "c2lnbmF0dXJl", "AAAAotherBearerToken789"):
        assert value not in shown, shown
    assert shown.startswith("HTTP 403")
