"""Request validation driven by the spec file itself: path, query and body.

Each schema is compiled once, on the first request that needs it (compiling at start-up would
import jsonschema before the emulator can answer anything). A request that fails gets one 400
naming every problem found, and nothing downstream runs, so a rejected request never changes
state.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from comms_emulator.http import strict_json
from comms_emulator.http.errors import MAX_DETAILS, ApiError, Problem, bad_request
from comms_emulator.models.records import MAX_STRING
from comms_spec import JSON_MEDIA_TYPE, Contract, SpecOperation, clip, parse_rfc3339_ms, resolve

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

# fullmatch: `$` would also match before a trailing newline (`pageSize=5%0A`). Digits are
# bounded so that int() never sees the thousands a client may send.
_INTEGER = re.compile(r"-?[0-9]{1,18}")
_PASSED_LIMIT = 4096
_PASSED_VALUE_LIMIT = 512  # longer values are checked each time, not kept (bytes, not count)
MAX_PROBLEMS = MAX_DETAILS + 1  # one more than an error body lists: it then says "and more"
_ABSENT: Any = object()  # no body at all; distinct from a JSON `null` body, which is validated
# The query of a request that has none: one read-only mapping, shared (`RequestValidator._fetches`).
_NO_QUERY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class _Param:
    name: str
    location: str
    required: bool
    kind: str  # the JSON type a query string is converted to
    validator: _LazyValidator


class _LazyValidator:
    """A schema of the contract, compiled the first time something is validated against it."""

    def __init__(self, contract: Contract, schema: dict[str, Any]) -> None:
        self._contract = contract
        self._schema = schema
        self._compiled: Draft202012Validator | None = None

    def iter_errors(self, instance: Any) -> Iterator[ValidationError]:
        if self._compiled is None:
            self._compiled = self._contract.validator(self._schema)
        return self._compiled.iter_errors(instance)


@dataclass(slots=True)  # per request: frozen would cost 4x to build (a setattr per field)
class ValidRequest:
    # Read-only, both: they may be shared by requests (the routed path's own, `_NO_QUERY`).
    path: Mapping[str, str]
    query: Mapping[str, Any]
    body: Any
    start_ms: int | None = None  # startDate, parsed (inclusive)
    end_ms: int | None = None  # endDate, parsed (exclusive)


class RequestValidator:
    def __init__(self, contract: Contract, operation: SpecOperation) -> None:
        self.operation = operation
        self._params: dict[tuple[str, str], _Param] = {}
        for param in operation.parameters:
            schema = param["schema"]
            kind = resolve(contract.document, schema).get("type", "string")
            self._params[(param["in"], param["name"])] = _Param(
                param["name"],
                param["in"],
                bool(param.get("required")),
                kind,
                _LazyValidator(contract, schema),
            )
        self._query_names = {name for (loc, name) in self._params if loc == "query"}
        self._path_params = {name: p for (loc, name), p in self._params.items() if loc == "path"}
        # (location, name, value) of path and query values that passed: every fetch of the
        # same ID would otherwise run the same schema check again. Bounded: cleared when full.
        self._passed: set[tuple[str, str, Any]] = set()
        self._fetches: dict[int, ValidRequest] = {}  # by id() of a path mapping: `validate`
        body = operation.node.get("requestBody")
        self._body_required = bool(body and body.get("required"))
        self._body: _LazyValidator | None = None
        self._array_limits: dict[str | None, int] = {}
        body_schema = contract.request_schema(operation.op_id)
        if body_schema is not None:
            self._body = _LazyValidator(contract, body_schema)
            self._array_limits = _array_limits(contract, body_schema)

    def validate(
        self,
        path: Mapping[str, str],
        query: Sequence[tuple[str, str]],
        content_type: str | None,
        raw_body: bytes,
    ) -> ValidRequest:
        passed = self._passed
        if not query and self._body is None:  # a fetch: nothing more to read or check
            # The router hands back the same mapping each time the same path comes (its match
            # cache): that path was checked before, and its answer here is the same object.
            ready = self._fetches.get(id(path))
            if ready is not None and ready.path is path:  # (held here: its id is not reused)
                return ready
            for name, value in path.items():
                if ("path", name, value) not in passed:  # `_check`'s own first test, inline
                    break
            else:  # every ID passed before (the common case): the path as routed, unchanged
                if len(self._fetches) >= _PASSED_LIMIT:
                    self._fetches.clear()
                ready = self._fetches[id(path)] = ValidRequest(path, _NO_QUERY, None)
                return ready
        problems: list[Problem] = []
        path_values = dict(path)
        for name, value in path_values.items():
            if ("path", name, value) not in passed:
                problems += self._check(self._path_params[name], value)
        if not query and self._body is None:
            if problems:
                raise bad_request(_summary(problems), problems)
            return ValidRequest(path_values, {}, None)
        query_values = self._query(query, problems)
        body = self._parse_body(content_type, raw_body, problems) if self._body else _ABSENT
        if self._body is not None and body is not _ABSENT:
            # An array past its maxItems is a 400 whatever its items hold: said at once,
            # without checking each of them.
            oversized = _oversized(self._array_limits, body)
            if len(raw_body) > MAX_STRING:  # else no string in it can be longer
                oversized += _long_strings(body)
            problems += oversized or [_problem(e, "body") for e in _errors(self._body, body)]
        window: tuple[int | None, int | None] = (None, None)
        if not problems:
            window = _date_window(query_values, problems)
        if problems:
            raise bad_request(_summary(problems), problems)
        return ValidRequest(path_values, query_values, None if body is _ABSENT else body, *window)

    def _query(self, query: Sequence[tuple[str, str]], problems: list[Problem]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, raw in query:
            if name not in self._query_names:
                problems.append(Problem(f"unknown query parameter {name!r}", f"query.{name}"))
            elif name in values:
                problems.append(
                    Problem(f"query parameter {name!r} given more than once", f"query.{name}")
                )
            else:
                param = self._params[("query", name)]
                value = _convert(param, raw, problems)
                if value is not None:
                    problems += self._check(param, value)
                    values[name] = value
        return values

    def _check(self, param: _Param, value: Any) -> list[Problem]:
        key = (param.location, param.name, value)
        if key in self._passed:
            return []
        problems = [
            _problem(e, f"{param.location}.{param.name}") for e in _errors(param.validator, value)
        ]
        if not problems and not (isinstance(value, str) and len(value) > _PASSED_VALUE_LIMIT):
            if len(self._passed) >= _PASSED_LIMIT:
                self._passed.clear()
            self._passed.add(key)
        return problems

    def _parse_body(self, content_type: str | None, raw: bytes, problems: list[Problem]) -> Any:
        media_type = (content_type or "").split(";")[0].strip().lower()
        if not raw and not self._body_required:
            return _ABSENT
        if media_type != JSON_MEDIA_TYPE:
            shown = media_type or "none"
            problems.append(
                Problem(
                    f"Content-Type must be {JSON_MEDIA_TYPE}, got {shown}", "header.Content-Type"
                )
            )
            return _ABSENT
        charset = _charset(content_type or "")
        if charset not in (None, "utf-8"):
            # JSON exchanged between systems is UTF-8 (RFC 8259 section 8.1): a body declared
            # in another charset would be read as what it does not say it is.
            problems.append(
                Problem(
                    f"Content-Type charset must be utf-8 (JSON is UTF-8), got {clip(charset)}",
                    "header.Content-Type",
                )
            )
            return _ABSENT
        if not raw:
            problems.append(Problem("a JSON request body is required", "body"))
            return _ABSENT
        try:
            return strict_json.loads(raw)
        except strict_json.MalformedJson as error:
            problems.append(Problem(f"malformed JSON: {error}", "body"))
            return _ABSENT


def _charset(content_type: str) -> str | None:
    """The `charset` parameter of a media type, lowercased and unquoted (None without one)."""
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _convert(param: _Param, raw: str, problems: list[Problem]) -> Any:
    if param.kind == "integer":
        if not _INTEGER.fullmatch(raw):
            problems.append(Problem(f"{clip(raw)!r} is not an integer", f"query.{param.name}"))
            return None
        return int(raw)
    return raw


def _errors(validator: _LazyValidator, value: Any) -> list[ValidationError]:
    """The first problems found, at most MAX_PROBLEMS (jsonschema finds them lazily): once the
    answer is a 400, checking the rest of a body of 60,000 bad items would only hold the
    server (every other client waits) for the items an error body never lists."""
    first = islice(validator.iter_errors(value), MAX_PROBLEMS)
    found = [e for error in first for e in _specific(error)]
    return sorted(found, key=lambda e: list(map(str, e.absolute_path)))


def _array_limits(contract: Contract, schema: dict[str, Any]) -> dict[str | None, int]:
    """maxItems of the body (key None) if it is an array, and of each array property."""
    root = resolve(contract.document, schema)
    limits: dict[str | None, int] = {}
    if "maxItems" in root:
        limits[None] = int(root["maxItems"])
    for name, node in root.get("properties", {}).items():
        node = resolve(contract.document, node)
        if "maxItems" in node:
            limits[name] = int(node["maxItems"])
    return limits


def _oversized(limits: dict[str | None, int], body: Any) -> list[Problem]:
    problems: list[Problem] = []
    for name, limit in limits.items():
        if name is None:
            value, where = body, "body"
        else:
            value = body.get(name) if isinstance(body, dict) else None
            where = f"body.{name}"
        if isinstance(value, list) and len(value) > limit:
            problems.append(Problem(f"{len(value)} items, more than the {limit} allowed", where))
    return problems


def _long_strings(body: Any) -> list[Problem]:
    """The first string (value or key) longer than MAX_STRING, as a problem."""
    stack: list[tuple[Any, str]] = [(body, "body")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, str):
            if len(node) > MAX_STRING:
                message = f"a string of {len(node)} characters (the emulator's limit: {MAX_STRING})"
                return [Problem(message, where)]
        elif isinstance(node, dict):
            for key, value in node.items():
                stack.append((key, where))
                stack.append((value, f"{where}.{key[:64]}"))
        elif isinstance(node, list):
            stack.extend((item, f"{where}[{n}]") for n, item in enumerate(node))
    return []


# Errors that say the value is not in an arm's form at all (rather than wrong inside it).
_SHAPE_KEYWORDS = frozenset({"required", "additionalProperties", "type"})


def _specific(error: ValidationError) -> list[ValidationError]:
    """A oneOf/anyOf failure as the arm the value was meant for would report it: the one arm
    whose shape the value has (its only errors are inside it), so a recipient with a bad
    channel is reported at `to[0].channel`, not as "valid under none of the forms". When no
    arm, or several, fit the shape, the choice is the caller's to see: the failure itself."""
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    by_arm: dict[Any, list[ValidationError]] = {}
    for sub in error.context:
        by_arm.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [
        errors
        for errors in by_arm.values()
        if not any(e.validator in _SHAPE_KEYWORDS and not e.relative_path for e in errors)
    ]
    if len(fitting) != 1:
        return [error]
    return [e for sub in fitting[0] for e in _specific(sub)]


def _problem(error: ValidationError, root: str) -> Problem:
    where = root
    for part in error.absolute_path:
        where += f"[{part}]" if isinstance(part, int) else f".{part}"
    return Problem(error.message, where)


def _date_window(query: dict[str, Any], problems: list[Problem]) -> tuple[int | None, int | None]:
    """Both dates parse, and a window given both ways does not end before it starts (400
    otherwise). An empty window (startDate equal to endDate, as a documentation sample sends)
    is a valid question with an empty answer."""
    bounds: dict[str, int | None] = {"startDate": None, "endDate": None}
    for name in bounds:
        if name in query:
            try:
                bounds[name] = parse_rfc3339_ms(query[name])
            except (ValueError, OverflowError):
                problems.append(
                    Problem(f"{query[name]!r} is not a valid date-time", f"query.{name}")
                )
    start, end = bounds["startDate"], bounds["endDate"]
    if start is not None and end is not None and start > end:
        problems.append(Problem("startDate must not be after endDate", "query.startDate"))
    return start, end


def _summary(problems: list[Problem]) -> str:
    first = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"Invalid request: {first.location}: {first.message}{more}"


__all__ = ["MAX_STRING", "ApiError", "RequestValidator", "ValidRequest"]
