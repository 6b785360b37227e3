"""The one error shape (the spec's `Error` schema) and the codes the emulator uses.

Twilio documents no Comms error body, so this follows the spec's inferred `Error` schema; change
the codes or shape here and in the spec together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ERROR_CODES = {
    400: 20400,
    401: 20003,
    404: 20404,
    405: 20405,
    409: 20409,
    429: 20429,
    500: 20500,
    503: 20503,
}
MORE_INFO = "https://www.twilio.com/docs/api/errors/{code}"


@dataclass
class Problem:
    message: str
    location: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {"message": self.message, **({"location": self.location} if self.location else {})}


@dataclass
class ApiError(Exception):
    status: int
    message: str
    details: list[Problem] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return error_body(self.status, self.message, self.details)


def error_body(status: int, message: str, details: list[Problem] | None = None) -> dict[str, Any]:
    code = ERROR_CODES.get(status, status * 100)
    body: dict[str, Any] = {
        "code": code,
        "message": message,
        "status": status,
        "moreInfo": MORE_INFO.format(code=code),
    }
    if details:
        body["details"] = [d.as_dict() for d in details]
    return body


def bad_request(message: str, details: list[Problem] | None = None) -> ApiError:
    return ApiError(400, message, details or [])
