"""The control plane's routes for clients' own tests: the request journal, response variance,
and the consistency mode (guarded like the rest of /_emulator/, `control_guard.py`).

GET    /_emulator/requests      ?operationId=&since=RFC3339&account=SID -> what the API received,
                                newest last (credentials redacted; `journal.py`)
DELETE /_emulator/requests      forget them
GET    /_emulator/variance      active response variance rules
POST   /_emulator/variance      {"kind", "operationId"?, "count"|"rate", "field"?, "status"?,
                                 "seconds"?} (`models/variance.py`)
DELETE /_emulator/variance      remove every variance rule
GET    /_emulator/consistency   the consistency mode
PUT    /_emulator/consistency   {"consistency": "strong|eventual:S"}: every account starts afresh
                                under it (lists lag writes from then on)
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from comms_emulator.http.control_guard import ControlGuard
from comms_emulator.http.errors import ApiError, ErrorBodies, bad_request
from comms_emulator.http.journal import RequestJournal
from comms_emulator.http.json_response import encode_json, json_response
from comms_emulator.http.variance import VarianceApplier
from comms_emulator.models.consistency import Consistency
from comms_emulator.models.rules import RuleBookFull
from comms_emulator.models.variance import VarianceRule
from comms_emulator.models.world import World
from comms_spec import parse_rfc3339_ms

Body = dict[str, Any]
JOURNAL_FILTERS = frozenset({"operationId", "since", "account"})


def journal_routes(
    world: World,
    journal: RequestJournal,
    applier: VarianceApplier,
    errors: ErrorBodies,
    guard: ControlGuard,
) -> list[Route]:
    render_one_at_a_time = asyncio.Lock()

    def guarded(
        func: Callable[[Request, Body], Awaitable[Any]], **schemas: str
    ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            try:
                body = await guard.admit(request, schemas.get(request.method))
                answer = await func(request, body or {})
                if isinstance(answer, Response):  # encoded already
                    return answer
                return json_response(200, answer)
            except ApiError as error:
                return json_response(error.status, errors.of(error), dict(error.headers))

        return endpoint

    async def requests(request: Request, _: Body) -> dict[str, Any] | Response:
        if request.method == "DELETE":
            journal.clear()
            return {"requests": [], **journal.summary()}
        query = request.query_params
        unknown = sorted(set(query) - JOURNAL_FILTERS)
        if unknown:
            raise bad_request(f"unknown journal filter {unknown[0]!r} (known: {_known()})")
        since = query.get("since")
        try:
            since_ms = None if since is None else parse_rfc3339_ms(since)
        except ValueError:
            raise bad_request(f"since must be an RFC 3339 date-time, got {since!r}") from None
        op_id, account = query.get("operationId"), query.get("account")

        def answer() -> bytes:
            entries = journal.entries(op_id=op_id, since_ms=since_ms, account=account)
            return encode_json({"requests": entries, **journal.summary()})

        # Off the event loop: a full journal (1,000 requests of 16 KiB heads and bodies) is
        # ~32 MB of JSON, ~0.2 s to render, and every other client waited that long per GET.
        # One render at a time: each holds ~150 MB while it runs and all share the interpreter,
        # so eight readers at once took the process from 0.2 to 0.65 GB and another client's
        # fetch from 1 ms to 100-300 ms; queued, they cost what one does, in turn.
        async with render_one_at_a_time:
            rendered = await asyncio.to_thread(answer)
        return Response(rendered, media_type="application/json")

    async def variance(request: Request, body: Body) -> dict[str, Any]:
        if request.method == "DELETE":
            world.variance.clear()
        elif request.method == "POST":
            count = body.get("count")
            try:
                rule = VarianceRule(
                    kind=body["kind"],
                    op_id=body.get("operationId"),
                    count=None if count is None else int(count),
                    rate=body.get("rate"),
                    field=body.get("field"),
                    status=body.get("status"),
                    seconds=body.get("seconds"),
                    key=body.get("key"),
                )
                applier.check(rule)
                world.variance.add(rule)
            except RuleBookFull as error:  # valid, and accepted once rules are removed
                raise ApiError(409, str(error)) from None
            except (ValueError, TypeError) as error:
                raise bad_request(f"invalid variance rule: {error}") from None
        return {"variance": [rule.as_dict() for rule in world.variance.rules]}

    async def consistency(request: Request, body: Body) -> dict[str, Any]:
        if request.method == "PUT":
            try:
                chosen = Consistency.parse(body["consistency"])
            except ValueError as error:
                raise bad_request(str(error)) from None
            world.consistency = chosen
            world.reset()
        return {"consistency": str(world.consistency)}

    get, put, post, delete = "GET", "PUT", "POST", "DELETE"
    return [
        Route("/_emulator/requests", guarded(requests), methods=[get, delete]),
        Route(
            "/_emulator/variance", guarded(variance, POST="variance"), methods=[get, post, delete]
        ),
        Route(
            "/_emulator/consistency",
            guarded(consistency, PUT="consistency"),
            methods=[get, put],
        ),
    ]


def _known() -> str:
    return ", ".join(sorted(JOURNAL_FILTERS))
