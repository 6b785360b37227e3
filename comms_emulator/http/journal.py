"""The request journal: what the public API received, for clients' own tests to inspect.

`GET /_emulator/requests` (see `control_journal.py`) lists the requests kept, newest last;
`DELETE` clears them. Each entry: sequence number, time, method, path, query, headers (with
credentials redacted), body, the spec operation it matched, the account it authenticated as,
the status answered, the error code and the request's spec violations (a 400's details) if any,
and the fault or response variance the emulator applied on purpose.

It is a ring buffer (`capacity` entries, the oldest dropped first; 0 turns it off), and cheap
on the hot path: recording keeps references to what the request already holds (the ASGI
header list, path and query, the body bytes, the error raised) in one tuple; decoding, redaction and
rendering happen only when the journal is read.
"""

from __future__ import annotations

import base64
import binascii
import itertools
from collections import deque
from collections.abc import Iterable, MutableMapping
from typing import Any, NamedTuple
from urllib.parse import parse_qsl

from comms_emulator.http import strict_json
from comms_emulator.http.errors import ApiError, detached
from comms_emulator.models.clock import Clock, to_rfc3339

REDACTED = "[REDACTED]"
# A kept body is cut here: a ring of 2 MiB bodies would be gigabytes.
MAX_BODY_KEPT = 16 * 1024
# Header values that are credentials whatever they hold.
_CUT = b"\x00...(cut)"  # marks a kept body that was longer (no JSON body holds a NUL)
_SECRET_HEADERS = frozenset({b"authorization", b"proxy-authorization", b"cookie"})


class _Entry(NamedTuple):
    """One request as recorded: references only (a tuple is the cheapest record to build)."""

    seq: int
    time_ms: int
    method: str
    path: str
    query: bytes
    headers: list[tuple[bytes, bytes]]  # the ASGI scope's own list
    body: bytes
    op_id: str | None
    account: str | None
    status: int
    error: ApiError | None
    fault: bool
    variance: str | None


class RequestJournal:
    """The ring of recorded requests. Thread-safe: the server's loop records while a test's
    thread (the pytest harness) reads."""

    def __init__(self, capacity: int, clock: Clock, secrets: Iterable[str] = ()) -> None:
        if capacity < 0:
            raise ValueError("the journal size must be >= 0")
        self.capacity = capacity
        # Appends and clears of a deque are atomic: recording takes no lock (the server's
        # loop is the only writer); a reader copies it, again if an append raced the copy.
        self._entries: deque[tuple[Any, ...]] = deque(maxlen=capacity or 1)
        self._counter = itertools.count(1)
        self._append = self._entries.append
        self._now = clock.now_ms
        # Every credential secret the emulator knows: wherever one appears (a query, a body, a
        # header a client misnamed) it is shown redacted.
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def record(
        self,
        scope: MutableMapping[str, Any],
        body: bytes,
        op_id: str | None,
        account: str | None,
        status: int,
        error: ApiError | None = None,
        fault: bool = False,
        variance: str | None = None,
        at_ms: int | None = None,
    ) -> None:
        """Keep one request (positional arguments on the hot path: cheaper to pass), made at
        `at_ms` (when the handler settled the account: the clock is not read twice), or now."""
        if not self.capacity:
            return
        if len(body) > MAX_BODY_KEPT:
            body = body[:MAX_BODY_KEPT] + _CUT
        if error is not None:
            error = detached(error)  # not the raised one: its traceback holds the request
        # A plain tuple (the fields of `_Entry`), half the cost of building the named one; and
        # not the scope itself, which would keep a dozen objects per request alive for the
        # garbage collector to walk.
        self._append(
            (next(self._counter), self._now() if at_ms is None else at_ms, scope["method"],
             scope["path"],
             scope["query_string"], scope["headers"], body, op_id, account, status, error,
             fault, variance)
        )  # fmt: skip

    def clear(self) -> None:
        self._counter = itertools.count(1)
        self._entries.clear()

    def _kept(self) -> list[_Entry]:
        while True:
            try:
                return [_Entry._make(fields) for fields in list(self._entries)]
            except RuntimeError:  # "deque mutated during iteration": copy again
                continue

    def entries(
        self,
        *,
        op_id: str | None = None,
        since_ms: int | None = None,
        account: str | None = None,
    ) -> list[dict[str, Any]]:
        """The kept requests that match every filter given, oldest first, as JSON."""
        kept = self._kept()
        return [
            self._render(e)
            for e in kept
            if (op_id is None or e.op_id == op_id)
            and (since_ms is None or e.time_ms >= since_ms)
            and (account is None or e.account == account)
        ]

    def summary(self) -> dict[str, int]:
        kept = self._kept()
        recorded = kept[-1].seq if kept else 0
        return {"capacity": self.capacity, "recorded": recorded, "dropped": recorded - len(kept)}

    def _render(self, entry: _Entry) -> dict[str, Any]:
        headers: dict[str, str] = {}
        credential: dict[str, str] | None = None
        for raw_name, raw_value in entry.headers:
            name = raw_name.decode("latin-1").lower()
            value = raw_value.decode("latin-1")
            if raw_name.lower() in _SECRET_HEADERS:
                if raw_name.lower() == b"authorization":
                    credential = _credential(value)
                scheme, space, _ = value.partition(" ")
                value = f"{scheme} {REDACTED}" if space else REDACTED
            headers[name] = self._redact(value)
        rendered: dict[str, Any] = {
            "seq": entry.seq,
            "time": to_rfc3339(entry.time_ms),
            "method": entry.method,
            "path": entry.path,
            "query": [
                [self._redact(k), self._redact(v)]
                for k, v in parse_qsl(entry.query.decode("latin-1"), keep_blank_values=True)
            ],
            "headers": headers,
            "credential": credential,
            "body": self._body(entry),
            "operationId": entry.op_id,
            "account": entry.account,
            "status": entry.status,
        }
        if entry.body.endswith(_CUT):
            rendered["bodyTruncated"] = True
        if entry.error is not None:
            rendered["error"] = self._redact(entry.error.message)
            rendered["violations"] = [
                {k: self._redact(v) for k, v in p.as_dict().items()} for p in entry.error.details
            ]
        if entry.fault:
            rendered["fault"] = entry.status
        if entry.variance is not None:
            rendered["variance"] = entry.variance
        return rendered

    def _body(self, entry: _Entry) -> Any:
        if not entry.body:
            return None
        if not entry.body.endswith(_CUT):
            try:
                # The API's parser, not json's: `json` takes an escaped lone surrogate, which
                # the journal's own answer could then not encode (a 500 on every read).
                return _redact_json(strict_json.loads(entry.body), self._redact)
            except strict_json.MalformedJson:
                pass
        return self._redact(entry.body.decode("utf-8", "replace"))

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text


def _credential(value: str) -> dict[str, str]:
    """What an Authorization header says about who is calling, the secret left out: the scheme
    and, for Basic, the username (an Account SID or API key SID, an identifier)."""
    scheme, _, token = value.partition(" ")
    shown = {"scheme": scheme}
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            shown["username"] = "(not base64 of username:password)"
        else:
            user, colon, _ = decoded.partition(":")
            shown["username"] = user if colon else "(no colon: not username:password)"
    return shown


def _redact_json(value: Any, redact: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redact_json(v, redact) for v in value]
    if isinstance(value, dict):
        return {redact(k): _redact_json(v, redact) for k, v in value.items()}
    return value
