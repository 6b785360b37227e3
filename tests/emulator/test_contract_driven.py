"""The emulator answers from the contract it is given: edit a value in the spec, and the
emulator follows with no code change (nothing copies a value the spec holds)."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from comms_emulator import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, EmulatorConfig, create_app
from comms_spec import Contract

Edit = Callable[[dict[str, Any]], None]


def _edited(contract: Contract, edit: Edit) -> Contract:
    document = copy.deepcopy(contract.document)
    edit(document)
    return Contract(document)


def _last(contract: Contract, *requests: tuple[str, str, dict[str, Any]]) -> httpx.Response:
    """Send `requests` in order to a fresh app serving `contract`; the last answer."""
    app = create_app(EmulatorConfig(self_check=True), contract)

    async def send() -> httpx.Response:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://emulator/v1",
            auth=(DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN),
        ) as client:
            answers = [await client.request(m, path, **kw) for m, path, kw in requests]
            return answers[-1]

    return asyncio.run(send())


def _schemas(document: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = document["components"]["schemas"]
    return schemas


def test_the_default_page_size_is_the_spec_default(contract: Contract) -> None:
    def edit(document: dict[str, Any]) -> None:
        # pageSize is declared once per list whose label differs, and once shared.
        operation_params = [
            param
            for item in document["paths"].values()
            for node in item.values()
            if isinstance(node, dict)
            for param in node.get("parameters", [])
        ]
        for param in [*document["components"]["parameters"].values(), *operation_params]:
            if param.get("name") == "pageSize":
                param["schema"]["default"] = 3

    body = _last(_edited(contract, edit), ("GET", "/Senders", {})).json()
    assert len(body["senders"]) == 3
    assert body["pagination"]["next"] is not None


def test_error_codes_are_the_error_schema_codes(contract: Contract) -> None:
    def edit(document: dict[str, Any]) -> None:
        _schemas(document)["CommsError"]["properties"]["code"]["x-code-by-status"]["400"] = 29999

    body = _last(_edited(contract, edit), ("GET", "/Senders", {"params": {"pageSize": "x"}})).json()
    assert (body["status"], body["code"]) == (400, 29999)
    assert body["moreInfo"].endswith("/29999")


def test_ids_carry_the_prefix_of_their_id_schema(contract: Contract) -> None:
    def edit(document: dict[str, Any]) -> None:
        schema = _schemas(document)["SenderPoolId"]
        schema["pattern"] = schema["pattern"].replace("comms_senderpool_", "comms_pool_")

    answer = _last(
        _edited(contract, edit),
        ("POST", "/SenderPools", {"json": {"name": "p"}}),
        ("GET", "/SenderPools", {}),
    )
    [pool] = answer.json()["senderPools"]
    assert pool["id"].startswith("comms_pool_")


def test_a_list_filter_the_emulator_cannot_apply_stops_it_at_start(contract: Contract) -> None:
    def edit(document: dict[str, Any]) -> None:
        operation = document["paths"]["/Senders"]["get"]
        operation["parameters"].append(
            {"name": "color", "in": "query", "schema": {"type": "string"}}
        )

    with pytest.raises(RuntimeError, match=r"listSenders parameters \['color'\]"):
        create_app(EmulatorConfig(), _edited(contract, edit))
