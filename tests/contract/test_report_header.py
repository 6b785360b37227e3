"""What a run's start-up banner and its report's header say about the run itself: the rate limit
it allowed itself (with how to lift it for a local server), and test counts that agree with the
report's own lists. Built from in-memory results: no suite run, no server."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from comms_spec import Contract
from contract_tests._context import RunContext
from contract_tests._options import RunConfig
from contract_tests._patience import Inconclusive
from contract_tests._profiles import PROFILES
from contract_tests._target import in_process_target
from contract_tests.cli.runner import banner
from contract_tests.reporting._html import render_html
from contract_tests.reporting._writer import ReportWriter, render_markdown
from tests.contract.support import ManualTimer

SCHEMA = Path(__file__).resolve().parents[2] / "contract_tests" / "reporting" / "report.schema.json"
HINT = "pass --rate-limit 0 for a local server"
DERIVED = "contract_tests/suite/test_promises_derived.py"


def _settings(contract: Contract, base_url: str, *args: str) -> RunConfig:
    """A run's configuration against `base_url` as the runner builds it: the target carries
    the effective rate limit (the default, unless `args` set one)."""
    values: dict[str, Any] = {"base_url": base_url, "profile": "quick"}
    if args:
        values["rate_limit"] = float(args[1])
    settings = RunConfig.from_values(values)
    target = replace(
        in_process_target(contract),
        name=base_url,
        api_base=base_url,
        app=None,
        external=True,
        rate_limit=settings.effective_rate_limit,
    )
    return settings.with_target(target)


def _report(settings: RunConfig, contract: Contract) -> dict[str, Any]:
    assert settings.target is not None
    run = RunContext(contract, settings.target, PROFILES["quick"], ManualTimer())
    return ReportWriter(None, run).summary(0)


@pytest.mark.parametrize(
    ("base_url", "args", "says", "hint"),
    [
        ("http://127.0.0.1:8080/v1", (), "5 requests/s", True),
        ("http://localhost:8080/v1", (), "5 requests/s", True),
        ("http://[::1]:8080/v1", (), "5 requests/s", True),
        ("https://comms.twilio.com/v1", (), "5 requests/s", False),
        ("http://127.0.0.1:8080/v1", ("--rate-limit", "0"), "none", False),
    ],
)
def test_the_banner_and_every_report_header_state_the_rate_limit(
    contract: Contract, base_url: str, args: tuple[str, ...], says: str, hint: bool
) -> None:
    settings = _settings(contract, base_url, *args)
    line = next(line for line in banner(settings) if "rate limit" in line)
    assert says in line
    assert (HINT in line) is hint
    data = _report(settings, contract)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(data)
    assert data["rateLimit"]["requestsPerSecond"] == (5.0 if says != "none" else None)
    markdown_header = render_markdown(data).split("**No drift found**")[0]
    html = render_html(data)
    for text in (data["rateLimit"]["note"], markdown_header, html):
        assert says in text
        assert (HINT in text) is hint


def _skipped(nodeid: str, error: BaseException) -> pytest.TestReport:
    """A skipped test's report as pytest writes it: the reason is the exception's text, named
    by its class ("Skipped: ..." for pytest.skip, its module path for a subclass)."""
    try:
        raise error
    except BaseException:
        text = pytest.ExceptionInfo[BaseException].from_current().exconly()
    return pytest.TestReport(nodeid, (nodeid, 1, nodeid), {}, "skipped", (nodeid, 1, text), "call")


def test_inconclusive_tests_are_counted_and_listed_apart_from_skips(contract: Contract) -> None:
    settings = _settings(contract, "http://127.0.0.1:8080/v1")
    assert settings.target is not None
    writer = ReportWriter(None, RunContext(contract, settings.target, PROFILES["quick"]))
    busy = f"{DERIVED}::test_credentials_required[searchSenders]"
    for report in (
        _skipped(busy, Inconclusive("searchSenders stayed busy")),
        _skipped(busy.replace("[", "_again["), Inconclusive("searchSenders stayed busy")),
        _skipped(f"{DERIVED}::test_self_rereads_the_page[searchSenders]", Inconclusive("one page")),
        _skipped(
            f"{DERIVED}::test_credentials_required[sendMessages]",
            pytest.skip.Exception("not checked: sends Messages"),
        ),
    ):
        writer.pytest_runtest_logreport(report)
    data = writer.summary(0)
    assert data["counts"] == {"skipped": 4, "inconclusive": 3}
    assert data["tests"][busy]["reason"] == "inconclusive: searchSenders stayed busy"
    markdown = render_markdown(data)
    assert "4 skipped (3 inconclusive)" in markdown
    inconclusive = markdown.split("## Inconclusive")[1].split("## Skipped")
    assert "- searchSenders stayed busy (2 tests)\n" in inconclusive[0]
    assert "- one page" in inconclusive[0]
    assert inconclusive[1].strip() == "- not checked: sends Messages"
    assert "contract_tests._patience" not in markdown + render_html(data)
    entries = {e["id"]: e for e in data["promises"]["entries"]}
    assert entries["credentials_required[sendMessages]"]["verdict"] == "notChecked"
    assert entries["credentials_required[sendMessages]"]["reason"] == "sends Messages"
    assert entries["credentials_required[searchSenders]"]["reason"] == "searchSenders stayed busy"
