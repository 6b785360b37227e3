"""The control plane under /_emulator/ (not part of the public spec).

GET    /_emulator/                          state summary
POST   /_emulator/reset                     {"account": SID}? -> forget pools and Operations
PUT    /_emulator/accounts/{sid}/senders    {"senders": [...]} -> replace the inventory
GET    /_emulator/progression               current progression
PUT    /_emulator/progression               {"progression": "immediate|polls:N|seconds:T"}
GET    /_emulator/faults                    active fault rules
POST   /_emulator/faults                    {"status": 429|503, "operationId"?, "count"|"rate",
                                             "retryAfter"?}
DELETE /_emulator/faults                    remove every fault rule
GET    /_emulator/rcs-capable               recipient patterns whose devices take RCS
PUT    /_emulator/rcs-capable               {"patterns": ["+1914*", ...]} (["*"]: every device)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from comms_emulator.http import strict_json
from comms_emulator.http.errors import ApiError, ErrorBodies, bad_request
from comms_emulator.http.json_response import json_response
from comms_emulator.models.faults import FaultRule
from comms_emulator.models.progression import Progression
from comms_emulator.models.world import World

Endpoint = Callable[[Request], Awaitable[Response]]


def control_routes(world: World, errors: ErrorBodies) -> list[Route]:
    def guarded(func: Callable[[Request], Awaitable[Any]], status: int = 200) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            try:
                return json_response(status, await func(request))
            except ApiError as error:
                return json_response(error.status, errors.of(error), error.headers)

        return endpoint

    async def summary(_: Request) -> dict[str, Any]:
        return {
            "accounts": [_account_summary(world, sid) for sid in world.account_sids],
            "progression": str(world.progression),
            "rcsCapable": list(world.rcs_capable.patterns),
            "faults": [rule.as_dict() for rule in world.faults.rules],
        }

    async def reset(request: Request) -> dict[str, Any]:
        body = await _json(request, optional=True) or {}
        sid = body.get("account")
        if sid is not None:
            _known(world, sid)
        world.reset(sid)
        return {"reset": [sid] if sid else world.account_sids}

    async def seed(request: Request) -> dict[str, Any]:
        sid = _known(world, request.path_params["sid"])
        senders = (await _json(request)).get("senders")
        if not isinstance(senders, list) or not all(isinstance(s, dict) for s in senders):
            raise bad_request('expected {"senders": [{...}, ...]}: a list of sender objects')
        try:
            count = world.seed_senders(sid, senders)
        except (ValueError, TypeError, KeyError) as error:
            raise bad_request(f"invalid sender inventory: {error}") from None
        return {"account": sid, "senders": count}

    async def progression(request: Request) -> dict[str, Any]:
        if request.method == "PUT":
            text = (await _json(request)).get("progression")
            try:
                world.progression = Progression.parse(str(text))
            except ValueError as error:
                raise bad_request(str(error)) from None
        return {"progression": str(world.progression)}

    async def faults(request: Request) -> dict[str, Any]:
        if request.method == "DELETE":
            world.faults.clear()
        elif request.method == "POST":
            body = await _json(request)
            try:
                world.faults.add(
                    FaultRule(
                        status=body.get("status", 0),
                        operation_id=body.get("operationId"),
                        count=body.get("count"),
                        rate=body.get("rate"),
                        retry_after=body.get("retryAfter", 1),
                    )
                )
            except (ValueError, TypeError) as error:
                raise bad_request(f"invalid fault rule: {error}") from None
        return {"faults": [rule.as_dict() for rule in world.faults.rules]}

    async def rcs_capable(request: Request) -> dict[str, Any]:
        if request.method == "PUT":
            patterns = (await _json(request)).get("patterns")
            if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
                raise bad_request('expected {"patterns": ["+1914*", ...]}')
            world.rcs_capable.patterns = list(patterns)
        return {"patterns": list(world.rcs_capable.patterns)}

    return [
        Route("/_emulator/", guarded(summary), methods=["GET"]),
        Route("/_emulator/rcs-capable", guarded(rcs_capable), methods=["GET", "PUT"]),
        Route("/_emulator/reset", guarded(reset), methods=["POST"]),
        Route("/_emulator/accounts/{sid}/senders", guarded(seed), methods=["PUT"]),
        Route("/_emulator/progression", guarded(progression), methods=["GET", "PUT"]),
        Route("/_emulator/faults", guarded(faults), methods=["GET", "POST", "DELETE"]),
    ]


def _account_summary(world: World, sid: str) -> dict[str, Any]:
    return {"sid": sid, **world.account(sid).counts()}


def _known(world: World, sid: str) -> str:
    if sid not in world.account_sids:
        raise ApiError(404, f"no emulated account {sid}")
    return sid


async def _json(request: Request, *, optional: bool = False) -> Any:
    raw = await request.body()
    if not raw and optional:
        return None
    try:
        body = strict_json.loads(raw)
    except strict_json.MalformedJson as error:
        raise bad_request(f"malformed JSON: {error}") from None
    if not isinstance(body, dict):
        raise bad_request("expected a JSON object")
    return body
