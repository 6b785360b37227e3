"""The request body limit, refused as soon as it is known to be passed.

A body over the limit is answered at once, with `Connection: close`, and the rest of it is never
read: by its `Content-Length` before any of it arrives, or (chunked) when the bytes read pass
the limit. Waiting for the rest held the connection until the body timeout (a client that
declared 3 MiB and sent nothing was answered 408 after 5 s) or until gigabytes were read and
thrown away. A client still writing sees the answer and then the connection close; the body is
never applied.
"""

from __future__ import annotations

from comms_emulator.http.errors import ApiError, Problem, bad_request

# Longer than this (leading zeros aside), a Content-Length is over any limit an int holds.
_DIGITS = 18


def declared_over(declared: bytes, limit: int) -> bool:
    """Whether a `Content-Length` (digits, as the server's parser admitted it) passes `limit`.
    Read without int() on the whole value: it may have thousands of digits."""
    digits = declared.strip().lstrip(b"0")
    if not digits.isdigit():
        return False  # an empty body (all zeros), or a value the parser would have refused
    return len(digits) > _DIGITS or int(digits) > limit


def body_too_large(limit: int, declared: bytes | None = None) -> ApiError:
    """The API's refusal of a body over the limit (400, as the spec declares), closing the
    connection: the rest of the body is not read. `declared`: its Content-Length, if that
    told (else the bytes read passed the limit)."""
    size = f"more than {limit}" if declared is None else declared.decode("ascii")
    error = bad_request(
        f"Invalid request body: {size} bytes, over the limit of {limit}",
        [Problem(f"the body is larger than {limit} bytes", "body")],
    )
    error.headers["Connection"] = "close"
    return error
