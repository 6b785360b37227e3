"""Checks Schemathesis does not have, named by what they prove. Each takes (ctx, response,
case) and raises a typed failure (a Schemathesis `Failure`, so an `AssertionError`) on drift.
They read what they need from the run's contract, so they are methods of `SuiteChecks`; the
fuzzer runs them on every response, and the deterministic tests call them too."""

from __future__ import annotations

from typing import Any, ClassVar

from schemathesis.checks import CheckFunction
from schemathesis.core.failures import Failure

from comms_spec import Contract, parse_tag_filter, rfc3339_ms_or_none
from contract_tests._headers import header

# Where an item holds what a list filter names, when that is not a top-level field of the same
# name: a Message's channel is the channel it was sent on, `from.channel`.
FILTER_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "listMessages": {"channel": ("from", "channel")},
}
EQUALITY_FILTERS = ("channel", "status")


class SuiteFailure(Failure):
    """A drift one of the suite's own checks found. The title names the check the way the
    drift report always has (Schemathesis' words for a custom check)."""

    check: ClassVar[str]

    def __init__(self, message: str, case: Any = None) -> None:
        super().__init__(
            operation=None if case is None else case.operation.label,
            title=f"Custom check failed: `{self.check}`",
            message=message,
        )


class LocationDiffersFromOperationLocation(SuiteFailure):
    """A 202's `Location` header and its body's `operationLocation` point at different places."""

    check = "location_matches_operation_location"
    checks = (check,)


class OperationStatsDoNotAddUp(SuiteFailure):
    """An Operation's counters contradict each other, or a COMPLETED one still has work queued."""

    check = "operation_stats_add_up"
    checks = (check,)


class ListFilterNotHeld(SuiteFailure):
    """A filtered list returned an item the filter excludes."""

    check = "list_filters_hold"
    checks = (check,)


def _json(response: Any) -> Any:
    try:
        return response.json()
    except (ValueError, RecursionError):  # not JSON, or nested too deep to parse: no JSON
        return None


def _field(item: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = item
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


class SuiteChecks:
    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        # A Message Operation's per-status counters, which add up to its `total`: the stats
        # fields named after a Message status.
        statuses = {status.lower() for status in contract.enum("MessageStatus")}
        self.message_status_counters = tuple(
            name for name in contract.required("MessageOperationStats") if name in statuses
        )

    def for_schemathesis(self) -> list[CheckFunction]:
        return [
            self.location_matches_operation_location,
            self.operation_stats_add_up,
            self.list_filters_hold,
        ]

    def op_id(self, method: str, template: str) -> str | None:
        """The operation at a path template (as Schemathesis names a case's path)."""
        operation = self.contract.router.at_template(method, template)
        return None if operation is None else operation.op_id

    def location_matches_operation_location(self, ctx: object, response: Any, case: Any) -> None:
        """A 202 points at its Operation the same way in the header and in the body."""
        body = _json(response)
        if response.status_code == 202 and isinstance(body, dict) and "operationLocation" in body:
            location = header(response, "Location")
            if location != body["operationLocation"]:
                raise LocationDiffersFromOperationLocation(
                    f"Location header {location!r} differs from "
                    f"operationLocation {body['operationLocation']!r}",
                    case,
                )

    def operation_stats_add_up(self, ctx: object, response: Any, case: Any) -> None:
        """An Operation's counters are consistent, and nothing is still queued once COMPLETED.
        SenderPool Operations: total = queued + created + failed. Message Operations: total is
        the sum of the per-status counts, and recipients = total + unaddressable."""
        body = _json(response)
        if response.status_code != 200 or not isinstance(body, dict):
            return
        operations = body.get("operations") if "operations" in body else [body]
        for operation in operations if isinstance(operations, list) else []:
            stats = operation.get("stats") if isinstance(operation, dict) else None
            if not isinstance(stats, dict) or not all(isinstance(v, int) for v in stats.values()):
                continue
            for problem in self.stats_problems(stats):
                raise OperationStatsDoNotAddUp(
                    f"Operation {operation.get('id')}: {problem}: {stats}", case
                )
            if operation.get("status") == "COMPLETED" and stats.get("queued"):
                raise OperationStatsDoNotAddUp(
                    f"Operation {operation.get('id')} is COMPLETED with "
                    f"{stats['queued']} items still queued",
                    case,
                )

    def stats_problems(self, stats: dict[str, int]) -> list[str]:
        """What is inconsistent in an Operation's counters (see operation_stats_add_up)."""
        if {"total", "queued", "created", "failed"} <= stats.keys():
            consistent = stats["total"] == stats["queued"] + stats["created"] + stats["failed"]
            return [] if consistent else ["total != queued + created + failed"]
        counters = self.message_status_counters
        if {"total", "recipients", "unaddressable", *counters} <= stats.keys():
            problems = []
            if stats["total"] != sum(stats[k] for k in counters):
                problems.append("total is not the sum of the per-status counts")
            if stats["recipients"] != stats["total"] + stats["unaddressable"]:
                problems.append("recipients != total + unaddressable")
            return problems
        return []

    def list_items_match_filters(
        self, op_id: str, query: dict[str, Any], body: Any, case: Any = None
    ) -> None:
        """Every item of a filtered list satisfies the filters that were sent."""
        key = self.contract.list_keys.get(op_id)
        if key is None or not isinstance(body, dict) or not isinstance(body.get(key), list):
            return
        start = rfc3339_ms_or_none(query.get("startDate"))
        end = rfc3339_ms_or_none(query.get("endDate"))
        tags = query.get("tags")
        wanted_tags = parse_tag_filter(tags) if isinstance(tags, str) else None
        fields = FILTER_FIELDS.get(op_id, {})
        for item in body[key]:
            if not isinstance(item, dict):
                continue
            for name in EQUALITY_FILTERS:
                value = _field(item, fields.get(name, (name,)))
                if name in query and value != query[name]:
                    raise ListFilterNotHeld(
                        f"{op_id}?{name}={query[name]} returned "
                        f"{item.get('id')} with {name}={value}",
                        case,
                    )
            if wanted_tags is not None:
                found = item.get("tags")
                have = found if isinstance(found, dict) else {}
                if any(have.get(k) != v for k, v in wanted_tags.items()):
                    raise ListFilterNotHeld(
                        f"{op_id}?tags={tags} returned {item.get('id')} with tags {have}",
                        case,
                    )
            created = rfc3339_ms_or_none(item.get("createdAt"))
            if created is not None and start is not None and created < start:
                raise ListFilterNotHeld(
                    f"{op_id}?startDate={query['startDate']} returned "
                    f"{item.get('id')} created at {item.get('createdAt')}",
                    case,
                )
            if created is not None and end is not None and created >= end:
                raise ListFilterNotHeld(
                    f"{op_id}?endDate={query['endDate']} returned "
                    f"{item.get('id')} created at {item.get('createdAt')}",
                    case,
                )

    def list_filters_hold(self, ctx: object, response: Any, case: Any) -> None:
        """Filters hold on every generated filter combination."""
        if response.status_code == 200:
            op_id = self.op_id(case.method, case.path) or ""
            self.list_items_match_filters(op_id, dict(case.query or {}), _json(response), case)
