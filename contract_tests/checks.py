"""Checks Schemathesis does not have, named by what they prove. Each takes (ctx, response,
case) and raises AssertionError on drift. They are registered with Schemathesis and also
called by the deterministic tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import schemathesis

from comms_spec import iter_operations, load_spec, resolve
from contract_tests.responses import header

OPERATION_IDS = {
    (op.method.upper(), op.path): op.operation_id for op in iter_operations(load_spec())
}


def _list_keys(spec: dict[str, Any]) -> dict[str, str]:
    """operationId -> the array its 200 body pages through, for every paginated list."""
    keys: dict[str, str] = {}
    for op in iter_operations(spec):
        ok = resolve(spec, op.node.get("responses", {}).get("200", {}))
        schema = resolve(spec, ok.get("content", {}).get("application/json", {}).get("schema", {}))
        properties = schema.get("properties", {})
        arrays = [name for name, p in properties.items() if resolve(spec, p).get("type") == "array"]
        if "pagination" in properties and len(arrays) == 1:
            keys[op.operation_id] = arrays[0]
    return keys


LIST_KEYS = _list_keys(load_spec())

# Where an item holds what a list filter names, when that is not a top-level field of the same
# name: a Message's channel is the channel it was sent on, `from.channel`.
FILTER_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "listMessages": {"channel": ("from", "channel")},
}
EQUALITY_FILTERS = ("channel", "status")

# A Message Operation's per-status counters, which add up to its `total`: every counter but the
# totals of recipients, attempts and unaddressable recipients.
MESSAGE_STATUS_COUNTERS = tuple(
    name
    for name in load_spec()["components"]["schemas"]["MessageOperationStats"]["required"]
    if name not in ("total", "recipients", "attempts", "unaddressable")
)


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
    """An Operation's counters are consistent, and nothing is still queued once COMPLETED.
    SenderPool Operations: total = queued + created + failed. Message Operations: total is the
    sum of the per-status counts, and recipients = total + unaddressable."""
    body = _json(response)
    if response.status_code != 200 or not isinstance(body, dict):
        return
    operations = body.get("operations") if "operations" in body else [body]
    for operation in operations if isinstance(operations, list) else []:
        stats = operation.get("stats") if isinstance(operation, dict) else None
        if not isinstance(stats, dict) or not all(isinstance(v, int) for v in stats.values()):
            continue
        for problem in stats_problems(stats):
            raise AssertionError(f"Operation {operation.get('id')}: {problem}: {stats}")
        if operation.get("status") == "COMPLETED" and stats.get("queued"):
            raise AssertionError(
                f"Operation {operation.get('id')} is COMPLETED with "
                f"{stats['queued']} items still queued"
            )


def stats_problems(stats: dict[str, int]) -> list[str]:
    """What is inconsistent in an Operation's counters (see operation_stats_add_up)."""
    if {"total", "queued", "created", "failed"} <= stats.keys():
        consistent = stats["total"] == stats["queued"] + stats["created"] + stats["failed"]
        return [] if consistent else ["total != queued + created + failed"]
    if {"total", "recipients", "unaddressable", *MESSAGE_STATUS_COUNTERS} <= stats.keys():
        problems = []
        if stats["total"] != sum(stats[k] for k in MESSAGE_STATUS_COUNTERS):
            problems.append("total is not the sum of the per-status counts")
        if stats["recipients"] != stats["total"] + stats["unaddressable"]:
            problems.append("recipients != total + unaddressable")
        return problems
    return []


def list_items_match_filters(operation_id: str, query: dict[str, Any], body: Any) -> None:
    """Every item of a filtered list satisfies the filters that were sent."""
    key = LIST_KEYS.get(operation_id)
    if key is None or not isinstance(body, dict) or not isinstance(body.get(key), list):
        return
    start = _instant(query.get("startDate"))
    end = _instant(query.get("endDate"))
    fields = FILTER_FIELDS.get(operation_id, {})
    for item in body[key]:
        if not isinstance(item, dict):
            continue
        for name in EQUALITY_FILTERS:
            value = _field(item, fields.get(name, (name,)))
            if name in query and value != query[name]:
                raise AssertionError(
                    f"{operation_id}?{name}={query[name]} returned "
                    f"{item.get('id')} with {name}={value}"
                )
        if "tags" in query and isinstance(query["tags"], str):
            wanted = dict(p.split(":", 1) for p in query["tags"].split(";") if ":" in p)
            tags = item.get("tags") if isinstance(item.get("tags"), dict) else {}
            if any(tags.get(k) != v for k, v in wanted.items()):
                raise AssertionError(
                    f"{operation_id}?tags={query['tags']} returned {item.get('id')} "
                    f"with tags {tags}"
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


def _field(item: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = item
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _instant(value: Any) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return None if moment.tzinfo is None else int(moment.timestamp() * 1000)


CUSTOM_CHECKS = [location_matches_operation_location, operation_stats_add_up, list_filters_hold]
