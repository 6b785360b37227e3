"""Credentials never reach output: every text the suite writes passes through here (the
reports as they are written, and the runner's stdout and stderr as they are printed).

Each credential is recognised raw, URL-encoded, and as the Basic-auth value of every pair of
the run's credentials (account SID and token, API key and secret, in either order): padded,
unpadded, with its padding or `+`/`/` URL-encoded, and in the URL-safe alphabet."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterable
from typing import TextIO
from urllib.parse import quote

REDACTED = "[REDACTED]"
MIN_SECRET = 4  # shorter values would redact ordinary text
_AUTH_HEADER = re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(basic|bearer)\s+[^\s'\",}]+")


def _spellings(value: str) -> set[str]:
    """`value` as it may be printed: raw, and URL-encoded (upper- and lower-case escapes)."""
    encoded = quote(value, safe="")
    lower = re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), encoded)
    return {value, encoded, lower}


def _basic_forms(user: str, password: str) -> set[str]:
    standard = base64.b64encode(f"{user}:{password}".encode()).decode()
    urlsafe = base64.urlsafe_b64encode(f"{user}:{password}".encode()).decode()
    forms: set[str] = set()
    for encoded in (standard, urlsafe):
        for padded in (encoded, encoded.rstrip("=")):
            forms |= _spellings(padded)
    return forms


class Redactor:
    def __init__(self, secrets: Iterable[str]) -> None:
        raw = {s for s in secrets if s and len(s) >= MIN_SECRET}
        values: set[str] = set()
        for secret in raw:
            values |= _spellings(secret)
        for user in raw:
            for password in raw:
                values |= _basic_forms(user, password)
        self._values = sorted(values, key=len, reverse=True)

    def redact(self, text: str) -> str:
        text = _AUTH_HEADER.sub(lambda m: f"{m.group(1)}{m.group(2)} {REDACTED}", text)
        for value in self._values:
            text = text.replace(value, REDACTED)
        return text


class RedactingStream(io.TextIOBase):
    """A text stream that redacts what passes through it, a line at a time (a credential split
    across two writes of one line is still recognised). `close` writes what is left."""

    def __init__(self, stream: TextIO, redactor: Redactor) -> None:
        super().__init__()
        self._stream = stream
        self._redactor = redactor
        self._pending = ""

    def write(self, text: str) -> int:
        self._pending += text
        if "\n" in self._pending:
            done, _, self._pending = self._pending.rpartition("\n")
            self._stream.write(self._redactor.redact(done + "\n"))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        if self._pending:
            self._stream.write(self._redactor.redact(self._pending))
            self._pending = ""
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", "utf-8")

    def writable(self) -> bool:
        return True
