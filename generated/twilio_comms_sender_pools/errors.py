"""The exceptions this package raises."""

from typing import Any


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class ApiError(Exception):
    """The API answered with an error status where a helper (`sync_all`, `sync_wait`, …) needed a result.

    Attributes:
        status_code: The HTTP status.
        content: The raw response body.
        error: The parsed error body (the spec's `Error` model), or None when the status is not
            one the spec documents for the operation.
        code: `error.code` when present (Twilio's error code, for example 20404).
        message: `error.message` when present, else the start of the raw body.
    """

    def __init__(self, status_code: int, content: bytes, error: Any = None):
        self.status_code = status_code
        self.content = content
        self.error = error
        self.code: int | None = getattr(error, "code", None)
        self.message: str = getattr(error, "message", None) or content[:500].decode(errors="replace")
        detail = f" (code {self.code})" if self.code is not None else ""
        super().__init__(f"HTTP {status_code}{detail}: {self.message}")


class OperationTimeout(TimeoutError):
    """An Operation did not reach a terminal status within the time allowed.

    Attributes:
        operation: The Operation as last read, still in progress.
        timeout: The seconds that were allowed.
    """

    def __init__(self, operation: Any, timeout: float):
        self.operation = operation
        self.timeout = timeout
        status = getattr(operation, "status", "?")
        super().__init__(
            f"Operation {getattr(operation, 'id', '?')} is still {status} after {timeout:g} s; "
            "wait again, or raise the timeout"
        )


class MissingCredentials(Exception):
    """No usable credentials in the environment; the message names the variables to set."""


__all__ = ["ApiError", "MissingCredentials", "OperationTimeout", "UnexpectedStatus"]
