"""Keeping credentials out of everything that leaves the process.

One :class:`Redactor` is built from the four credential values when
posting starts, and every outgoing string passes through it: printed text
and JSON (through :class:`RedactingWriter`), ledger lines, messages of
exceptions, log records. It knows each spelling in which a value can
travel: as is, percent-encoded the ways OAuth 1.0a and form bodies encode
it (once and twice, either hex case), JSON- and HTML-escaped, and the
secret part of an access token without its user-id prefix.

At DEBUG level tweepy logs request headers and requests-oauthlib logs the
signed ``Authorization`` header. Filters on individual loggers miss
records that propagate from child loggers or go to handlers added later,
so for logs the redaction sits in the log record factory.
"""

from __future__ import annotations

import base64
import html
import json
import logging
import re
from contextlib import contextmanager
from typing import Iterable, Iterator, TextIO
from urllib.parse import quote, quote_plus

REDACTED = "[REDACTED]"
_MIN_SECRET_LENGTH = 4  # shorter values would redact ordinary words
_MIN_PART_LENGTH = 8  # the secret part of "42-abcdef...": long enough to be unmistakable


def secret_forms(secrets: Iterable[str]) -> list[str]:
    """Every spelling of the secrets that may end up in a string, longest first."""
    values = [secret for secret in secrets if secret and len(secret) >= _MIN_SECRET_LENGTH]
    forms: set[str] = set()
    for value in values + _token_parts(values):
        once = quote(value, safe="~")
        forms.update({value, once, quote(value, safe=""), quote(value), quote(once, safe="~")})
        forms.update({quote_plus(value), quote_plus(value, safe="~")})
        forms.update({json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]})
        forms.update({html.escape(value), html.escape(value, quote=False)})
    if len(values) >= 2:  # an HTTP Basic header made from key and secret (app-only tokens)
        pair = f"{quote(values[0], safe='~')}:{quote(values[1], safe='~')}".encode()
        forms.add(base64.b64encode(pair).decode())
    return sorted(forms, key=len, reverse=True)


def _token_parts(values: list[str]) -> list[str]:
    """The part after the user id of an access token ("42-<secret part>")."""
    parts = []
    for value in values:
        prefix, dash, rest = value.partition("-")
        if dash and prefix.isdigit() and len(rest) >= _MIN_PART_LENGTH:
            parts.append(rest)
    return parts


class Redactor:
    """``redactor(text)``: ``text`` with every spelling of every secret replaced by ``[REDACTED]``."""

    def __init__(self, secrets: Iterable[str] = ()):
        self.forms = secret_forms(secrets)
        alternatives = "|".join(re.escape(form) for form in self.forms)
        # Percent-encoding may come back in lower-case hex: match without regard to case.
        self._pattern = re.compile(alternatives, re.IGNORECASE) if alternatives else None

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(REDACTED, text)

    def found(self, text: str) -> bool:
        return self._pattern is not None and self._pattern.search(text) is not None


def redact(text: str, forms: list[str]) -> str:
    """Redact with precomputed forms (kept for callers holding a list of forms)."""
    for form in forms:
        text = text.replace(form, REDACTED)
    return text


class RedactingWriter:
    """A text stream that redacts whole lines before passing them on.

    Lines are held until complete, so a secret written in two pieces is still
    seen whole.
    """

    def __init__(self, stream: TextIO, redactor: Redactor):
        self.stream = stream
        self.redactor = redactor
        self._partial = ""

    def write(self, text: str) -> int:
        self._partial += text
        if "\n" in self._partial:
            complete, _newline, self._partial = self._partial.rpartition("\n")
            self.stream.write(self.redactor(complete + "\n"))
        return len(text)

    def flush(self) -> None:
        if self._partial:
            self.stream.write(self.redactor(self._partial))
            self._partial = ""
        self.stream.flush()


@contextmanager
def redacted_logging(secrets: Iterable[str] | Redactor) -> Iterator[None]:
    """While active, no log record carries any of ``secrets``."""
    redactor = secrets if isinstance(secrets, Redactor) else Redactor(secrets)
    previous_factory = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous_factory(*args, **kwargs)
        return _redact_record(record, redactor)

    logging.setLogRecordFactory(factory)
    try:
        yield
    finally:
        logging.setLogRecordFactory(previous_factory)


def _redact_record(record: logging.LogRecord, redactor: Redactor) -> logging.LogRecord:
    if not redactor.forms:
        return record
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: keep the raw parts only
        message = f"{record.msg} {record.args}"
    cleaned = redactor(message)
    if cleaned != message or record.args:
        record.msg, record.args = cleaned, None
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = redactor(logging.Formatter().formatException(record.exc_info))
        record.exc_info = None
    if record.stack_info:
        record.stack_info = redactor(record.stack_info)
    return record
