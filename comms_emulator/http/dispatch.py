"""Routes built from the spec, and the pipeline every API request goes through:

match path -> method declared? (405) -> auth (401) -> injected fault (429/503)
-> validation (400) -> handler under the account lock (404 on unknown IDs)
-> self-check against the spec -> JSON response
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from comms_emulator.http.auth import authenticate
from comms_emulator.http.errors import ApiError, Problem, bad_request
from comms_emulator.http.handlers import HANDLERS, Call, Handler
from comms_emulator.http.json_response import error_response, json_response
from comms_emulator.http.self_check import ResponseChecker
from comms_emulator.http.validation import RequestValidator
from comms_emulator.models.account import ResourceNotFound
from comms_emulator.models.world import World
from comms_spec import Operation, iter_operations

API_VERSIONS = ("v1", "preview")


@dataclass(frozen=True)
class _Bound:
    """An operation ready to serve: its validator and its handler."""

    operation: Operation
    validator: RequestValidator
    handler: Handler
    has_body: bool


class Api:
    def __init__(
        self, spec: dict[str, Any], world: World, *, self_check: bool, max_body_bytes: int
    ) -> None:
        self.world = world
        self.max_body_bytes = max_body_bytes
        operations = list(iter_operations(spec))
        missing = {op.operation_id for op in operations} - set(HANDLERS)
        if missing:
            raise RuntimeError(f"no handler for operations in the spec: {sorted(missing)}")
        self.checker = ResponseChecker(spec, operations) if self_check else None
        self._paths: dict[str, dict[str, _Bound]] = {}
        for op in operations:
            self._paths.setdefault(op.path, {})[op.method.upper()] = _Bound(
                op,
                RequestValidator(spec, op),
                HANDLERS[op.operation_id],
                "requestBody" in op.node,
            )

    def routes(self) -> list[Route]:
        # Literal segments before parameters, so /SenderPools/Operations never reaches
        # /SenderPools/{senderPoolId}.
        ordered = sorted(self._paths, key=lambda p: [(s.startswith("{"), s) for s in p.split("/")])
        return [
            Route(f"/{version}{path}", _PathEndpoint(self, version, self._paths[path]))
            for version in API_VERSIONS
            for path in ordered
        ]

    async def serve(self, request: Request, version: str, bound: _Bound) -> Response:
        operation_id = bound.operation.operation_id
        try:
            reply = await self._reply(request, version, bound)
            status, body, headers = reply.status, reply.body, reply.headers
        except ApiError as error:
            status, body, headers = error.status, error.body(), error.headers
        if self.checker is not None:
            self.checker.check(operation_id, status, body, headers)
        return json_response(status, body, headers)

    async def _reply(self, request: Request, version: str, bound: _Bound) -> Any:
        account = authenticate(self.world, request.headers.get("authorization"))
        fault = self.world.faults.pick(bound.operation.operation_id)
        if fault is not None:
            raise ApiError(
                fault.status,
                "Too many requests"
                if fault.status == 429
                else "Service unavailable (injected fault)",
                headers={"Retry-After": str(fault.retry_after)},
            )
        raw = await self._read_body(request) if bound.has_body else b""
        valid = bound.validator.validate(
            request.path_params,
            request.query_params.multi_items(),
            request.headers.get("content-type"),
            raw,
        )
        api_base = f"{request.url.scheme}://{request.url.netloc}/{version}"
        call = Call(self.world, account, valid, api_base)
        try:
            with account.lock:
                account.settle(self.world.progression)
                return bound.handler(call)
        except ResourceNotFound as missing:
            raise ApiError(404, str(missing)) from None

    async def _read_body(self, request: Request) -> bytes:
        """The body, or a 400 once it passes the limit. An oversized body is still read to
        its end (and discarded): a client that is still writing when the answer comes would
        otherwise block on a full socket and never read the 400."""
        limit = self.max_body_bytes
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size <= limit:
                chunks.append(chunk)
        if size > limit:
            raise bad_request(
                f"Invalid request body: {size} bytes is more than the limit of {limit}",
                [Problem(f"the body is larger than {limit} bytes", "body")],
            )
        return b"".join(chunks)


class _PathEndpoint:
    """An ASGI app for one path: dispatches on method, 405 with `Allow` for the rest."""

    def __init__(self, api: Api, version: str, methods: dict[str, _Bound]) -> None:
        self.api = api
        self.version = version
        self.methods = methods
        self.allow = ", ".join(sorted(methods))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        bound = self.methods.get(request.method)
        if bound is None:
            response = error_response(
                405, f"Method {request.method} is not allowed here", headers={"Allow": self.allow}
            )
        else:
            response = await self.api.serve(request, self.version, bound)
        await response(scope, receive, send)
