"""Response variance on demand (POST /_emulator/variance): answers that differ in shape, each
marked in the journal, each still passing the self-check, which accepts only the departure
the rule made (the shared emulator self-checks every answer)."""

from __future__ import annotations

import httpx
import pytest

from comms_emulator.http.handlers import Reply
from comms_emulator.http.self_check import SelfCheckFailed
from comms_emulator.http.variance import Varied, check_deliberate
from comms_emulator.models.variance import ADDED_FIELD, UNKNOWN_ENUM_VALUE, VarianceRule
from comms_emulator.threaded import ThreadedEmulator
from comms_spec import Contract


def _vary(control: httpx.Client, **rule: object) -> None:
    response = control.post("/variance", json={"count": 1, **rule})
    assert response.status_code == 200, response.text


def _last_variance(control: httpx.Client, op_id: str) -> object:
    return control.get("/requests", params={"operationId": op_id}).json()["requests"][-1][
        "variance"
    ]


def test_unknown_enum_values_fill_the_first_enum_field_or_the_one_named(
    api: httpx.Client, control: httpx.Client
) -> None:
    _vary(control, kind="unknownEnum", operationId="listSenders")
    senders = api.get("/Senders").json()["senders"]
    assert {s["channel"] for s in senders} == {UNKNOWN_ENUM_VALUE}
    assert UNKNOWN_ENUM_VALUE not in {s["status"] for s in senders}
    assert _last_variance(control, "listSenders") == "unknownEnum"
    _vary(control, kind="unknownEnum", operationId="listSenders", field="senders.*.status")
    senders = api.get("/Senders").json()["senders"]
    assert {s["status"] for s in senders} == {UNKNOWN_ENUM_VALUE}
    # count 1: the next answer is honest again.
    assert UNKNOWN_ENUM_VALUE not in api.get("/Senders").text


def test_added_fields_and_missing_inferred_fields(api: httpx.Client, control: httpx.Client) -> None:
    _vary(control, kind="addedField", operationId="listSenders")
    listed = api.get("/Senders").json()
    assert ADDED_FIELD in listed
    assert all(ADDED_FIELD in sender for sender in listed["senders"])
    _vary(control, kind="missingField", operationId="createSenderPool", field="operationLocation")
    accepted = api.post("/SenderPools", json={"name": "v"})
    assert accepted.status_code == 202
    assert set(accepted.json()) == {"operationId"}
    assert accepted.headers["Location"]  # only the body varies


def test_error_pages_carry_a_declared_status(api: httpx.Client, control: httpx.Client) -> None:
    _vary(control, kind="htmlError", operationId="fetchSenderPool", status=503)
    page = api.get("/SenderPools/comms_senderpool_01h9krwprkeee8fzqspvwy6nq8")
    assert page.status_code == 503
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["Retry-After"] == "1"
    assert page.text.startswith("<!DOCTYPE html>")
    _vary(control, kind="emptyError", operationId="listSenders")
    empty = api.get("/Senders")
    assert (empty.status_code, empty.content) == (500, b"")
    assert _last_variance(control, "listSenders") == "emptyError"


def test_a_stalled_answer_outlasts_the_client_timeout_and_ends_when_it_leaves(
    emulator: ThreadedEmulator, control: httpx.Client
) -> None:
    _vary(control, kind="stall", operationId="listSenders", seconds=60)
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth, timeout=0.3) as http:
        with pytest.raises(httpx.ReadTimeout):
            http.get("/Senders")
        assert http.get("/Senders").status_code == 200


def test_a_dropped_connection_comes_after_the_request_was_served(
    api: httpx.Client, control: httpx.Client
) -> None:
    _vary(control, kind="drop", operationId="createSenderPool")
    with pytest.raises(httpx.RemoteProtocolError):
        api.post("/SenderPools", json={"name": "lost answer"})
    operations = api.get("/SenderPools/Operations").json()["operations"]
    assert len(operations) == 1  # applied: only the answer was lost
    assert _last_variance(control, "createSenderPool") == "drop"


def test_a_rate_rule_stays_until_cleared(api: httpx.Client, control: httpx.Client) -> None:
    response = control.post("/variance", json={"kind": "addedField", "rate": 1})
    assert response.status_code == 200
    assert all(ADDED_FIELD in api.get("/Senders").json() for _ in range(3))
    [rule] = control.get("/variance").json()["variance"]
    assert (rule["kind"], rule["fired"]) == ("addedField", 3)
    assert control.delete("/variance").json() == {"variance": []}
    assert ADDED_FIELD not in api.get("/Senders").json()


@pytest.mark.parametrize(
    ("rule", "why"),
    [
        ({"kind": "sideways", "count": 1}, "kind"),
        ({"kind": "stall", "count": 1, "rate": 0.5}, "count"),
        ({"kind": "stall"}, "count"),
        ({"kind": "unknownEnum", "operationId": "noSuchOp", "count": 1}, "no operation"),
        ({"kind": "unknownEnum", "operationId": "fetchSenderPool", "count": 1}, "no field"),
        ({"kind": "missingField", "operationId": "listSenders", "field": "x", "count": 1}, "x"),
        ({"kind": "htmlError", "operationId": "listSenders", "status": 404, "count": 1}, "404"),
        ({"kind": "stall", "status": 500, "count": 1}, "status"),
        ({"kind": "drop", "seconds": 5, "count": 1}, "seconds"),
    ],
)
def test_bad_rules_are_refused_clearly(
    control: httpx.Client, rule: dict[str, object], why: str
) -> None:
    response = control.post("/variance", json=rule)
    assert response.status_code == 400
    assert why in response.json()["message"]
    assert control.get("/variance").json() == {"variance": []}


def test_the_self_check_accepts_only_the_deliberate_departure(contract: Contract) -> None:
    sender: dict[str, object] = {
        "id": "comms_sender_01h9krwprkeee8fzqspvwy6nq8",
        "displayName": None,
        "address": "+14155550100",
        "channel": UNKNOWN_ENUM_VALUE,
        "status": "ACTIVATED",
        "tags": {},
        "createdAt": "2025-01-01T00:00:00.000Z",
        "updatedAt": "2025-01-01T00:00:00.000Z",
    }
    body = {"senders": [sender], "pagination": {"next": None, "self": "x"}}
    check_deliberate(
        contract, "listSenders", Varied(Reply(200, body), deliberate=("/senders/0/channel",))
    )
    with pytest.raises(SelfCheckFailed, match="channel"):
        check_deliberate(contract, "listSenders", Varied(Reply(200, body), deliberate=("/x",)))
    with pytest.raises(SelfCheckFailed, match="undeclared"):
        check_deliberate(contract, "listSenders", Varied(Reply(418, None), raw=b""))


def test_the_harness_varies_in_process(comms_emulator_asgi: object) -> None:
    from comms_emulator.harness import AsgiEmulator

    assert isinstance(comms_emulator_asgi, AsgiEmulator)
    comms_emulator_asgi.vary("unknownEnum", op_id="listSenders", field="senders.*.status")
    with comms_emulator_asgi.client() as http:
        assert {s["status"] for s in http.get("/Senders").json()["senders"]} == {UNKNOWN_ENUM_VALUE}
    with pytest.raises(ValueError, match="count"):
        VarianceRule("drop")


def test_the_consistency_mode_switches_at_run_time(
    emulator: ThreadedEmulator, api: httpx.Client, control: httpx.Client
) -> None:
    assert control.get("/consistency").json() == {"consistency": "strong"}
    assert control.put("/consistency", json={"consistency": "eventual:30"}).status_code == 200
    operation_id = api.post("/SenderPools", json={"name": "lagging"}).json()["operationId"]
    assert api.get(f"/SenderPools/Operations/{operation_id}").status_code == 200
    assert api.get("/SenderPools", params={"operationId": operation_id}).json()["senderPools"] == []
    bad = control.put("/consistency", json={"consistency": "sometimes"})
    assert bad.status_code == 400
    assert control.get("/consistency").json() == {"consistency": "eventual:30"}
    # The harness (the fixtures' reset) puts back the configured mode, afresh.
    from comms_emulator.harness import EmulatorHarness

    EmulatorHarness(emulator.app).reset()
    assert control.get("/consistency").json() == {"consistency": "strong"}
    assert api.get("/SenderPools/Operations").json()["operations"] == []
