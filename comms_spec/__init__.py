"""Read the hand-written OpenAPI spec once, into a `Contract` every layer of the kit takes.

Everything else in the kit (emulator, contract suite, scripts) reads the contract through this
package, so no second copy of any schema, and no second walker of the spec, exists anywhere.

The names built on jsonschema (`ResponseConformance`, `Violation`, `schema_validator`) are
imported on first use, so a process that only routes and serves (the emulator at start-up)
never pays for importing jsonschema before it validates something.
"""

from typing import TYPE_CHECKING, Any

from comms_spec._contract import Contract, SpecLink
from comms_spec._dates import parse_rfc3339, parse_rfc3339_ms, rfc3339_ms_or_none
from comms_spec._extensions import (
    READ_ONLY_KEY,
    SENDS_MESSAGES_KEY,
    TERMINAL_STATUSES_KEY,
    read_only_op_ids,
    sending_op_ids,
    terminal_statuses,
)
from comms_spec._http import parse_retry_after, parse_tag_filter
from comms_spec._load import DEFAULT_SPEC_PATH, SPEC_PATH_ENV, load_spec, parse_spec, spec_path
from comms_spec._operations import (
    JSON_MEDIA_TYPE,
    SpecOperation,
    iter_operations,
    json_media,
    operations_by_id,
    request_media,
    request_schema,
    response_media,
    response_schema,
)
from comms_spec._overlay import SUITE_OVERLAY, apply_overlay, suite_document
from comms_spec._pointer import escape, pointer, pointer_get
from comms_spec._publish import published_document
from comms_spec._quote import QUOTE_LIMIT, clip
from comms_spec._refs import inline_refs, resolve
from comms_spec._router import Route, Router

if TYPE_CHECKING:
    from comms_spec._conformance import (
        UNDECLARED_FIELD,
        UNDECLARED_HEADER,
        ResponseConformance,
        Violation,
    )
    from comms_spec._validation import schema_validator

_LAZY = {
    "ResponseConformance": "comms_spec._conformance",
    "Violation": "comms_spec._conformance",
    "UNDECLARED_FIELD": "comms_spec._conformance",
    "UNDECLARED_HEADER": "comms_spec._conformance",
    "schema_validator": "comms_spec._validation",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'comms_spec' has no attribute {name!r}")


__all__ = [
    "DEFAULT_SPEC_PATH",
    "JSON_MEDIA_TYPE",
    "QUOTE_LIMIT",
    "READ_ONLY_KEY",
    "SENDS_MESSAGES_KEY",
    "SPEC_PATH_ENV",
    "SUITE_OVERLAY",
    "TERMINAL_STATUSES_KEY",
    "UNDECLARED_FIELD",
    "UNDECLARED_HEADER",
    "Contract",
    "ResponseConformance",
    "Route",
    "Router",
    "SpecLink",
    "SpecOperation",
    "Violation",
    "apply_overlay",
    "clip",
    "escape",
    "inline_refs",
    "iter_operations",
    "json_media",
    "load_spec",
    "operations_by_id",
    "parse_retry_after",
    "parse_rfc3339",
    "parse_rfc3339_ms",
    "parse_spec",
    "parse_tag_filter",
    "pointer",
    "pointer_get",
    "published_document",
    "read_only_op_ids",
    "request_media",
    "request_schema",
    "resolve",
    "response_media",
    "response_schema",
    "rfc3339_ms_or_none",
    "schema_validator",
    "sending_op_ids",
    "spec_path",
    "suite_document",
    "terminal_statuses",
]
