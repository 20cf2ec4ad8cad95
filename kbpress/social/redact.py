"""Keeping credentials out of logs.

At DEBUG level tweepy logs request headers and requests-oauthlib logs the
signed ``Authorization`` header (consumer key, access token). Filters on
individual loggers miss records that propagate from child loggers or go
to handlers added later, so the redaction sits in the log record factory:
every record created anywhere while publishing has the secret values
(raw and percent-encoded) replaced before any handler sees it.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterable, Iterator
from urllib.parse import quote

REDACTED = "[REDACTED]"
_MIN_SECRET_LENGTH = 4  # shorter values would redact ordinary words


def secret_forms(secrets: Iterable[str]) -> list[str]:
    """Every spelling of the secrets that may end up in a log line, longest first."""
    forms = set()
    for secret in secrets:
        if secret and len(secret) >= _MIN_SECRET_LENGTH:
            forms.update({secret, quote(secret, safe=""), quote(secret, safe="~"), quote(quote(secret, safe="~"), safe="~")})
    return sorted(forms, key=len, reverse=True)


def redact(text: str, forms: list[str]) -> str:
    for form in forms:
        text = text.replace(form, REDACTED)
    return text


@contextmanager
def redacted_logging(secrets: Iterable[str]) -> Iterator[None]:
    """While active, no log record carries any of ``secrets``."""
    forms = secret_forms(secrets)
    previous_factory = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous_factory(*args, **kwargs)
        return _redact_record(record, forms)

    logging.setLogRecordFactory(factory)
    try:
        yield
    finally:
        logging.setLogRecordFactory(previous_factory)


def _redact_record(record: logging.LogRecord, forms: list[str]) -> logging.LogRecord:
    if not forms:
        return record
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: keep the raw parts only
        message = f"{record.msg} {record.args}"
    cleaned = redact(message, forms)
    if cleaned != message or record.args:
        record.msg, record.args = cleaned, None
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info), forms)
        record.exc_info = None
    if record.stack_info:
        record.stack_info = redact(record.stack_info, forms)
    return record
