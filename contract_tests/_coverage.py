"""What the run proved: computed from every exchange the suite itself sent (its own requests and
the fuzzer's), not from a coverage tool (TraceCov's licence limits its output to internal use;
this kit's users publish their reports).

Per operation: calls, documented statuses observed and not, parameters exercised and not; the
enum values sent and received; the spec's links followed (the target was called with a value
the source's answer or request handed out) and not.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from comms_spec import Contract, Route, SpecLink, pointer_get, resolve

_BODY, _PATH = "$response.body#", "$request.path."


# Also told of every exchange: (method, api_path, query, body, status), e.g. the run's digest.
Observer = Callable[[str, str, Mapping[str, Any] | None, Any, int], None]


class Coverage:
    def __init__(self, contract: Contract, observe: Observer | None = None) -> None:
        self.contract = contract
        self._observe = observe
        self._lock = threading.Lock()
        self._calls: dict[str, int] = defaultdict(int)
        self._statuses: dict[str, set[int]] = defaultdict(set)
        self._parameters: dict[str, set[str]] = defaultdict(set)
        self._sent: dict[str, set[str]] = defaultdict(set)
        self._received: dict[str, set[str]] = defaultdict(set)
        self._handed_out: dict[SpecLink, set[tuple[tuple[str, str], ...]]] = defaultdict(set)
        self._followed: set[SpecLink] = set()
        self._enums = contract.enum_fields
        self._links_into: dict[str, list[SpecLink]] = defaultdict(list)
        self._links_from: dict[tuple[str, str], list[SpecLink]] = defaultdict(list)
        for link in contract.suite.links:  # the suite overlay's links too
            self._links_into[link.target].append(link)
            self._links_from[(link.source, link.status)].append(link)

    def record(
        self,
        method: str,
        route: Route | None,
        query: Mapping[str, Any] | None,
        body: Any,
        status: int,
        answer: Any,
    ) -> None:
        """One exchange, by the route its path matched (the caller resolved it)."""
        if self._observe is not None and route is not None:
            path = route.template
            for name, value in route.params.items():
                path = path.replace("{" + name + "}", value)
            self._observe(method, path, query, body, status)
        operation = None if route is None else route.operation(method)
        if route is None or operation is None:
            return
        op_id = operation.op_id
        arguments = {**route.params, **{k: str(v) for k, v in (query or {}).items()}}
        with self._lock:
            self._calls[op_id] += 1
            self._statuses[op_id].add(status)
            self._parameters[op_id].update(arguments)
            if isinstance(body, (dict, list)):
                self._parameters[op_id].update(f"body.{k}" for k in _top_keys(body))
            for name, value in [*arguments.items(), *_enum_values(body, self._enums)]:
                if name in self._enums and value in self._enums[name]:
                    self._sent[name].add(value)
            for name, value in _enum_values(answer, self._enums):
                self._received[name].add(value)
            for link in self._links_into.get(op_id, ()):
                if link.parameters and any(
                    all(arguments.get(k) == v for k, v in values)
                    for values in self._handed_out[link]
                ):
                    self._followed.add(link)
                elif not link.parameters and self._calls.get(link.source):
                    self._followed.add(link)  # a link that carries no value: both ends ran
            for link in self._links_from.get((op_id, str(status)), ()):
                values = _link_values(link, route.params, answer)
                if values is not None:
                    self._handed_out[link].add(values)

    def summary(self) -> dict[str, Any]:
        with self._lock:
            operations = {}
            for op in self.contract.operations:
                op_id = op.op_id
                documented = set(self.contract.declared_statuses(op_id))
                seen = self._statuses.get(op_id, set())
                declared = {
                    p["name"] for p in op.parameters if p.get("in") in ("path", "query")
                } | {f"body.{k}" for k in _body_fields(self.contract, op_id)}
                used = self._parameters.get(op_id, set())
                operations[op_id] = {
                    "calls": self._calls.get(op_id, 0),
                    "statusesObserved": sorted(seen & documented),
                    "statusesNotObserved": sorted(documented - seen),
                    "undocumentedStatusesObserved": sorted(seen - documented),
                    "parametersExercised": sorted(used & declared),
                    "parametersNotExercised": sorted(declared - used),
                }
            enums = {
                name: {
                    "sent": sorted(self._sent.get(name, ())),
                    "received": sorted(self._received.get(name, ())),
                    "neverSent": sorted(set(values) - self._sent.get(name, set())),
                    "neverReceived": sorted(set(values) - self._received.get(name, set())),
                }
                for name, values in self._enums.items()
            }
            links = {_link_name(link): link in self._followed for link in self.contract.suite.links}
        return {
            "source": "the suite's own exchanges (requests it and its fuzzer sent)",
            "operationsCalled": sorted(k for k, v in operations.items() if v["calls"]),
            "operationsNotCalled": sorted(k for k, v in operations.items() if not v["calls"]),
            "operations": operations,
            "enums": enums,
            "linksFollowed": sorted(k for k, v in links.items() if v),
            "linksNotFollowed": sorted(k for k, v in links.items() if not v),
        }


def _link_name(link: SpecLink) -> str:
    return f"{link.source} {link.status} -> {link.name} -> {link.target}"


def _link_values(
    link: SpecLink, path_params: Mapping[str, str], answer: Any
) -> tuple[tuple[str, str], ...] | None:
    """The values `link` hands to its target from this exchange (None: it hands none)."""
    values = []
    for name, expression in link.parameters:
        if expression.startswith(_BODY):
            try:
                value = pointer_get(answer, expression.removeprefix(_BODY))
            except (KeyError, IndexError, TypeError, ValueError):
                return None
        elif expression.startswith(_PATH):
            value = path_params.get(expression.removeprefix(_PATH))
        else:
            return None
        if value is None:
            return None
        values.append((name, str(value)))
    return tuple(values)


def _top_keys(body: Any) -> Iterator[str]:
    items = body if isinstance(body, list) else [body]
    for item in items:
        if isinstance(item, dict):
            yield from item


def _body_fields(contract: Contract, op_id: str) -> set[str]:
    schema = resolve(contract.document, contract.request_schema(op_id) or {})
    if schema.get("type") == "array":
        schema = resolve(contract.document, schema.get("items", {}))
    properties = schema.get("properties", {})
    return set(properties) if isinstance(properties, dict) else set()


def _enum_values(value: Any, enums: Mapping[str, tuple[str, ...]]) -> Iterator[tuple[str, str]]:
    """(field, value) for every string member of a JSON document named like an enum field."""
    if isinstance(value, dict):
        for key, member in value.items():
            if key in enums and isinstance(member, str):
                yield key, member
            else:
                yield from _enum_values(member, enums)
    elif isinstance(value, list):
        for item in value:
            yield from _enum_values(item, enums)
