"""Turn a failed test into findings: which operation, which check, documented or inferred,
what happened, and a minimal request that reproduces it (credentials redacted)."""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests._fuzz import FuzzDrift
from contract_tests._redaction import Redactor
from contract_tests._session import ApiSession, Drift
from contract_tests.reports._impact import impact_of

MAX_MESSAGE = 1500


def findings_for(
    item: pytest.Item, error: BaseException, session: ApiSession | None
) -> list[dict[str, Any]]:
    redact = session.redactor.redact if session is not None else Redactor([]).redact
    if isinstance(error, Drift):
        return [
            _finding(
                item,
                error.operation_id,
                error.check,
                _provenance(session, error.operation_id, error.exchange.status),
                str(error),
                error.exchange.curl(session.redactor) if session else "",
                redact,
            )
        ]
    if isinstance(error, FuzzDrift):
        return [
            _finding(
                item,
                error.operation_id,
                check,
                _provenance(session, error.operation_id, error.status),
                message,
                error.curl,
                redact,
            )
            for check, message in error.failures
        ]
    marker = item.get_closest_marker("proves")
    if marker is not None and isinstance(error, AssertionError):
        reproduce = session.last.curl(session.redactor) if session and session.last else ""
        operations = marker.kwargs.get("operations", ["-"])
        return [
            _finding(
                item,
                ", ".join(operations),
                marker.args[0],
                marker.kwargs.get("provenance", "documented"),
                str(error),
                reproduce,
                redact,
            )
        ]
    return [
        _finding(
            item,
            "-",
            "suite_ran_to_completion",
            "-",
            f"{type(error).__name__}: {error}",
            "",
            redact,
        )
    ]


def _finding(
    item: pytest.Item,
    operation: str,
    check: str,
    provenance: str,
    message: str,
    reproduce: str,
    redact: Any,
) -> dict[str, Any]:
    return {
        "test": item.nodeid,
        "operation": operation,
        "check": check,
        "provenance": provenance,
        "impact": impact_of(check, provenance),
        "message": redact(message.strip())[:MAX_MESSAGE],
        "reproduce": redact(reproduce),
    }


def _provenance(session: ApiSession | None, operation_id: str, status: int) -> str:
    if session is None:
        return "documented"
    return session.conformance.provenance(operation_id, status) or session.operation_provenance(
        operation_id
    )
