"""Checks that the spec is sound beyond what an OpenAPI validator proves.

Each check takes the parsed spec and returns problems; an empty list means it passed.
`scripts/check_spec.py` runs them all (`nox -s lint`, and the tests), and `tests/spec/` proves
each one catches the breakage it exists for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from comms_spec.checks._problem import SpecProblem
from comms_spec.checks.doc_samples import check_doc_samples
from comms_spec.checks.examples import check_examples
from comms_spec.checks.extensions import check_extensions
from comms_spec.checks.generators import check_generator_ready
from comms_spec.checks.links import check_links
from comms_spec.checks.openapi import check_openapi
from comms_spec.checks.provenance import check_provenance
from comms_spec.checks.sources import check_sources, count_claims

Check = Callable[[dict[str, Any]], list[SpecProblem]]

SPEC_CHECKS: dict[str, Check] = {
    "openapi-3.1-valid": check_openapi,
    "links-resolve": check_links,
    "examples-validate": check_examples,
    "provenance-recorded": check_provenance,
    "doc-samples-validate": check_doc_samples,
    "extensions-valid": check_extensions,
    "claims-sourced": check_sources,
    "generator-ready": check_generator_ready,
}


def run_spec_checks(spec: dict[str, Any]) -> list[SpecProblem]:
    """All checks; the structural one first, and the rest only if the structure is sound."""
    problems = check_openapi(spec)
    if problems:
        return problems
    return [
        f for name, check in SPEC_CHECKS.items() if name != "openapi-3.1-valid" for f in check(spec)
    ]


__all__ = [
    "SPEC_CHECKS",
    "Check",
    "SpecProblem",
    "check_doc_samples",
    "check_examples",
    "check_extensions",
    "check_generator_ready",
    "check_links",
    "check_openapi",
    "check_provenance",
    "check_sources",
    "count_claims",
    "run_spec_checks",
]
