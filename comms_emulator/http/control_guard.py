"""Who may use the control plane (/_emulator/), and what a control body may be.

The control plane resets state and injects faults, so it must not be reachable by another host
or by a web page the developer happens to visit:

- `Host` must name this emulator (a loopback name or address, the bind address, or the public
  URL's host): a DNS-rebinding page reaches 127.0.0.1 under its own name, and is refused here.
- State-changing calls must be `Content-Type: application/json`: a browser sends that
  cross-origin only after a CORS preflight, which the emulator never grants, so a page cannot
  forge a "simple" `text/plain` POST.
- With a control token (required off loopback), every call sends `Authorization: Bearer`.
- Bodies are size-limited, read within the body timeout, parsed as strictly as the API's
  (`strict_json`: no NaN, Infinity, lone surrogates or deep nesting), and validated against
  `control_schemas.json`.
"""

from __future__ import annotations

import asyncio
import hmac
import json
from collections.abc import Iterable
from importlib import resources
from itertools import islice
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from starlette.requests import ClientDisconnect, Request

from comms_emulator.http import strict_json
from comms_emulator.http.body_limit import declared_over
from comms_emulator.http.dispatch import OFF_LOOP_BODY_BYTES
from comms_emulator.http.errors import ApiError, Problem, bad_request

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON = "application/json"
_WILDCARDS = frozenset({"", "0.0.0.0", "::"})


def _schemas() -> dict[str, Draft202012Validator]:
    # Imported on the first control call that has a body: a launch does not pay for it.
    from jsonschema import Draft202012Validator

    text = resources.files(__package__).joinpath("control_schemas.json").read_text("utf-8")
    return {
        name: Draft202012Validator(schema)
        for name, schema in json.loads(text).items()
        if not name.startswith("$")
    }


def host_name(value: str) -> str | None:
    """The host part of a Host header or URL authority, lower-cased, without port/brackets."""
    try:
        return urlsplit(f"//{value}").hostname
    except ValueError:
        return None


class ControlGuard:
    def __init__(
        self,
        *,
        token: str | None,
        hosts: Iterable[str],
        max_body_bytes: int,
        body_timeout: float,
    ) -> None:
        self._token = token.encode() if token else None
        self._hosts = LOOPBACK_HOSTS | {h.lower() for h in hosts if h not in _WILDCARDS}
        self._limit = max_body_bytes
        self._timeout = body_timeout
        self._validators: dict[str, Draft202012Validator] | None = None

    async def admit(self, request: Request, schema: str | None) -> dict[str, Any] | None:
        """The call's validated body (None when it has none), or an ApiError refusing it."""
        host = host_name(request.headers.get("host", ""))
        # The local address the connection arrived on is this server too (a DNS-rebinding
        # page names its own domain, never the address it was rebound to).
        local = request.scope.get("server") or ("",)
        if host not in self._hosts and host != str(local[0]).lower():
            raise ApiError(403, "Forbidden: the Host header does not name this emulator")
        if self._token is not None:
            scheme, _, given = request.headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(
                given.strip().encode("latin-1", "replace"), self._token
            ):
                raise ApiError(
                    401,
                    "The control plane needs Authorization: Bearer <control token>",
                    headers={"WWW-Authenticate": 'Bearer realm="comms-emulator control plane"'},
                )
        if request.method not in STATE_CHANGING:
            return None
        media = request.headers.get("content-type", "").partition(";")[0].strip().lower()
        if media != JSON:
            raise ApiError(
                415, "Control calls that change state need Content-Type: application/json"
            )
        raw = await self._read(request)
        if len(raw) > OFF_LOOP_BODY_BYTES:
            # Off the event loop, as the API's large bodies: checking 10,000 senders against
            # the schema took ~0.15 s, and every other client waited that long per call.
            return await asyncio.to_thread(self._decode, raw, schema)
        return self._decode(raw, schema)

    def _decode(self, raw: bytes, schema: str | None) -> dict[str, Any]:
        """The body parsed and checked against its control schema, or an ApiError."""
        if not raw.strip():
            body: Any = {}
        else:
            try:
                body = strict_json.loads(raw)  # the API's rules: no NaN, surrogates, deep nests
            except strict_json.MalformedJson as error:
                raise bad_request(f"malformed JSON: {str(error)[:200]}") from None
        if self._validators is None:
            self._validators = _schemas()
        validator = self._validators.get(schema or "")
        if validator is not None:
            problems = [
                Problem(error.message[:200], "body" + "".join(f"/{p}" for p in error.path))
                for error in islice(validator.iter_errors(body), 10)  # not every problem
            ]
            if problems:
                where = problems[0].location
                raise bad_request(
                    f"Invalid control request body: {where}: {problems[0].message}", problems
                )
        elif body != {}:
            raise bad_request("this control call takes no body")
        return dict(body) if isinstance(body, dict) else {}

    async def _read(self, request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared is not None and declared_over(declared.encode("latin-1"), self._limit):
            # At once, not once the limit's worth has arrived (`body_limit`).
            raise ApiError(413, f"Control body larger than {self._limit} bytes")
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self._timeout):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > self._limit:
                        raise ApiError(413, f"Control body larger than {self._limit} bytes")
                    chunks.append(chunk)
        except TimeoutError:
            raise ApiError(408, "Request body not received in time") from None
        except ClientDisconnect:
            raise bad_request("the request body was cut off") from None
        return b"".join(chunks)
