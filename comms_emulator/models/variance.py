"""Response variance on demand: make chosen answers differ in *shape*, the way a real, growing
API's may, so a client's tolerant reading can be tested (docs/sdk-authors/emulator-variance.md).

A rule names a kind, targets one operationId (or every operation) and fires for the next
`count` matching requests or a `rate` fraction of them, as fault rules do (`faults.py`):

- `unknownEnum`  an enum field of the answer carries a value the spec does not list yet
- `addedField`   the answer (and each item of a list) carries a field the spec does not declare
- `missingField` a field the spec requires only by inference is left out
- `htmlError`    a real error status (default 500) with an HTML page for a body
- `emptyError`   a real error status (default 500) with no body at all
- `stall`        the answer is held back `seconds` (default 30) or until the client gives up
- `drop`         the request is served, then the connection closes half-way through the answer

The first three are legal under the spec's tolerant reading (they are what "new fields and
values may appear" and "inferred" mean); the last four are what an HTTP path may do. `field`
(a dotted path, `*` for each array item, e.g. `senders.*.channel`) picks the field of the
first three; without it the emulator picks the first one the spec's response schema offers.
"""

from __future__ import annotations

from dataclasses import dataclass

from comms_emulator.models.rules import RuleBook, check_key

BODY_KINDS = ("unknownEnum", "addedField", "missingField")
ERROR_BODY_KINDS = ("htmlError", "emptyError")
VARIANCE_KINDS = (*BODY_KINDS, *ERROR_BODY_KINDS, "stall", "drop")
DEFAULT_ERROR_STATUS = 500
DEFAULT_STALL_SECONDS = 30.0
MAX_STALL_SECONDS = 3600.0
# The value an unknownEnum answer carries, and the field an addedField answer gains.
UNKNOWN_ENUM_VALUE = "EMULATED_NEW_VALUE"
ADDED_FIELD = "emulatedAddedField"


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass
class VarianceRule:
    kind: str
    op_id: str | None = None
    count: int | None = None
    rate: float | None = None
    field: str | None = None  # BODY_KINDS only
    status: int | None = None  # ERROR_BODY_KINDS only
    seconds: float | None = None  # stall only
    key: str | None = None  # fires only for requests with this X-Emulator-Rule-Key
    fired: int = 0

    def __post_init__(self) -> None:
        if self.kind not in VARIANCE_KINDS:
            raise ValueError(f"kind must be one of {', '.join(VARIANCE_KINDS)}")
        if (self.count is None) == (self.rate is None):
            raise ValueError("give exactly one of count (>= 1) or rate (0 < rate <= 1)")
        if self.count is not None and (not _whole(self.count) or self.count < 1):
            raise ValueError("count must be >= 1 (a whole number)")
        if self.rate is not None and (isinstance(self.rate, bool) or not 0 < self.rate <= 1):
            raise ValueError("rate must be in (0, 1]")
        check_key(self.key)
        if self.field is not None and (self.kind not in BODY_KINDS or not self.field.strip(".")):
            raise ValueError(f"field applies to {', '.join(BODY_KINDS)} only, and is a path")
        if self.status is not None and self.kind not in ERROR_BODY_KINDS:
            raise ValueError(f"status applies to {', '.join(ERROR_BODY_KINDS)} only")
        if self.status is not None and (not _whole(self.status) or not 400 <= self.status < 600):
            raise ValueError("status must be an error status (400-599)")
        if self.seconds is not None:
            if self.kind != "stall":
                raise ValueError("seconds applies to stall only")
            if isinstance(self.seconds, bool) or not 0 < self.seconds <= MAX_STALL_SECONDS:
                raise ValueError(f"seconds must be in (0, {MAX_STALL_SECONDS:g}]")

    @property
    def error_status(self) -> int:
        return self.status or DEFAULT_ERROR_STATUS

    @property
    def stall_seconds(self) -> float:
        return self.seconds or DEFAULT_STALL_SECONDS

    def as_dict(self) -> dict[str, object]:
        shown: dict[str, object] = {
            "kind": self.kind,
            "operationId": self.op_id,
            "count": self.count,
            "rate": self.rate,
            "key": self.key,
            "fired": self.fired,
        }
        if self.kind in BODY_KINDS:
            shown["field"] = self.field
        elif self.kind in ERROR_BODY_KINDS:
            shown["status"] = self.error_status
        elif self.kind == "stall":
            shown["seconds"] = self.stall_seconds
        return shown


@dataclass
class VarianceInjector(RuleBook[VarianceRule]):
    """The variance rules in force (`RuleBook`: by operation, count or seeded rate)."""
