"""Read the hand-written OpenAPI spec: load it, walk its operations, validate against it.

Everything else in the kit (emulator, contract suite, scripts) reads the contract through this
package, so no second copy of any schema exists anywhere.
"""

from comms_spec._conformance import ResponseConformance, Violation
from comms_spec._extensions import (
    SENDS_MESSAGES_KEY,
    TERMINAL_STATUSES_KEY,
    sending_operation_ids,
    terminal_statuses,
)
from comms_spec._load import DEFAULT_SPEC_PATH, load_spec, spec_path
from comms_spec._operations import Operation, iter_operations, operations_by_id
from comms_spec._refs import resolve
from comms_spec._validation import schema_validator

__all__ = [
    "DEFAULT_SPEC_PATH",
    "SENDS_MESSAGES_KEY",
    "TERMINAL_STATUSES_KEY",
    "Operation",
    "ResponseConformance",
    "Violation",
    "iter_operations",
    "load_spec",
    "operations_by_id",
    "resolve",
    "schema_validator",
    "sending_operation_ids",
    "spec_path",
    "terminal_statuses",
]
