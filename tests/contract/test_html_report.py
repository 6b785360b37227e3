"""report.html at a thousand findings: still one folded page of headings (each check shows its
first few cases; the rest are counted), rendered by headless Chromium with the history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from comms_spec import Contract
from contract_tests._coverage import Coverage
from contract_tests._patience import Patience
from contract_tests.reporting._formats import write_reports
from contract_tests.reporting._history import record_night
from contract_tests.reporting._html import EXAMPLES_SHOWN
from contract_tests.reporting._writer import render_markdown
from tests.contract.report_page import assert_renders
from tests.contract.support import ManualTimer

pytestmark = pytest.mark.slow  # starts Chromium twice

CHECKS = ("status_code_is_documented", "body_matches_schema", "no_undeclared_response_fields")
IMPACTS = ("breaking", "inferred", "additive")


def _report(contract: Contract, count: int, night: str) -> dict[str, Any]:
    operations = sorted(contract.op_ids)
    findings = [
        {
            "test": f"contract_tests/suite/test_fuzz.py::test_every_operation_conforms[{i}]",
            "operation": operations[i % len(operations)],
            "check": CHECKS[i % len(CHECKS)],
            "provenance": "documented",
            "impact": IMPACTS[i % len(IMPACTS)],
            "message": f"case {i}: answered 500 <b>not escaped?</b>\n" + "x" * 300,
            "reproduce": f"curl -X GET -u '[REDACTED]' 'http://emulator.local/v1/x?case={i}'",
        }
        for i in range(count)
    ]
    coverage = Coverage(contract)
    route = contract.router.route("/SenderPools")
    coverage.record("GET", route, {"pageSize": 5}, None, 200, {"senderPools": []})
    return {
        "schemaVersion": 2,
        "target": "emulator (in-process)",
        "profile": "nightly",
        "readOnly": False,
        "startedAt": night,
        "durationSeconds": 2400.0,
        "pytestExitStatus": 1,
        "requestsSent": 100_000,
        "counts": {"passed": 70, "failed": 7, "skipped": 2, "inconclusive": 1},
        "failOn": "inferred",
        "failed": True,
        "impactCounts": {i: sum(f["impact"] == i for f in findings) for i in IMPACTS},
        "findings": findings,
        "baseline": None,
        "patience": Patience(ManualTimer()).summary(),
        "coverage": coverage.summary(),
        "tests": {
            "contract_tests/suite/test_x.py::test_waits": {
                "outcome": "skipped",
                "duration": 0.1,
                "reason": "inconclusive: the API stayed busy",
            }
        },
        "replay": {
            "seed": 99,
            "shard": None,
            "rerun": "comms-conformance --seed 99 --profile nightly",
            "exchangeDigest": {"exchanges": 100_000, "sha256": "ab" * 32},
        },
    }


def test_a_thousand_findings_stay_one_readable_page(tmp_path: Path) -> None:
    contract = Contract.load()
    ledger = tmp_path / "history.json"
    record_night(ledger, _report(contract, 400, "2026-11-30T03:00:00Z"))
    report = _report(contract, 1000, "2026-12-01T03:00:00Z")
    report["history"] = record_night(ledger, report)
    write_reports(tmp_path, report, render_markdown)
    dom = assert_renders(tmp_path, report, tmp_path / "page.png")
    groups = {(f["impact"], f["operation"], f["check"]) for f in report["findings"]}
    shown = dom.all("pre", **{"class": "exchange"})
    assert len(shown) == sum(
        min(
            EXAMPLES_SHOWN,
            sum((f["impact"], f["operation"], f["check"]) == g for f in report["findings"]),
        )
        for g in groups
    )
    assert len(shown) < 400  # of 1,000: the rest are counted, not printed
    assert not [a for tag, a in dom.elements if tag == "details" and "open" in a]  # all folded
    assert (tmp_path / "report.html").stat().st_size < 1_500_000
    assert "<b>not escaped?</b>" not in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "1000 drift finding(s)" in dom.text_by_id["verdict"]
    history = dom.text_by_id["history"]
    assert "600new" in history.replace(" ", "").replace("\n", "")
    assert len(dom.all("rect")) == 2  # the trend: a bar a night
    assert dom.text_by_id["inconclusive"].count("stayed busy") == 1
