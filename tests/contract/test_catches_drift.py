"""The suite's own proof: pointed at deliberately broken emulators over HTTP, the `default`
profile reports each drift (exit 1, the drift named in the report), every time; pointed at
the intact emulator it reports nothing (exit 0). Deterministic tests, not a lucky seed, make
each detection certain."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.contract.support import run_conformance, server

# Each test starts a server and a whole conformance run: minutes, not seconds.
pytestmark = pytest.mark.slow

EXPECTED = {
    # variant: (operation, check) findings that must be in the report
    "missing-required-field": ("fetchSenderPool", "body_matches_schema"),
    "undeclared-status": ("deleteSenderPool", "status_code_is_documented"),
    "delete-does-not-delete": ("deleteSenderPool, fetchSenderPool", "deleted_pool_is_gone"),
    "ignored-filters": ("listSenders", "sender_filters_hold"),
    "auth-not-enforced": (
        "listSenderPools, listSenders, createSenderPool",
        "authentication_is_required",
    ),
    "broken-pagination": ("listSenders", "pagination_visits_every_item_once"),
    "uses-deactivated-senders": (
        "sendMessages, fetchMessageOperation, listMessages",
        "deactivated_senders_are_never_used",
    ),
    "resolve-disagrees-with-sends": (
        "resolveSenders, sendMessages, listMessages",
        "resolve_agrees_with_sends",
    ),
    "search-ignores-channel": (
        "searchSenders, listSenders",
        "search_finds_by_address_and_channel",
    ),
}
SENDING = [
    "--allow-sending",
    "--send-to=+12025550100:PHONE",
    "--send-to=+12025550101:WHATSAPP",
]
# The send tests only run where sending is allowed, to recipients named for it.
EXTRA_ARGS = {
    "uses-deactivated-senders": SENDING,
    "resolve-disagrees-with-sends": SENDING,
    # Search is a read: it is checked with --read-only too (the guard lets it through).
    "search-ignores-channel": ["--read-only"],
}


@pytest.mark.parametrize("variant", sorted(EXPECTED))
def test_each_drift_is_reported(variant: str, tmp_path: Path) -> None:
    with server(variant) as url:
        code, output, report = run_conformance(
            url, tmp_path, "--profile", "default", *EXTRA_ARGS.get(variant, [])
        )
    assert code == 1, output[-3000:]
    found = {(f["operation"], f["check"]) for f in report["findings"]}
    assert EXPECTED[variant] in found, sorted(found)
    markdown = (tmp_path / "report.md").read_text()
    assert EXPECTED[variant][1] in markdown
    assert "DRIFT FOUND" in output


def test_the_intact_emulator_has_no_findings(tmp_path: Path) -> None:
    with server("intact") as url:
        code, output, report = run_conformance(url, tmp_path, "--profile", "default")
    assert code == 0, output[-3000:]
    assert report["findings"] == []
    assert report["counts"].get("failed", 0) == 0
    assert report["counts"]["passed"] >= 40
    assert "No drift found" in (tmp_path / "report.md").read_text()
