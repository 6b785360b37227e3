"""Fault injection: chosen requests answer 429/503 with Retry-After, then recover."""

from __future__ import annotations

import httpx
import pytest

from comms_emulator.models import rules
from comms_emulator.models.rules import RULE_KEY_HEADER
from contract_tests._session import EMULATOR_RULE_KEY
from tests.emulator.flows import state_counts


def test_next_n_requests_to_an_operation(api: httpx.Client, control: httpx.Client) -> None:
    rule = {"status": 429, "operationId": "createSenderPool", "count": 2, "retryAfter": 3}
    assert control.post("/faults", json=rule).status_code == 200
    before = state_counts(control)
    assert api.get("/Senders").status_code == 200  # other operations unaffected
    for _ in range(2):
        response = api.post("/SenderPools", json={"name": "x"})
        assert response.status_code == 429
        assert response.headers["Retry-After"] == "3"
        assert response.json()["code"] == 20429
    assert state_counts(control) == before  # a refused request changes nothing
    assert api.post("/SenderPools", json={"name": "x"}).status_code == 202
    assert control.get("/faults").json() == {"faults": []}


def test_a_fraction_of_all_requests(api: httpx.Client, control: httpx.Client) -> None:
    control.post("/faults", json={"status": 503, "rate": 1.0, "retryAfter": 0})
    statuses = {api.get("/Senders").status_code for _ in range(5)}
    assert statuses == {503}
    assert api.get("/Senders").headers["Retry-After"] == "0"
    control.delete("/faults")
    assert api.get("/Senders").status_code == 200


def test_a_keyed_rule_fires_only_for_requests_with_its_key(
    api: httpx.Client, control: httpx.Client
) -> None:
    # Two clients of one emulator (parallel shards): each takes only the faults it armed.
    assert EMULATOR_RULE_KEY == RULE_KEY_HEADER  # the suite sends the header the emulator reads
    mine = {RULE_KEY_HEADER: "shard-1"}
    control.post(
        "/faults", json={"status": 503, "operationId": "listSenders", "count": 1, "key": "shard-1"}
    )
    assert api.get("/Senders").status_code == 200  # no key: not this rule's request
    assert api.get("/Senders", headers={RULE_KEY_HEADER: "shard-2"}).status_code == 200
    assert [rule["key"] for rule in control.get("/faults").json()["faults"]] == ["shard-1"]
    assert api.get("/Senders", headers=mine).status_code == 503
    assert api.get("/Senders", headers=mine).status_code == 200  # its count is spent
    control.post(
        "/variance",
        json={"kind": "addedField", "operationId": "listSenders", "count": 1, "key": "k"},
    )
    assert "emulatedAddedField" not in api.get("/Senders").text
    assert "emulatedAddedField" in api.get("/Senders", headers={RULE_KEY_HEADER: "k"}).text
    assert control.get("/variance").json() == {"variance": []}


def test_a_partial_rate_fires_sometimes(api: httpx.Client, control: httpx.Client) -> None:
    control.post("/faults", json={"status": 503, "rate": 0.5})
    statuses = [api.get("/Senders").status_code for _ in range(60)]
    assert 0 < statuses.count(503) < 60
    assert set(statuses) == {200, 503}


@pytest.mark.parametrize(
    "rule",
    [
        {"status": 500, "count": 1},
        {"status": 429},
        {"status": 429, "count": 1, "rate": 0.5},
        {"status": 429, "count": 0},
        {"status": 429, "rate": 2},
        {"status": 429, "count": 1, "retryAfter": -1},
        {"status": 429, "count": 1.5},  # would never count down to 0 (issue 12, #8)
        {"status": 429, "count": True},
        {"status": 429, "rate": 0.5, "retryAfter": 1.5},
        {"status": 429, "count": 1, "colour": "red"},
        {"status": 429, "count": 1, "key": ""},
        {"status": 429, "count": 1, "key": "k" * 129},
        {"status": 429, "count": 1, "key": 7},
    ],
)
def test_invalid_rules_are_400(control: httpx.Client, rule: dict[str, object]) -> None:
    response = control.post("/faults", json=rule)
    assert response.status_code == 400
    assert response.json()["message"].startswith("Invalid control request body")
    assert control.get("/faults").json() == {"faults": []}


def test_a_rule_for_an_operation_the_spec_lacks_is_400(control: httpx.Client) -> None:
    # A typo in operationId would arm a rule that never fires: the test relying on it passes.
    rule = {"status": 429, "count": 1, "operationId": "listSenderz"}
    response = control.post("/faults", json=rule)
    assert response.status_code == 400
    assert "no operation 'listSenderz' in the spec" in response.json()["message"]
    assert control.get("/faults").json() == {"faults": []}


@pytest.mark.parametrize(
    ("path", "rule"),
    [
        ("/faults", {"status": 429, "count": 5, "key": "never-sent"}),
        ("/variance", {"kind": "addedField", "count": 5, "key": "never-sent"}),
    ],
)
def test_rule_books_are_capped(
    control: httpx.Client, monkeypatch: pytest.MonkeyPatch, path: str, rule: dict[str, object]
) -> None:
    # Every request scans the rules and every POST answers with all of them: a client arming
    # rules in a loop must meet a limit (the real one, 1,000, made small here).
    monkeypatch.setattr(rules, "MAX_RULES", 3)
    for _ in range(3):
        assert control.post(path, json=rule).status_code == 200
    refused = control.post(path, json=rule)
    assert refused.status_code == 409
    assert "at most 3 rules" in refused.json()["message"]
    assert len(control.get(path).json()[path.strip("/")]) == 3  # nothing half-applied
    control.delete(path)
    assert control.post(path, json=rule).status_code == 200  # room again
    control.delete(path)
