"""Applying a response variance rule (`models/variance.py`) to an answer, and telling the
self-check which of the answer's departures from the spec are deliberate.

The honest answer is built and self-checked first, as always; the variance is applied to a copy
of it. For the body kinds the self-check then validates the varied answer too and accepts only
the departures the rule made (an unknown enum value at its field, a missing or added field at
its object): anything else is still an emulator bug. HTML and empty error bodies are not JSON
by design; their status must still be one the spec declares for the operation.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from comms_emulator.http.handlers import Reply
from comms_emulator.http.self_check import SelfCheckFailed
from comms_emulator.models.rules import check_op
from comms_emulator.models.variance import (
    ADDED_FIELD,
    BODY_KINDS,
    ERROR_BODY_KINDS,
    UNKNOWN_ENUM_VALUE,
    VarianceRule,
)
from comms_spec import Contract, escape, inline_refs

INFERRED = "inferred"
HTML_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>{status} Error</title></head>"
    "<body><h1>{status}</h1><p>The server could not answer (emulated proxy page).</p>"
    "</body></html>\n"
)


@dataclass(frozen=True)
class Varied:
    """The answer as sent: a JSON reply, or raw bytes with a media type (error pages)."""

    reply: Reply
    raw: bytes | None = None
    media_type: str = "application/json"
    deliberate: tuple[str, ...] = ()  # JSON pointers the self-check accepts departures at


class VarianceApplier:
    def __init__(self, contract: Contract) -> None:
        self._contract = contract

    def check(self, rule: VarianceRule) -> None:
        """Refuse (ValueError) a rule that could never apply to the operation it names."""
        op = rule.op_id
        if op is None:
            if rule.kind in ERROR_BODY_KINDS and rule.error_status not in (500, 503):
                raise ValueError("without operationId, status must be 500 or 503")
            return
        check_op(op, self._contract.op_ids)
        if rule.kind in ERROR_BODY_KINDS:
            declared = self._contract.declared_statuses(op)
            if rule.error_status not in declared:
                shown = ", ".join(map(str, declared))
                raise ValueError(f"{op} does not declare status {rule.error_status} ({shown})")
        if rule.kind in ("unknownEnum", "missingField") and not self.fields(op, rule.kind):
            raise ValueError(f"{op}'s answer has no field for {rule.kind}")
        known = self.fields(op, rule.kind)
        if rule.field is not None and rule.kind != "addedField" and rule.field not in known:
            offered = ", ".join(known) or "none"
            raise ValueError(f"{rule.kind} cannot vary {rule.field!r} of {op} ({offered})")

    @functools.cache  # noqa: B019 - one applier per app; a few operations x kinds
    def fields(self, op_id: str, kind: str) -> tuple[str, ...]:
        """The dotted paths of the success answer that `kind` may vary, in schema order."""
        status = next((s for s in self._contract.declared_statuses(op_id) if 200 <= s < 300), None)
        schema = self._contract.response_schema(op_id, status) if status else None
        if not schema:
            return ()
        whole = inline_refs(self._contract.document, schema)
        if kind == "unknownEnum":
            return tuple(_paths(whole, "", _is_string_enum))
        return tuple(_paths(whole, "", _inferred_required))

    def vary(self, rule: VarianceRule, op_id: str, reply: Reply) -> Varied | None:
        """The varied answer, or None when the rule does not apply to this one (an error
        answer, for the body kinds)."""
        if rule.kind in ERROR_BODY_KINDS:
            status = rule.error_status
            headers = {"Retry-After": "1"} if status in (429, 503) else {}
            if rule.kind == "emptyError":
                return Varied(Reply(status, None, headers), b"", "text/plain")
            page = HTML_PAGE.format(status=status).encode()
            return Varied(Reply(status, None, headers), page, "text/html; charset=utf-8")
        if rule.kind not in BODY_KINDS or not 200 <= reply.status < 300:
            return None
        if not isinstance(reply.body, dict):
            return None
        body = copy.deepcopy(reply.body)  # the reply may be a cached rendering
        if rule.kind == "addedField":
            touched = list(_add_field(body, rule.field))
        else:
            candidates = self.fields(op_id, rule.kind)
            chosen = rule.field or (candidates[0] if candidates else None)
            if chosen is None:
                return None
            change = _set_unknown if rule.kind == "unknownEnum" else _remove
            touched = list(_apply(body, chosen.split("."), "", change))
        if not touched:
            return None
        return Varied(Reply(reply.status, body, dict(reply.headers)), deliberate=tuple(touched))


def check_deliberate(contract: Contract, op_id: str, varied: Varied) -> None:
    """The self-check of a varied answer: only the deliberate departures may show."""
    reply = varied.reply
    if varied.raw is not None:
        if reply.status not in contract.declared_statuses(op_id):
            raise SelfCheckFailed(f"{op_id}: varied status {reply.status} is undeclared")
        return
    for violation in contract.conformance.violations(
        op_id, reply.status, reply.body, reply.headers
    ):
        if not any(violation.message.startswith(f"body at {p}:") for p in varied.deliberate):
            raise SelfCheckFailed(f"{op_id} {reply.status} (varied): {violation.message}")


def _is_string_enum(node: dict[str, Any], parent: dict[str, Any], name: str) -> bool:
    return isinstance(node.get("enum"), list) and node.get("type") == "string"


def _inferred_required(node: dict[str, Any], parent: dict[str, Any], name: str) -> bool:
    """Required only by our inference (the rule the generated client's reader follows,
    scripts/generator/client_view.py): left out, a tolerant reader must still cope."""
    if name not in parent.get("required", []):
        return False
    by_name = (parent.get("x-inferred") or {}).get("required")
    if parent.get("x-provenance") == INFERRED or isinstance(by_name, str):
        return True
    if isinstance(by_name, dict) and name in by_name:
        return True
    return node.get("x-provenance") == INFERRED


def _paths(
    node: Any, prefix: str, wanted: Callable[[dict[str, Any], dict[str, Any], str], bool]
) -> Iterator[str]:
    if not isinstance(node, dict):
        return
    if node.get("type") == "array" or "items" in node:
        yield from _paths(node.get("items"), f"{prefix}*.", wanted)
        return
    for name, prop in (node.get("properties") or {}).items():
        if not isinstance(prop, dict):
            continue
        if wanted(prop, node, name):
            yield f"{prefix}{name}"
        yield from _paths(prop, f"{prefix}{name}.", wanted)


def _apply(
    value: Any, steps: list[str], pointer: str, change: Callable[[dict[str, Any], str], bool]
) -> Iterator[str]:
    """Apply `change` at the path `steps` below `value`; yield the pointer of each object
    changed and of each field set (what the self-check accepts)."""
    head, rest = steps[0], steps[1:]
    if head == "*":
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _apply(item, rest, f"{pointer}/{index}", change) if rest else ()
        return
    if not isinstance(value, dict) or head not in value:
        return
    if rest:
        yield from _apply(value[head], rest, f"{pointer}/{escape(head)}", change)
    elif change(value, head):
        yield pointer or "/"
        yield f"{pointer}/{escape(head)}"


def _set_unknown(container: dict[str, Any], name: str) -> bool:
    container[name] = UNKNOWN_ENUM_VALUE
    return True


def _remove(container: dict[str, Any], name: str) -> bool:
    del container[name]
    return True


def _add_field(body: dict[str, Any], path: str | None) -> Iterator[str]:
    """An undeclared field on the answer's object, and on each object of its arrays (a list's
    items); with `path`, on the object(s) it names instead."""
    added = {"note": "a field this version of the spec does not declare"}
    if path is not None:

        def add(container: dict[str, Any], name: str) -> bool:
            target = container.get(name)
            if isinstance(target, dict):
                target[ADDED_FIELD] = added
                return True
            return False

        yield from _apply(body, path.split("."), "", add)
        return
    body[ADDED_FIELD] = added
    yield "/"
    for key, value in list(body.items()):
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    item[ADDED_FIELD] = dict(added)
                    yield f"/{escape(key)}/{index}"
