"""Credentials never appear in output, logs or files, even with DEBUG logging on."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
from urllib.parse import quote

from fake_x_api import CREATE, Behaviour
from kbpress.social.redact import REDACTED, redacted_logging
from socialsupport import FAKE_CREDENTIALS, publish
from test_social_crash import BACKOFF, CHILD, child_env


def spellings(secret: str) -> set[str]:
    """How a value can show up: as is, percent-encoded (OAuth header), or double-encoded (signature base)."""
    once = quote(secret, safe="~")
    return {secret, once, quote(secret, safe=""), quote(once, safe="~")}


def leaks(text: str) -> list[str]:
    return [
        f"{name} ({form!r})"
        for name, secret in FAKE_CREDENTIALS.items()
        for form in spellings(secret)
        if form in text
    ]


def test_debug_logging_of_a_real_run_shows_no_credentials(project, fake_x, credentials, tmp_path):
    # Error paths log too: X stores the post, then answers 500; the run finds it on the timeline.
    fake_x.script(CREATE, Behaviour(status=500, body={"title": "Internal Server Error"}, accept=True))
    log_file = tmp_path / "debug.log"
    command = [sys.executable, str(CHILD), "--debug-log", str(log_file), "--backoff", BACKOFF,
               "--", "--post", "-f", str(project.root / "mkdocs.yml")]

    done = subprocess.run(command, env=child_env(fake_x, credentials), capture_output=True, text=True, timeout=120)

    assert done.returncode == 0, done.stderr[-3000:]
    logged = log_file.read_text(encoding="utf-8")
    # The test means something only if the libraries really logged requests and signatures.
    assert "Making API request" in logged and "Signing request" in logged and "Updated headers" in logged
    assert REDACTED in logged
    written = {path: path.read_text(encoding="utf-8", errors="replace") for path in tmp_path.rglob("*") if path.is_file()}
    for where, text in {"stdout": done.stdout, "stderr": done.stderr, **{str(p): t for p, t in written.items()}}.items():
        assert not leaks(text), f"credential in {where}: {leaks(text)}"
    posted = [tweet["_original_text"] for tweet in fake_x.tweets if tweet["_original_text"]]
    assert len(posted) == len(set(posted)) == 3 and fake_x.retweeted == {"1790000000000000002"}


def test_missing_credentials_are_named_but_values_never_shown(project):
    partial = {"X_API_KEY": FAKE_CREDENTIALS["X_API_KEY"], "X_ACCESS_TOKEN": FAKE_CREDENTIALS["X_ACCESS_TOKEN"]}

    run = publish(project, post=True, env=partial)

    assert run.code == 1
    assert "X_API_SECRET" in run.err and "X_ACCESS_TOKEN_SECRET" in run.err
    assert not leaks(run.out + run.err)
    assert not project.ledger_path.exists() or project.ledger() == []


def test_malformed_access_token_is_reported_without_its_value(project):
    env = {**FAKE_CREDENTIALS, "X_ACCESS_TOKEN": "not-a-user-token-value"}

    run = publish(project, post=True, env=env)

    assert run.code == 1
    assert "X_ACCESS_TOKEN の形式" in run.err and "not-a-user-token-value" not in run.err


def test_redaction_covers_child_loggers_handlers_added_later_and_exceptions():
    stream = io.StringIO()
    secret = FAKE_CREDENTIALS["X_API_SECRET"]
    with redacted_logging(FAKE_CREDENTIALS.values()):
        handler = logging.StreamHandler(stream)  # added after redaction started
        logger = logging.getLogger("oauthlib.oauth1.rfc5849.deep.child")
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        try:
            logger.debug("base string with %s and %s", quote(secret, safe="~"), FAKE_CREDENTIALS["X_API_KEY"])
            try:
                raise ValueError(f"token {FAKE_CREDENTIALS['X_ACCESS_TOKEN']}")
            except ValueError:
                logger.exception("failed")
        finally:
            logger.removeHandler(handler)
    text = stream.getvalue()
    assert text.count(REDACTED) >= 3
    assert not leaks(text)


def test_redaction_ends_with_the_run():
    before = logging.getLogRecordFactory()
    with redacted_logging(["s3cr3t-value"]):
        assert logging.getLogRecordFactory() is not before
    assert logging.getLogRecordFactory() is before
