"""The promise catalogue: every entry names tests that exist, every kind has a broken emulator
that proves it can fail, a new operation gets its derived entries, and the report's verdicts
and formats follow the tests' outcomes."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from comms_spec import Contract
from contract_tests._inputs import NON_ASCII, edge_value, longest_string, past
from contract_tests._promises import catalogue, derived
from contract_tests.reporting._promises_report import (
    JUNIT_FILE,
    markdown_lines,
    promises_section,
    verdict,
    write_junit,
)
from tests.contract import test_catches_drift as proofs

ROOT = Path(__file__).resolve().parents[2]

# Catalogue kind -> a finding a drift proof asserts (test_catches_drift.py), naming that kind's
# breakage. A new kind without a line here fails below: it has no proof that it can fail.
PROVED_BY = {
    "credentials_required": ("listSenders", "credentials_required"),
    "unknown_id_is_404": ("fetchSenderPoolOperation", "unknown_id_is_404"),
    "malformed_input_is_400": ("fetchMessage", "malformed_input_is_400"),
    "busy_429_is_retried": ("listSenders", "busy_429_is_retried"),
    "busy_503_is_retried": ("deleteSenderPool", "busy_503_is_retried"),
    "accounts_are_isolated": ("fetchSender", "accounts_are_isolated"),
    "next_visits_every_item_once": ("listSenders", "next_visits_every_item_once"),
    "self_rereads_the_page": ("listSenders", "self_rereads_the_page"),
    "list_filter_holds": ("listSenderPoolSenders", "list_filter_holds"),
    "written_field_reads_back": ("createSenderPool, fetchSenderPool", "written_field_reads_back"),
    "input_limit_is_enforced": ("updateSenderPool", "input_limit_is_enforced"),
    "membership_is_a_set": (
        "addSenderPoolSenders, listSenderPoolSenders",
        "membership_is_a_set",
    ),
    "remove_removes_exactly_one": (
        "removeSenderPoolSender, listSenderPoolSenders, fetchSender",
        "remove_removes_exactly_one",
    ),
    "locations_resolve": (
        "createSenderPool, updateSenderPool, addSenderPoolSenders, sendMessages",
        "locations_resolve",
    ),
    "search_matches_address_and_channel": (
        "searchSenders, listSenders",
        "search_finds_by_address_and_channel",
    ),
    "resolve_returns_only_eligible_senders": (
        "resolveSenders, listSenders",
        "resolve_returns_only_eligible_senders",
    ),
    "resolve_first_is_what_a_send_uses": (
        "resolveSenders, sendMessages, listMessages",
        "resolve_agrees_with_sends",
    ),
    "one_message_per_recipient": (
        "sendMessages, listMessages, fetchMessage",
        "one_message_per_recipient",
    ),
    "nothing_goes_out_before_send_at": (
        "sendMessages, fetchMessageOperation, listMessages, fetchMessage",
        "nothing_goes_out_before_send_at",
    ),
    "documented_limits_are_rejected": (
        "createSenderPool, listSenderPools, listSenders",
        "documented_limits_are_rejected",
    ),
    "documented_limits_are_accepted": ("createSenderPool", "documented_limits_are_accepted"),
    "deleted_pool_is_gone": ("deleteSenderPool, fetchSenderPool", "deleted_pool_is_gone"),
    "async_create_is_found_by_operation_id": (
        "createSenderPool, fetchSenderPoolOperation, listSenderPools",
        "async_create_is_found_by_operation_id",
    ),
    "pool_sends_use_fitting_pool_senders": (
        "sendMessages, fetchMessageOperation, listMessages, fetchMessage",
        "pool_sends_use_fitting_pool_senders",
    ),
    "responses_match_the_spec": ("fetchSenderPool", "body_matches_schema"),
}


def _asserted_by_proofs() -> set[tuple[str, str]]:
    found = set(proofs.EXPECTED.values()) | set(proofs.ALSO_EXPECTED.values())
    for pairs in proofs.PROMISE_EXPECTED.values():
        found |= set(pairs)
    return found


def test_every_kind_has_a_proof_that_it_can_fail(contract: Contract) -> None:
    kinds = {p.kind for p in catalogue(contract)}
    assert kinds == set(PROVED_BY), kinds ^ set(PROVED_BY)
    unproved = {k: v for k, v in PROVED_BY.items() if v not in _asserted_by_proofs()}
    assert not unproved, unproved


def test_every_entry_names_tests_that_exist(contract: Contract) -> None:
    for promise in catalogue(contract):
        assert promise.tests, promise.id
        for test in promise.tests:
            module, _, name = test.partition("::")
            function = name.split("[", 1)[0]
            source = (ROOT / module).read_text(encoding="utf-8")
            assert re.search(rf"^def {function}\(", source, re.M), test
        assert promise.source.page, promise.id
        assert promise.source.pointer.startswith("/"), promise.id


def test_entries_are_unique_and_every_operation_is_covered(contract: Contract) -> None:
    entries = catalogue(contract)
    assert len({p.id for p in entries}) == len(entries)
    for kind in ("credentials_required", "malformed_input_is_400", "busy_429_is_retried"):
        assert {p.key for p in derived(contract, kind)} == set(contract.op_ids)
    lists = set(contract.list_keys)
    assert {p.key for p in derived(contract, "self_rereads_the_page")} == lists
    filters = {p.key for p in derived(contract, "list_filter_holds")}
    assert {"listSenderPoolSenders:startDate", "listMessages:status"} <= filters
    assert not any(k.endswith((":pageSize", ":pageToken")) for k in filters)
    written = {p.key for p in derived(contract, "written_field_reads_back")}
    assert {"createSenderPool:name", "updateSenderPool:tags", "sendMessages:content"} <= written


def test_a_new_operation_gets_its_checks_without_a_new_test(contract: Contract) -> None:
    document = copy.deepcopy(contract.document)
    listing = copy.deepcopy(document["paths"]["/Senders"]["get"])
    listing["operationId"] = "listArchivedSenders"
    document["paths"]["/ArchivedSenders"] = {"get": listing}
    grown = Contract(document)
    ids = {p.id for p in catalogue(grown)}
    for kind in ("credentials_required", "next_visits_every_item_once", "self_rereads_the_page"):
        assert f"{kind}[listArchivedSenders]" in ids
    assert "list_filter_holds[listArchivedSenders:channel]" in ids
    assert "input_limit_is_enforced[listArchivedSenders:query.pageSize:maximum]" in ids


def test_edge_values_sit_at_the_documented_limits(contract: Contract) -> None:
    tags = contract.body_properties("createSenderPool")["tags"]
    edge = edge_value(contract, tags, reserved=1)
    assert len(edge) == 9
    assert all(len(k) == 128 and len(v) == 256 for k, v in edge.items())
    assert all(re.fullmatch(r"[a-zA-Z0-9._~-]+", k + v) for k, v in edge.items())
    name = longest_string(contract.body_properties("createSenderPool")["name"])
    assert len(name) == 1000
    assert set(NON_ASCII) <= set(name)
    assert len(past({"maxLength": 256, "pattern": "^[a-z]+$"}, "maxLength", 256)) == 257
    assert past({}, "maximum", 1000) == 1001


def _outcomes() -> dict[str, dict[str, Any]]:
    derived_module = "contract_tests/suite/test_promises_derived.py"
    return {
        f"{derived_module}::test_credentials_required[listSenders]": {"outcome": "passed"},
        f"{derived_module}::test_credentials_required[fetchSender]": {"outcome": "failed"},
        f"{derived_module}::test_credentials_required[searchSenders]": {
            "outcome": "skipped",
            "reason": "contract_tests._patience.Inconclusive: inconclusive: too busy",
        },
        f"{derived_module}::test_credentials_required[sendMessages]": {
            "outcome": "skipped",
            "reason": "sends Messages: only the built-in emulator is sent to",
        },
    }


def test_verdicts_follow_the_outcomes(contract: Contract) -> None:
    by_id = {p.id: p for p in catalogue(contract)}
    outcomes = _outcomes()
    assert verdict(by_id["credentials_required[listSenders]"], outcomes) == ("passed", "")
    assert verdict(by_id["credentials_required[fetchSender]"], outcomes) == ("drifted", "")
    assert verdict(by_id["credentials_required[searchSenders]"], outcomes) == (
        "inconclusive",
        "too busy",
    )
    assert verdict(by_id["credentials_required[sendMessages]"], outcomes)[0] == "notChecked"
    assert "did not run" in verdict(by_id["membership_is_a_set"], outcomes)[1]


def test_the_section_is_in_every_format(contract: Contract, tmp_path: Path) -> None:
    section = promises_section(contract, _outcomes())
    counts = section["counts"]
    assert sum(counts.values()) == section["total"] == len(catalogue(contract))
    assert (counts["passed"], counts["drifted"], counts["inconclusive"]) == (1, 1, 1)
    schema = json.loads(proofs.SCHEMA.read_text())
    jsonschema.Draft202012Validator(
        {**schema["properties"]["promises"], "$defs": schema["$defs"]}
    ).validate(section)
    markdown = "\n".join(markdown_lines(section))
    assert "## Promises" in markdown
    assert "`credentials_required[searchSenders]`: too busy" in markdown
    write_junit(section, tmp_path)
    junit = (tmp_path / JUNIT_FILE).read_text()
    assert junit.count("<testcase") == section["total"]
    assert junit.count("<failure") == 1


@pytest.mark.parametrize("group", sorted(proofs.PROMISE_EXPECTED))
def test_every_promise_group_is_served(group: str) -> None:
    from tests.contract.broken_server import PROMISE_GROUPS

    assert PROMISE_GROUPS[group]
