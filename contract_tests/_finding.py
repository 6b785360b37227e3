"""A finding: one way the target differs from the spec (or from the reference, in parity),
from the check that found it to the report. Kept as this object all the way and serialised
once, by the report writer, which is also where credentials are redacted.

(Not comms_spec's `SpecProblem`, which is a problem of the spec document itself.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from contract_tests.reporting._impact import impact_of

MAX_MESSAGE = 1500
Key = tuple[str, str, str]


@dataclass(frozen=True)
class Finding:
    test: str  # the test (or parity exchange) that found it
    operation: str  # operationId(s), comma separated; "-" for none
    check: str  # what a passing check proves, e.g. body_matches_schema
    provenance: str  # documented / inferred / "-"
    message: str
    reproduce: str = ""  # a curl command; may be empty
    impact: str = ""  # breaking / inferred / additive: from check and provenance when not given
    baseline: str | None = None  # new / still present, against --baseline
    requests: Mapping[str, str] = field(default_factory=dict)  # parity: each side's request

    def __post_init__(self) -> None:
        if not self.impact:
            object.__setattr__(self, "impact", impact_of(self.check, self.provenance))
        object.__setattr__(self, "message", self.message.strip())

    @property
    def key(self) -> Key:
        """What identifies a finding across runs (messages carry run-specific IDs)."""
        return (self.test, self.operation, self.check)

    def marked(self, baseline: str) -> Finding:
        return replace(self, baseline=baseline)

    def to_json(self, redact: Callable[[str], str] = str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "test": self.test,
            "operation": self.operation,
            "check": self.check,
            "provenance": self.provenance,
            "impact": self.impact,
            # Cut after redaction: a cut credential would no longer be recognised.
            "message": redact(self.message)[:MAX_MESSAGE],
            "reproduce": redact(self.reproduce),
        }
        if self.requests:
            data["requests"] = {side: redact(text) for side, text in self.requests.items()}
        if self.baseline is not None:
            data["baseline"] = self.baseline
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Finding:
        """A finding of a previous report (a baseline); ValueError when it is not one."""
        try:
            return cls(
                test=str(data.get("test", "")),
                operation=str(data["operation"]),
                check=str(data["check"]),
                provenance=str(data.get("provenance", "documented")),
                message=str(data.get("message", "")),
                reproduce=str(data.get("reproduce", "")),
                impact=str(data.get("impact", "")),
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"not a finding: {error!r}") from None
