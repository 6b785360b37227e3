"""Turn a failed test into findings: which operation, which check, documented or inferred,
what happened, and a minimal request that reproduces it. (Credentials are redacted where the
findings are written: the report writer.)"""

from __future__ import annotations

import pytest

from contract_tests._finding import Finding
from contract_tests._fuzz import FuzzDrift
from contract_tests._judge import Drift
from contract_tests._session import ApiSession


def findings_for(
    item: pytest.Item, error: BaseException, session: ApiSession | None
) -> list[Finding]:
    test = item.nodeid
    if isinstance(error, Drift):
        return [
            Finding(
                test,
                error.op_id,
                error.check,
                _provenance(session, error.op_id, error.exchange.status),
                str(error),
                error.exchange.curl(session.redactor) if session else "",
            )
        ]
    if isinstance(error, FuzzDrift):
        return [
            Finding(
                test,
                error.op_id,
                check,
                _provenance(session, error.op_id, error.status),
                message,
                error.curl,
            )
            for check, message in error.failures
        ]
    marker = item.get_closest_marker("proves")
    if marker is not None and isinstance(error, AssertionError):
        reproduce = session.last.curl(session.redactor) if session and session.last else ""
        operations = marker.kwargs.get("operations", ["-"])
        return [
            Finding(
                test,
                ", ".join(operations),
                marker.args[0],
                marker.kwargs.get("provenance", "documented"),
                str(error),
                reproduce,
            )
        ]
    return [Finding(test, "-", "suite_ran_to_completion", "-", f"{type(error).__name__}: {error}")]


def _provenance(session: ApiSession | None, op_id: str, status: int) -> str:
    if session is None:
        return "documented"
    return session.judge.provenance(op_id, status)
