"""Checks Schemathesis does not have, named by what they prove. Each takes (ctx, response,
case) and raises AssertionError on drift. They are registered with Schemathesis and also
called by the deterministic tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import schemathesis

from comms_spec import iter_operations, load_spec
from contract_tests.responses import header

OPERATION_IDS = {
    (op.method.upper(), op.path): op.operation_id for op in iter_operations(load_spec())
}

LIST_KEYS = {
    "listSenderPools": "senderPools",
    "listSenders": "senders",
    "listSenderPoolSenders": "senders",
    "listSenderPoolOperations": "operations",
}


def _json(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


@schemathesis.check
def location_matches_operation_location(ctx: Any, response: Any, case: Any) -> None:
    """A 202 points at its Operation the same way in the header and in the body."""
    body = _json(response)
    if response.status_code == 202 and isinstance(body, dict) and "operationLocation" in body:
        location = header(response, "Location")
        if location != body["operationLocation"]:
            raise AssertionError(
                f"Location header {location!r} differs from "
                f"operationLocation {body['operationLocation']!r}"
            )


@schemathesis.check
def operation_stats_add_up(ctx: Any, response: Any, case: Any) -> None:
    """total = queued + created + failed, and nothing is queued once COMPLETED."""
    body = _json(response)
    if response.status_code != 200 or not isinstance(body, dict):
        return
    operations = body.get("operations") if "operations" in body else [body]
    for operation in operations if isinstance(operations, list) else []:
        stats = operation.get("stats") if isinstance(operation, dict) else None
        if not isinstance(stats, dict) or not all(
            isinstance(stats.get(k), int) for k in ("total", "queued", "created", "failed")
        ):
            continue
        if stats["total"] != stats["queued"] + stats["created"] + stats["failed"]:
            raise AssertionError(f"Operation {operation.get('id')}: stats do not add up: {stats}")
        if operation.get("status") == "COMPLETED" and stats["queued"]:
            raise AssertionError(
                f"Operation {operation.get('id')} is COMPLETED with "
                f"{stats['queued']} items still queued"
            )


def list_items_match_filters(operation_id: str, query: dict[str, Any], body: Any) -> None:
    """Every item of a filtered list satisfies the filters that were sent."""
    key = LIST_KEYS.get(operation_id)
    if key is None or not isinstance(body, dict) or not isinstance(body.get(key), list):
        return
    start = _instant(query.get("startDate"))
    end = _instant(query.get("endDate"))
    for item in body[key]:
        if not isinstance(item, dict):
            continue
        for name in ("channel", "status"):
            if name in query and item.get(name) != query[name]:
                raise AssertionError(
                    f"{operation_id}?{name}={query[name]} returned "
                    f"{item.get('id')} with {name}={item.get(name)}"
                )
        created = _instant(item.get("createdAt"))
        if created is not None and start is not None and created < start:
            raise AssertionError(
                f"{operation_id}?startDate={query['startDate']} returned "
                f"{item.get('id')} created at {item.get('createdAt')}"
            )
        if created is not None and end is not None and created >= end:
            raise AssertionError(
                f"{operation_id}?endDate={query['endDate']} returned "
                f"{item.get('id')} created at {item.get('createdAt')}"
            )


@schemathesis.check
def list_filters_hold(ctx: Any, response: Any, case: Any) -> None:
    """Filters hold on every generated filter combination."""
    if response.status_code == 200:
        operation_id = OPERATION_IDS.get((case.method.upper(), case.path), "")
        list_items_match_filters(operation_id, dict(case.query or {}), _json(response))


def _instant(value: Any) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return None if moment.tzinfo is None else int(moment.timestamp() * 1000)


CUSTOM_CHECKS = [location_matches_operation_location, operation_stats_add_up, list_filters_hold]
