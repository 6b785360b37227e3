"""Impact classes of findings, and the exit policy built on them.

- `breaking`: a documented promise or a generated client breaks (missing required field, type
  change, undeclared status, behaviour);
- `inferred`: one of the spec's inferred decisions is contradicted (`x-provenance: inferred`);
- `additive`: a response carries an undeclared field or header: the spec is stale, clients
  are fine.

`--fail-on CLASS` fails the run on findings of that class or a more severe one (the order
above): `breaking` fails only on breaking drift, `inferred` (the default) on breaking or
inferred, `additive` on any finding. Additive findings alone never fail the default run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from comms_spec import UNDECLARED_FIELD, UNDECLARED_HEADER

IMPACTS = ("breaking", "inferred", "additive")  # most severe first
DEFAULT_FAIL_ON = "inferred"
ADDITIVE_CHECKS = frozenset({UNDECLARED_FIELD, UNDECLARED_HEADER})


def impact_of(check: str, provenance: str) -> str:
    if check in ADDITIVE_CHECKS:
        return "additive"
    if provenance == "inferred":
        return "inferred"
    return "breaking"  # documented promises, and suite errors (a run that broke is not green)


class _Impact(Protocol):
    @property
    def impact(self) -> str: ...


F = TypeVar("F", bound=_Impact)


def failing(findings: Iterable[F], fail_on: str) -> list[F]:
    """The findings that fail a run under `--fail-on fail_on`."""
    if fail_on not in IMPACTS:
        raise ValueError(f"--fail-on must be one of {', '.join(IMPACTS)}, not {fail_on!r}")
    failing_classes = IMPACTS[: IMPACTS.index(fail_on) + 1]
    return [f for f in findings if f.impact in failing_classes]
