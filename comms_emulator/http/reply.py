"""A handler's answer (`Reply`), and the ASGI messages that send it as JSON.

Most answers are built per request. A rendered pool or list page that is answered again and
again while it is unchanged (`render_cache.py`) keeps one `Reply` whose messages are built
once: sending it then builds nothing. Such a Reply, and its messages, are shared by every
request that is answered with it, so nothing may change a Reply once made (nothing does: a
variance is applied to a copy, an `Expect` answer copies the start message it adds to).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from comms_emulator.http.json_response import encode_json

# The headers of an answer that has none of its own: one read-only mapping, not a dict made per
# answer (most answers have none).
NO_HEADERS: Mapping[str, str] = MappingProxyType({})

# An answer's ASGI messages: its start (status and headers), then its whole body.
Messages = tuple[dict[str, Any], dict[str, Any]]

_JSON_TYPE = (b"content-type", b"application/json")


class Reply:
    """A handler's answer. (Not a dataclass: it refuses a shared default, `NO_HEADERS`.)"""

    __slots__ = ("body", "encoded", "headers", "messages", "status")

    def __init__(
        self,
        status: int,
        body: Any,
        headers: Mapping[str, str] = NO_HEADERS,  # read-only: one mapping may answer many
        encoded: bytes | None = None,  # `body`, already encoded (from reused encodings)
    ) -> None:
        self.status = status
        self.body = body
        self.headers = headers
        self.encoded = encoded
        self.messages: Messages | None = None  # built once, for a Reply answered many times

    @classmethod
    def reused(cls, body: Any, encoded: bytes | None) -> Reply:
        """A 200 answered to every request for the same unchanged rendering: its messages are
        built now, once (without an encoding, the body is encoded when sent, as any other)."""
        reply = cls(200, body, encoded=encoded)
        if encoded is not None:
            reply.messages = json_messages(200, body, NO_HEADERS, encoded)
        return reply

    def __repr__(self) -> str:
        return f"Reply({self.status}, {self.body!r}, {dict(self.headers)!r})"


def json_messages(
    status: int, body: Any, headers: Mapping[str, str], encoded: bytes | None
) -> Messages:
    """The ASGI messages of a JSON answer: its start, then its whole body."""
    payload = encode_json(body) if encoded is None else encoded
    raw_headers = [_JSON_TYPE, (b"content-length", b"%d" % len(payload))]
    if headers:  # most answers have none: no comprehension to run
        raw_headers += [
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()
        ]
    start = {"type": "http.response.start", "status": status, "headers": raw_headers}
    return start, {"type": "http.response.body", "body": payload}
