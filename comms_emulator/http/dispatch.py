"""The public API's request pipeline, built from the contract:

    route (the contract's router) -> method declared? (405) -> injected fault (429/503)
    -> variance rule picked (an error page answers here) -> auth (401) -> validation (400)
    -> handler under the account lock (404 on unknown IDs) -> self-check against the spec
    -> the variance applied (and self-checked as deliberate) -> journal -> JSON response

It works on the raw ASGI scope: this is the hot path, and Starlette's Request, Response and
linear route scan cost more than everything the emulator itself does per request. It runs in
front of Starlette (`EmulatorApp`), which serves only the other paths (/openapi.json, the
control plane); an unhandled error here is answered as Starlette would (a 500 in the error
shape) and re-raised, so the server logs it and in-process tests see it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qsl, unquote

from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send

from comms_emulator.http.auth import CredentialCache
from comms_emulator.http.body_limit import body_too_large, declared_over
from comms_emulator.http.errors import (
    ApiError,
    DomainError,
    ErrorBodies,
    Problem,
    bad_request,
    from_domain,
)
from comms_emulator.http.handlers import HANDLERS, Handler, Reply
from comms_emulator.http.handlers._call import ListShape, new_call
from comms_emulator.http.journal import RequestJournal
from comms_emulator.http.json_response import encode_json
from comms_emulator.http.origin import PublicOrigin
from comms_emulator.http.render_cache import PoolRenders
from comms_emulator.http.reply import json_messages
from comms_emulator.http.self_check import ResponseChecker
from comms_emulator.http.validation import RequestValidator, ValidRequest
from comms_emulator.http.variance import VarianceApplier, Varied, check_deliberate
from comms_emulator.models.faults import FaultRule
from comms_emulator.models.listing import unknown_filters
from comms_emulator.models.rules import RULE_KEY_HEADER
from comms_emulator.models.variance import ERROR_BODY_KINDS, VarianceRule
from comms_emulator.models.world import World
from comms_spec import Contract, Route, SpecOperation


@dataclass(frozen=True)
class _Bound:
    """An operation ready to serve: its validator, its handler and, for a list, its shape."""

    operation: SpecOperation
    validator: RequestValidator
    handler: Handler
    listing: ListShape | None
    has_body: bool  # the operation declares a request body (read once, not per request)


_MATCHED_LIMIT = 4096
# Only paths this long are kept in the match cache: an API path is under 200 characters, and a
# junk ID in a path that still routes (up to the 8 KiB target limit) must not make the cache
# hold 4,096 of them (32 MiB and more).
_MATCHED_PATH_LIMIT = 512
# A body larger than this is parsed and validated off the event loop (`_validate`): checking
# the largest body the spec allows (10,000 recipients) takes about a second of pure Python,
# which on the loop every other client would wait for. Below it, the check takes at most a few
# milliseconds, less than the hop to a thread would cost.
OFF_LOOP_BODY_BYTES = 16 * 1024
# A request picks the fault and variance rules of its key (rules.py); a bytes name, as ASGI has it.
_RULE_KEY = RULE_KEY_HEADER.lower().encode("ascii")


class BodyTimeout(Exception):
    """The client did not send its whole body within the body timeout."""


class Api:
    def __init__(
        self,
        contract: Contract,
        world: World,
        errors: ErrorBodies,
        *,
        self_check: bool,
        max_body_bytes: int,
        origin: PublicOrigin,
        body_timeout: float,
        journal: RequestJournal | None = None,
    ) -> None:
        self.world = world
        # Off (size 0) unless given: the composition root sizes it (--journal-size).
        self.journal = journal or RequestJournal(0, world.clock)
        self._contract = contract
        self.variance_applier = VarianceApplier(contract)
        self.errors = errors
        self.max_body_bytes = max_body_bytes
        self.body_timeout = body_timeout
        self._credentials = CredentialCache(world)
        self._known_sids = self._credentials.known  # read on the hot path without a call
        self._renders = PoolRenders()
        # One thread: large bodies are checked one at a time, so however many a client sends,
        # the event loop keeps its share of the interpreter for everyone else's requests.
        self._validating = ThreadPoolExecutor(1, thread_name_prefix="comms-emulator-validate")
        missing = contract.op_ids - set(HANDLERS)
        if missing:
            raise RuntimeError(f"no handler for operations in the spec: {sorted(missing)}")
        self.checker = ResponseChecker(contract) if self_check else None
        self._router = contract.router
        self._versions = frozenset(contract.api_versions)
        self._origin = origin
        self._bound: dict[str, _Bound] = {}
        self._matched: dict[str, tuple[str, Route]] = {}
        for op in contract.operations:
            listing = ListShape.of(contract, op)
            unknown = unknown_filters(listing.filters) if listing else []
            if unknown:
                raise RuntimeError(f"no list filter for {op.op_id} parameters {unknown}")
            self._bound[op.op_id] = _Bound(
                op, RequestValidator(contract, op), HANDLERS[op.op_id], listing, op.has_body
            )

    def match(self, path: str) -> tuple[str, Route] | None:
        """(version, route) for a path under one of the spec's API versions."""
        matched = self._matched.get(path)
        if matched is not None:
            return matched
        matched = self._match(path)
        if matched is not None and len(path) <= _MATCHED_PATH_LIMIT:
            # A client fetches the same paths again and again. Bounded (cleared when full, and
            # paths of API length only), and only matches are kept, so junk cannot grow it.
            if len(self._matched) >= _MATCHED_LIMIT:
                self._matched.clear()
            self._matched[path] = matched
        return matched

    def match_raw(self, raw_path: bytes) -> tuple[str, Route] | None:
        """`match` for a path with percent-escapes: routed as sent, each segment decoded only
        once it is a parameter, so an escaped `/` (`%2F`) is part of an ID (which then fails
        its pattern), never a separator."""
        matched = self._match(raw_path.decode("latin-1"))
        if matched is None:
            return None
        version, route = matched
        params = {name: unquote(value) for name, value in route.params.items()}
        return version, replace(route, params=params)

    def _match(self, path: str) -> tuple[str, Route] | None:
        version, slash, rest = path[1:].partition("/")
        if not slash or version not in self._versions or not path.startswith("/"):
            return None
        route = self._router.route("/" + rest)
        return None if route is None else (version, route)

    async def serve(
        self, scope: Scope, receive: Receive, send: Send, version: str, route: Route
    ) -> None:
        headers = dict(scope["headers"])
        method = scope["method"]
        operation = route.methods.get(method)
        journal = self.journal
        if operation is None and method == "HEAD":
            operation = route.methods.get("GET")  # the server sends the head of the answer
        if operation is None:
            body = self.errors.body(405, f"Method {method[:32]} is not allowed here")
            await _send_json(send, 405, body, {"Allow": _allow(route)})
            journal.record(scope, b"", None, None, 405)
            return
        bound = self._bound[operation.op_id]
        faults = self.world.faults
        raw = b""
        account_sid: str | None = None
        error: ApiError | None = None
        rule: VarianceRule | None = None
        injected = False
        at_ms: int | None = None  # when the handler ran (else the journal reads the clock)
        try:
            try:
                if faults.latency_s:
                    await asyncio.sleep(faults.latency_s)
                # Before authentication: a busy API throttles anonymous probes too.
                variance = self.world.variance
                if faults.rules or variance.rules:  # rules are rare: asked for only if held
                    key = _header(headers, _RULE_KEY)
                    fault = faults.pick(operation.op_id, key)
                    if fault is not None:
                        injected = True
                        raise _injected(fault)
                    rule = variance.pick(operation.op_id, key)
                    if rule is not None and rule.kind in ERROR_BODY_KINDS:
                        # What a proxy in front of the API answers: nothing reaches the handler.
                        raise _ErrorPage
                if len(headers) != len(scope["headers"]):  # a field given twice (rare)
                    _check_repeats(scope["headers"])
                authorization = headers.get(b"authorization")
                # Credentials seen before are known without a call; others are checked (`sid`).
                account_sid = self._known_sids.get(authorization) or self._credentials.sid(
                    authorization
                )
                if bound.has_body:
                    raw = await self._read_body(receive, headers.get(b"content-length"))
                    content_type = _header(headers, b"content-type")
                else:
                    content_type = None  # read only with a body
                query_string = scope["query_string"]
                query = _query(query_string) if query_string else ()
                if len(raw) > OFF_LOOP_BODY_BYTES:
                    valid = await asyncio.get_running_loop().run_in_executor(
                        self._validating,
                        bound.validator.validate,
                        route.params,
                        query,
                        content_type,
                        raw,
                    )
                else:
                    valid = bound.validator.validate(route.params, query, content_type, raw)
                reply, at_ms = self._reply(account_sid, valid, scope, version, bound)
            except _BodyCutOff:
                return  # nothing was applied, and nobody is left to answer
            except _ErrorPage:
                reply = Reply(0, None)
            except ApiError as failed:
                # Kept to the end of this request (the journal keeps a detached copy): without
                # its traceback, whose frames hold the request's parsed body.
                error = failed.with_traceback(None)
                reply = Reply(failed.status, self.errors.of(failed), failed.headers)
            except BodyTimeout:
                # Not an answer of the API (the spec declares no 408): the connection is given
                # up, so this goes out without the self-check, and closes it.
                limit = f"{self.body_timeout:g} s"
                body = self.errors.body(408, f"Request body not received within {limit}")
                await _send_json(send, 408, body, {"Connection": "close"})
                journal.record(scope, raw, operation.op_id, account_sid, 408)
                return
            if self.checker is not None and reply.status:
                self.checker.check(operation.op_id, reply.status, reply.body, reply.headers)
                self.checker.check_encoding(operation.op_id, reply.body, reply.encoded)
            varied = None
            if rule is not None and error is None:
                varied = self.variance_applier.vary(rule, operation.op_id, reply)
                if varied is not None and self.checker is not None:
                    check_deliberate(self._contract, operation.op_id, varied)
        except Exception as bug:  # nothing was sent yet: a 500 in the error shape, then raise
            message = f"Internal emulator error: {type(bug).__name__}"
            await _send_json(send, 500, self.errors.body(500, message), {})
            raise
        op_id = operation.op_id
        if varied is not None:
            assert rule is not None
            journal.record(
                scope, raw, op_id, account_sid, varied.reply.status, None, False, rule.kind
            )
            if varied.raw is not None:
                await _send_raw(send, varied, varied.raw)
                return
            reply = varied.reply
        elif rule is not None and rule.kind in ("stall", "drop") and error is None:
            journal.record(scope, raw, op_id, account_sid, reply.status, None, False, rule.kind)
            if rule.kind == "drop":
                await _drop(send, reply)
                return
            await _stall(receive, rule.stall_seconds)
        else:
            journal.record(
                scope, raw, op_id, account_sid, reply.status, error, injected, None, at_ms
            )
        messages = reply.messages  # built once for a reused Reply (a rendering answered again)
        if messages is None:
            messages = json_messages(reply.status, reply.body, reply.headers, reply.encoded)
        await send(messages[0])  # not through `_send_json`: one coroutine less on the hot path
        await send(messages[1])

    def _reply(
        self, sid: str, valid: ValidRequest, scope: Scope, version: str, bound: _Bound
    ) -> tuple[Reply, int]:
        """The handler's answer, under the account's lock, after the work that is due; and the
        time it was made at.

        The account is looked up here, after the body has arrived, and again once its lock is
        held: a reset or an inventory change (which replaces the account under its lock) that
        came while the request was on its way is then behind it, so what the request is
        answered with is what the account now holds (never a 202 for work thrown away)."""
        world = self.world
        try:
            while True:
                account = world.account(sid)
                # acquire/release, not `with`: in 3.11 the statement's lookups of `__enter__`
                # and `__exit__` cost about as much as the rest of this method's set-up.
                lock = account.work.lock
                lock.acquire()
                try:
                    if world.account(sid) is not account:
                        continue  # replaced while this request waited for the lock
                    at_ms = account.settle_held(world.progression)
                    renders = self._renders
                    if renders.generation != world.generation:
                        renders.follow(world.generation)
                    call = new_call(
                        world, account, valid, self._origin, scope, version, bound.listing, renders
                    )
                    return bound.handler(call), at_ms
                finally:
                    lock.release()
        except DomainError as refused:
            raise from_domain(refused) from None

    async def _read_body(self, receive: Receive, declared: bytes | None) -> bytes:
        """The body, or a 400 that closes the connection once it is known to pass the limit:
        at once for a `Content-Length` above it, else when the bytes read pass it. The rest of
        such a body is not waited for (a client declaring 3 MiB and sending nothing was
        answered only by the body timeout) and never applied; the client sees the 400, then
        the close (`body_limit`). A body that ends before its framing says (the client
        disconnected, or the server rejected a malformed chunk) raises `_BodyCutOff`: a
        truncated body must never be applied. The whole body must arrive within the body
        timeout (BodyTimeout), so a stalled upload cannot hold a connection."""
        limit = self.max_body_bytes
        if declared is not None and declared_over(declared, limit):
            raise body_too_large(limit, declared)
        try:
            async with asyncio.timeout(self.body_timeout):
                return await self._read_whole_body(receive)
        except TimeoutError:
            raise BodyTimeout from None

    async def _read_whole_body(self, receive: Receive) -> bytes:
        limit = self.max_body_bytes
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _BodyCutOff
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise body_too_large(limit)
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks)


class _ErrorPage(Exception):
    """A variance rule answers this request with an error page instead of the API."""


async def _stall(receive: Receive, seconds: float) -> None:
    """Hold the answer back `seconds`, or until the client gives up and disconnects (the body
    was read already, so the next message is the disconnect)."""

    async def disconnected() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(disconnected(), seconds)


# uvicorn logs an error for every answer an app leaves incomplete; for a drop asked for, that
# line is noise. The flag is set in the request's own context, which uvicorn's log call shares.
_DROPPING: ContextVar[bool] = ContextVar("comms_emulator_dropping", default=False)


class _DeliberateDrop(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not _DROPPING.get()


logging.getLogger("uvicorn.error").addFilter(_DeliberateDrop())


async def _drop(send: Send, reply: Reply) -> None:
    """Start the answer, send half its body, and end there: the server closes the connection
    on an answer shorter than its Content-Length (the request itself was served)."""
    _DROPPING.set(True)
    payload = encode_json(reply.body) if reply.encoded is None else reply.encoded
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": reply.status, "headers": raw_headers})
    await send(
        {"type": "http.response.body", "body": payload[: len(payload) // 2], "more_body": True}
    )


async def _send_raw(send: Send, varied: Varied, payload: bytes) -> None:
    headers = [
        (b"content-type", varied.media_type.encode("latin-1")),
        (b"content-length", str(len(payload)).encode()),
    ]
    headers += [
        (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in varied.reply.headers.items()
    ]
    await send({"type": "http.response.start", "status": varied.reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


class _BodyCutOff(Exception):
    """The request body ended early; the request is dropped unapplied."""


# Fields that hold one value: given twice, a request has no single meaning (the emulator reads
# the last, a proxy in front of it may read the first), so it is refused.
_SINGLE_VALUED = (b"authorization", b"content-type", _RULE_KEY)


def _check_repeats(raw_headers: list[tuple[bytes, bytes]]) -> None:
    names = [name for name, _ in raw_headers]
    for name in _SINGLE_VALUED:
        if names.count(name) > 1:
            shown = name.decode("latin-1").title()
            raise bad_request(
                f"Invalid request: header {shown} given more than once",
                [
                    Problem(
                        "given more than once: a request must have a single meaning",
                        f"header.{shown}",
                    )
                ],
            )


def _allow(route: Route) -> str:
    methods = set(route.methods)
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


def _query(raw: bytes) -> list[tuple[str, str]]:
    if not raw:
        return []
    text = raw.decode("latin-1")
    if "%" in text or "+" in text:
        return parse_qsl(text, keep_blank_values=True)
    # Nothing to unquote (`pageSize=50`, the common case): what parse_qsl gives, without it.
    return [(name, value) for name, _, value in (p.partition("=") for p in text.split("&") if p)]


def _injected(fault: FaultRule) -> ApiError:
    message = "Too many requests" if fault.status == 429 else "Service unavailable (injected fault)"
    return ApiError(fault.status, message, headers={"Retry-After": str(fault.retry_after)})


def _header(headers: dict[bytes, bytes], name: bytes) -> str | None:
    value = headers.get(name)
    return None if value is None else value.decode("latin-1")


async def _send_json(
    send: Send, status: int, body: Any, headers: Mapping[str, str], encoded: bytes | None = None
) -> None:
    start, whole = json_messages(status, body, headers, encoded)
    await send(start)
    await send(whole)


class EmulatorApp(Starlette):
    """Starlette for /openapi.json and the control plane, with the public API served in front
    of it: the API's requests skip Starlette's middleware and router (a third of the
    emulator's own time per request)."""

    api: Api

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw_path = scope.get("raw_path")
            api = self.api
            # `37 in` (the byte value of "%"), not `b"%" in`: a bytes needle takes the buffer
            # protocol and a general search, twenty times the cost of this test on every request.
            if raw_path is not None and 37 in raw_path:
                matched = api.match_raw(raw_path)
            else:
                matched = api.match(scope["path"])
            if matched is not None:
                # Not `*matched`: a call with an unpacked tuple leaves the interpreter's fast
                # path for calls (a tenth of the emulator's own work per request, measured).
                await api.serve(scope, receive, send, matched[0], matched[1])
                return
        await super().__call__(scope, receive, send)
