"""What a run's start-up banner and its report's header say about the run itself: the rate limit
it allowed itself (with how to lift it for a local server). Built from in-memory results: no
suite run, no server."""

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
from contract_tests._profiles import PROFILES
from contract_tests._target import in_process_target
from contract_tests.cli.runner import banner
from contract_tests.reporting._html import render_html
from contract_tests.reporting._writer import ReportWriter, render_markdown
from tests.contract.support import ManualTimer

SCHEMA = Path(__file__).resolve().parents[2] / "contract_tests" / "reporting" / "report.schema.json"
HINT = "pass --rate-limit 0 for a local server"


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
