"""The seeded sender inventory: realistic by default, replaceable, validated."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from comms_emulator import create_app
from comms_emulator.config import EmulatorConfig
from comms_emulator.models.inventory import load_inventory_file
from comms_spec import Contract
from tests.emulator.conftest import ACCOUNT_A, ACCOUNT_B, MakeEmulator
from tests.emulator.flows import collect, create_pool


def test_default_inventory_covers_every_channel(api: httpx.Client) -> None:
    senders = collect(api, "/Senders", "senders")
    assert len(senders) >= 12
    assert {s["channel"] for s in senders} == {"SMS", "RCS", "EMAIL", "WHATSAPP", "PUSH"}
    assert 0 < sum(s["status"] == "DEACTIVATED" for s in senders) < len(senders)
    assert any(s["displayName"] is None for s in senders)  # nullable, and exercised
    assert all(s["address"] for s in senders)
    one = senders[0]
    assert api.get(f"/Senders/{one['id']}").json() == one


def test_sender_ids_are_stable_per_account_and_differ_between_accounts(
    contract: Contract,
) -> None:
    def ids(sid: str) -> list[str]:
        world = create_app(EmulatorConfig(accounts={sid: "t"}), contract).state.world
        return [s.id for s in world.account(sid).all_senders()]

    assert ids(ACCOUNT_A[0]) == ids(ACCOUNT_A[0])
    assert not set(ids(ACCOUNT_A[0])) & set(ids(ACCOUNT_B[0]))


def test_inventory_from_a_file(tmp_path: Path, make_emulator: MakeEmulator) -> None:
    path = tmp_path / "senders.json"
    path.write_text(
        json.dumps(
            {
                ACCOUNT_A[0]: [
                    {"channel": "SMS", "address": "+15005550006", "status": "ACTIVATED"},
                    {
                        "id": "comms_sender_01h9krwprkeee8fzqspvwy6nq8",
                        "channel": "EMAIL",
                        "address": "ops@example.org",
                        "status": "DEACTIVATED",
                        "displayName": "Ops",
                        "tags": {"team": "ops"},
                        "createdAt": "2023-05-01T00:00:00Z",
                    },
                ]
            }
        )
    )
    emulator = make_emulator(inventory=load_inventory_file(path))
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=ACCOUNT_A) as api:
        senders = collect(api, "/Senders", "senders")
        assert [s["address"] for s in senders] == ["ops@example.org", "+15005550006"]
        assert senders[0]["id"] == "comms_sender_01h9krwprkeee8fzqspvwy6nq8"
        assert senders[0]["tags"] == {"team": "ops"}
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=ACCOUNT_B) as other:
        assert len(collect(other, "/Senders", "senders")) >= 12  # not in the file: default


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot read sender file"),
        ('"a string"', "expected a list of senders"),
        ('[{"channel": "FAX", "address": "x", "status": "ACTIVATED"}]', "'FAX' is not one of"),
        ('[{"channel": "SMS", "status": "ACTIVATED"}]', "'address' is a required property"),
        (
            '[{"channel": "SMS", "address": "x", "status": "ACTIVATED", "tags": {"a b": "c"}}]',
            "does not match",
        ),
    ],
)
def test_a_bad_inventory_file_is_refused_at_start(
    tmp_path: Path, content: str, message: str, contract: Contract
) -> None:
    path = tmp_path / "senders.json"
    path.write_text(content)
    with pytest.raises(ValueError, match=message):
        create_app(EmulatorConfig(inventory=load_inventory_file(path)), contract)


def test_seed_through_the_control_plane(api: httpx.Client, control: httpx.Client) -> None:
    create_pool(api)
    response = control.put(
        f"/accounts/{ACCOUNT_A[0]}/senders",
        json={"senders": [{"channel": "PUSH", "address": "my_app", "status": "ACTIVATED"}]},
    )
    assert response.json() == {"account": ACCOUNT_A[0], "senders": 1}
    assert [s["address"] for s in collect(api, "/Senders", "senders")] == ["my_app"]
    assert collect(api, "/SenderPools", "senderPools") == []  # the account was reset with it
    control.post("/reset", json={"account": ACCOUNT_A[0]})
    assert [s["address"] for s in collect(api, "/Senders", "senders")] == ["my_app"]  # kept


def test_seeding_bad_senders_changes_nothing(api: httpx.Client, control: httpx.Client) -> None:
    before = collect(api, "/Senders", "senders")
    response = control.put(
        f"/accounts/{ACCOUNT_A[0]}/senders", json={"senders": [{"channel": "SMS"}]}
    )
    assert response.status_code == 400
    assert "invalid sender inventory" in response.json()["message"]
    assert collect(api, "/Senders", "senders") == before
    assert control.put("/accounts/AC404/senders", json={"senders": []}).status_code == 404


def test_reset_forgets_pools_of_one_or_all_accounts(
    api: httpx.Client, control: httpx.Client
) -> None:
    create_pool(api)
    assert control.post("/reset", json={"account": ACCOUNT_B[0]}).status_code == 200
    assert len(collect(api, "/SenderPools", "senderPools")) == 1
    assert control.post("/reset").json() == {"reset": sorted([ACCOUNT_A[0], ACCOUNT_B[0]])}
    assert collect(api, "/SenderPools", "senderPools") == []
