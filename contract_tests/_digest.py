"""A digest of the run's exchange sequence: what it sent, in order, and the status it got.

Two runs with the same seed against the built-in emulator send the same requests, but some
values in them are chosen by the clock or by the target, not by the run: resource IDs (a ULID
carries its millisecond), page tokens, timestamps the tests compute from "now", and the run's
own tag. Those are replaced by placeholders before hashing: an ID by its order of first
appearance (`<id:3>`), so "the same pool again" still differs from "another pool". A request
sent again at once with the same answer (a list re-read while the run waits out a window, a
retry) counts once: how many polls fit in a window is the clock's choice, not the run's.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Mapping
from typing import Any

# The spec's resource IDs: a `comms_<kind>_` prefix and a 26-character lowercase ULID.
_ID = re.compile(r"\bcomms_[a-z]+_[0-9a-hjkmnp-tv-z]{26,34}\b")
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?")
_OPAQUE_QUERY = frozenset({"pageToken"})


class ExchangeDigest:
    def __init__(self, run_id: str = "") -> None:
        self.run_id = run_id
        self.count = 0
        self._hash = hashlib.sha256()
        self._ids: dict[str, str] = {}
        self._last = ""
        self._lock = threading.Lock()

    def add(
        self, method: str, api_path: str, query: Mapping[str, Any] | None, body: Any, status: int
    ) -> None:
        path, _, inline = api_path.partition("?")
        params = dict(query or {})
        if inline:
            params.update(p.partition("=")[::2] for p in inline.split("&") if p)
        for name in _OPAQUE_QUERY & set(params):
            params[name] = "<opaque>"
        text = json.dumps(
            [method.upper(), path, sorted((k, str(v)) for k, v in params.items()), body, status],
            sort_keys=True,
            default=_not_json,
        )
        with self._lock:
            step = self._normalise(text)
            if step == self._last:
                return
            self._last = step
            self._hash.update(step.encode())
            self._hash.update(b"\n")
            self.count += 1

    def _normalise(self, text: str) -> str:
        if self.run_id:
            text = text.replace(self.run_id, "<run>")
        text = _TIMESTAMP.sub("<time>", text)
        return _ID.sub(self._placeholder, text)

    def _placeholder(self, match: re.Match[str]) -> str:
        return self._ids.setdefault(match[0], f"<id:{len(self._ids) + 1}>")

    def hexdigest(self) -> str:
        with self._lock:
            return self._hash.hexdigest()

    def summary(self) -> dict[str, Any]:
        return {"exchanges": self.count, "sha256": self.hexdigest()}


def _not_json(value: object) -> str:
    """A value JSON has no form for (Schemathesis' "no body" marker): its type, never its
    repr, which carries a memory address."""
    return f"<{type(value).__name__}>"
