"""The exceptions this package raises."""

import json
from collections.abc import Mapping
from typing import Any

from .models.comms_error import CommsError

# Response headers that name the request, as the server logs it; the first one present is
# `ApiError.request_id`.
REQUEST_ID_HEADERS = ("Twilio-Request-Id", "X-Request-Id", "Request-Id", "X-Amzn-Trace-Id")


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


def parse_error(content: bytes) -> CommsError | None:
    """The `CommsError` in `content`, or None when it is not JSON or not an object of that shape."""
    try:
        data = json.loads(content)
        return CommsError.from_dict(data) if isinstance(data, dict) else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


class ApiError(Exception):
    """The API answered with an error status (or a body this client cannot read) where a result
    was needed: raised by the raising calls (`call`, `acall`) and the helpers (`sync_all`,
    `sync_wait`, …). Whatever the body was (JSON, partial JSON, HTML, nothing) nothing is lost.

    Attributes:
        status_code: The HTTP status.
        headers: The response headers (case-insensitive); `retry_after` and `request_id` are read
            from them.
        content: The raw response body.
        error: The body parsed as the spec's `CommsError`, or None when it is not one.
        code: `error.code` when present (Twilio's error code, for example 20404).
        message: `error.message` when present, else the start of the raw body.
        retry_after: The `Retry-After` header as sent, or None.
        request_id: The first of REQUEST_ID_HEADERS present, or None.
    """

    def __init__(
        self,
        status_code: int,
        content: bytes,
        error: CommsError | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        reason: str | None = None,
    ):
        self.status_code = status_code
        self.content = content
        self.error = error
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.retry_after: str | None = self.headers.get("Retry-After")
        self.request_id: str | None = next(
            (self.headers[name] for name in REQUEST_ID_HEADERS if name in self.headers), None
        )
        code = getattr(error, "code", None)
        self.code: int | None = code if isinstance(code, int) else None
        message = getattr(error, "message", None)
        self.message: str = message if isinstance(message, str) and message else content[:500].decode(errors="replace")
        detail = f" (code {self.code})" if self.code is not None else ""
        request = f" [request {self.request_id}]" if self.request_id else ""
        super().__init__(f"HTTP {status_code}{detail}: {reason or self.message}{request}")


class UnreadableResponse(ApiError):
    """A success status whose body does not have the shape the spec documents (not JSON, or a
    documented field missing). `content` and `headers` hold what came; `__cause__` says why."""


class PaginationLoop(ApiError):
    """The server handed back a page token it had already given in this iteration; following it
    would never end. `token` is the repeated token."""

    def __init__(self, status_code: int, content: bytes, token: str, headers: Mapping[str, str] | None = None):
        self.token = token
        super().__init__(
            status_code,
            content,
            headers=headers,
            reason=f"the server repeated the page token {token!r}; stopping instead of looping forever",
        )


class OperationTimeout(TimeoutError):
    """An Operation did not reach a terminal status within the time allowed.

    Attributes:
        operation: The Operation as last read (None when no poll succeeded in time).
        status: Its status as last read: a known status, a value this client does not know (kept
            as a plain string), or None.
        timeout: The seconds that were allowed.
    """

    def __init__(self, operation: Any, timeout: float, reason: str | None = None):
        self.operation = operation
        self.timeout = timeout
        self.status: str | None = None if operation is None else str(getattr(operation, "status", None))
        because = f" ({reason})" if reason else ""
        if operation is None:
            what = f"no Operation could be read within {timeout:g} s{because}"
        else:
            what = f"Operation {getattr(operation, 'id', '')} is still {self.status} after {timeout:g} s{because}"
        super().__init__(f"{what}; wait again, or raise the timeout")


class OperationCanceled(Exception):
    """An Operation waited for so that what it made could be found ended CANCELED instead of
    COMPLETED (`sync_wait_and_find`): it made nothing to find, so no list is read.

    Attributes:
        operation: The Operation as read, with its final status and stats.
    """

    def __init__(self, operation: Any):
        self.operation = operation
        super().__init__(f"Operation {getattr(operation, 'id', '')} ended CANCELED: it made nothing to find")


class NotListed(TimeoutError):
    """A list filtered by an Operation's ID still showed nothing when the time allowed ran out
    (`sync_find`, or `sync_wait_and_find` once the Operation completed): lists may lag writes,
    and this one had not caught up.

    Attributes:
        operation_id: The Operation whose results were looked for.
        timeout: The seconds that were allowed.
    """

    def __init__(self, operation_id: str, timeout: float):
        self.operation_id = operation_id
        self.timeout = timeout
        super().__init__(
            f"nothing listed for Operation {operation_id} within {timeout:g} s; look again, or raise the timeout"
        )


class MissingCredentials(Exception):
    """No usable credentials in the environment; the message names the variables to set."""


__all__ = [
    "ApiError",
    "MissingCredentials",
    "NotListed",
    "OperationCanceled",
    "OperationTimeout",
    "PaginationLoop",
    "UnexpectedStatus",
    "UnreadableResponse",
    "parse_error",
]
