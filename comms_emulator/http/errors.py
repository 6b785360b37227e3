"""The one error shape (the spec's `CommsError` schema) and the codes the emulator uses.

Twilio documents no Comms error body, so this follows the spec's inferred `CommsError` schema; the
code for each status is the schema's `x-code-by-status` (read through the contract), so the
shape and the codes change in the spec alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from comms_emulator.models.errors import (
    InvalidPageToken,
    LimitReached,
    PoolTextLimitReached,
    ResourceNotFound,
    SendRejected,
)
from comms_spec import clip

MORE_INFO = "https://www.twilio.com/docs/api/errors/{code}"
# An error body stays small whatever the request was: each message and location is clipped
# (they may quote the client's input) and at most MAX_DETAILS problems are listed.
MAX_MESSAGE = 500
MAX_DETAILS = 20


@dataclass
class Problem:
    message: str
    location: str | None = None

    def as_dict(self) -> dict[str, str]:
        shown = {"message": clip(self.message, MAX_MESSAGE)}
        if self.location:
            shown["location"] = clip(self.location)
        return shown


@dataclass
class ApiError(Exception):
    status: int
    message: str
    details: list[Problem] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


class ErrorBodies:
    """Renders error bodies with the spec's code for each status (status x 100 if it has none)."""

    def __init__(self, codes: Mapping[int, int]) -> None:
        self._codes = dict(codes)

    def body(
        self, status: int, message: str, details: list[Problem] | None = None
    ) -> dict[str, Any]:
        code = self._codes.get(status, status * 100)
        body: dict[str, Any] = {
            "code": code,
            "message": clip(message, MAX_MESSAGE),
            "status": status,
            "moreInfo": MORE_INFO.format(code=code),
        }
        if details:
            shown = [d.as_dict() for d in details[:MAX_DETAILS]]
            if len(details) > MAX_DETAILS:
                shown.append({"message": f"and {len(details) - MAX_DETAILS} more problems"})
            body["details"] = shown
        return body

    def of(self, error: ApiError) -> dict[str, Any]:
        return self.body(error.status, error.message, error.details)


def detached(error: ApiError) -> ApiError:
    """A copy of `error` with only what an answer shows, for keeping: a raised error holds its
    traceback, whose frames hold the whole request (a rejected 2 MiB body, and its parse ten
    times that), and its messages may quote a client's input unclipped."""
    details = [
        Problem(clip(p.message, MAX_MESSAGE), p.location and clip(p.location))
        for p in error.details[: MAX_DETAILS + 1]
    ]
    return ApiError(error.status, clip(error.message, MAX_MESSAGE), details, dict(error.headers))


def bad_request(message: str, details: list[Problem] | None = None) -> ApiError:
    return ApiError(400, message, details or [])


def _send_rejected(error: SendRejected) -> ApiError:
    return bad_request(str(error), [Problem(str(error), error.location)])


# What each domain error (comms_emulator.models.errors) is over HTTP: the one place the domain's
# refusals become statuses. A new domain error gets its row here.
DOMAIN_ERRORS: dict[type[Exception], Callable[[Any], ApiError]] = {
    ResourceNotFound: lambda error: ApiError(404, str(error)),
    SendRejected: _send_rejected,
    InvalidPageToken: lambda error: bad_request(f"Invalid pageToken: {error}"),
    # A valid request that the account's state refuses: room made, the same request passes.
    LimitReached: lambda error: ApiError(409, str(error)),
    PoolTextLimitReached: lambda error: bad_request(str(error)),
}
DomainError = (ResourceNotFound, SendRejected, InvalidPageToken, LimitReached, PoolTextLimitReached)


def from_domain(error: Exception) -> ApiError:
    """The HTTP answer for a domain error (one of `DomainError`)."""
    return DOMAIN_ERRORS[type(error)](error)
