"""The public API's request pipeline, built from the spec:

    match path (segment trie) -> method declared? (405) -> auth (401)
    -> injected fault (429/503) -> validation (400) -> handler under the account lock
    (404 on unknown IDs) -> self-check against the spec -> JSON response

It works on the raw ASGI scope: this is the hot path, and Starlette's Request, Response and
linear route scan cost more than everything the emulator itself does per request. It runs as
a middleware, so unhandled errors still reach Starlette's 500 handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from comms_emulator.http.auth import authenticate
from comms_emulator.http.errors import ApiError, Problem, bad_request, error_body
from comms_emulator.http.handlers import HANDLERS, Call, Handler, Reply
from comms_emulator.http.json_response import encode_json
from comms_emulator.http.self_check import ResponseChecker
from comms_emulator.http.validation import RequestValidator
from comms_emulator.models.errors import ResourceNotFound
from comms_emulator.models.messaging import SendRejected
from comms_emulator.models.world import World
from comms_spec import SpecOperation, iter_operations

API_VERSIONS = ("v1", "preview")


@dataclass(frozen=True)
class _Bound:
    """An operation ready to serve: its validator and its handler."""

    operation: SpecOperation
    validator: RequestValidator
    handler: Handler
    has_body: bool


@dataclass
class _Node:
    literals: dict[str, _Node]
    param: tuple[str, _Node] | None = None
    methods: dict[str, _Bound] | None = None
    allow: str = ""


@dataclass(frozen=True)
class _Request:
    path: dict[str, str]
    headers: dict[bytes, bytes]
    query: list[tuple[str, str]]
    api_base: str


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
        self._root = _Node({})
        for op in operations:
            node = self._node_for(op.path)
            node.methods = node.methods or {}
            node.methods[op.method.upper()] = _Bound(
                op,
                RequestValidator(spec, op),
                HANDLERS[op.operation_id],
                "requestBody" in op.node,
            )
            node.allow = ", ".join(sorted(node.methods))

    def _node_for(self, path: str) -> _Node:
        node = self._root
        for segment in path.strip("/").split("/"):
            if segment.startswith("{"):
                if node.param is None:
                    node.param = (segment[1:-1], _Node({}))
                node = node.param[1]
            else:
                node = node.literals.setdefault(segment, _Node({}))
        return node

    def match(self, path: str) -> tuple[str, _Node, dict[str, str]] | None:
        """(version, node, path parameters), literal segments winning over parameters, so
        /SenderPools/Operations never reaches /SenderPools/{senderPoolId}."""
        segments = path.split("/")
        if len(segments) < 3 or segments[0] or segments[1] not in API_VERSIONS:
            return None
        node, params = self._root, {}
        for segment in segments[2:]:
            child = node.literals.get(segment)
            if child is None and node.param is not None and segment:
                name, child = node.param
                params[name] = segment
            if child is None:
                return None
            node = child
        return (segments[1], node, params) if node.methods else None

    async def serve(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        version: str,
        node: _Node,
        params: dict[str, str],
    ) -> None:
        headers = dict(scope["headers"])
        method = scope["method"]
        assert node.methods is not None
        bound = node.methods.get(method)
        if bound is None:
            status, body = 405, error_body(405, f"Method {method} is not allowed here")
            await _send_json(send, status, body, {"Allow": node.allow})
            return
        host = headers.get(b"host", b"").decode("latin-1") or "localhost"
        request = _Request(
            params,
            headers,
            parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True),
            f"{scope.get('scheme', 'http')}://{host}/{version}",
        )
        try:
            reply = await self._reply(request, receive, bound)
        except ApiError as error:
            reply = Reply(error.status, error.body(), error.headers)
        if self.checker is not None:
            self.checker.check(
                bound.operation.operation_id, reply.status, reply.body, reply.headers
            )
        await _send_json(send, reply.status, reply.body, reply.headers)

    async def _reply(self, request: _Request, receive: Receive, bound: _Bound) -> Reply:
        account = authenticate(self.world, _header(request, b"authorization"))
        fault = self.world.faults.pick(bound.operation.operation_id)
        if fault is not None:
            raise ApiError(
                fault.status,
                "Too many requests"
                if fault.status == 429
                else "Service unavailable (injected fault)",
                headers={"Retry-After": str(fault.retry_after)},
            )
        raw = await self._read_body(receive) if bound.has_body else b""
        valid = bound.validator.validate(
            request.path, request.query, _header(request, b"content-type"), raw
        )
        call = Call(self.world, account, valid, request.api_base)
        try:
            with account.lock:
                account.settle(self.world.progression)
                return bound.handler(call)
        except ResourceNotFound as missing:
            raise ApiError(404, str(missing)) from None
        except SendRejected as rejected:
            raise bad_request(str(rejected), [Problem(str(rejected), rejected.location)]) from None

    async def _read_body(self, receive: Receive) -> bytes:
        """The body, or a 400 once it passes the limit. An oversized body is still read to
        its end (and discarded): a client that is still writing when the answer comes would
        otherwise block on a full socket and never read the 400."""
        limit = self.max_body_bytes
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size <= limit:
                chunks.append(chunk)
            more = message.get("more_body", False)
        if size > limit:
            raise bad_request(
                f"Invalid request body: {size} bytes is more than the limit of {limit}",
                [Problem(f"the body is larger than {limit} bytes", "body")],
            )
        return b"".join(chunks)


def _header(request: _Request, name: bytes) -> str | None:
    value = request.headers.get(name)
    return None if value is None else value.decode("latin-1")


async def _send_json(send: Send, status: int, body: Any, headers: dict[str, str]) -> None:
    payload = encode_json(body)
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    raw_headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": payload})


class ApiMiddleware:
    """Serves the public API; every other path goes on to the Starlette router."""

    def __init__(self, app: ASGIApp, api: Api) -> None:
        self.app = app
        self.api = api

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            matched = self.api.match(scope["path"])
            if matched is not None:
                await self.api.serve(scope, receive, send, *matched)
                return
        await self.app(scope, receive, send)
