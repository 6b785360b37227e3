"""EmulatorConfig takes its modes as objects or in their command-line form, and refuses
anything else when it is built, not at the first request that reads it (that was a 500)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from comms_emulator import (
    DEFAULT_ACCOUNT_SID,
    DEFAULT_AUTH_TOKEN,
    EmulatorConfig,
    Progression,
    Retention,
    create_app,
)
from comms_emulator.models.consistency import Consistency
from comms_spec import Contract


def test_the_modes_take_their_text_form(contract: Contract) -> None:
    config = EmulatorConfig(progression="polls:2", consistency="eventual:1", retention="1d:10")  # type: ignore[arg-type]
    assert config.progression == Progression.parse("polls:2")
    assert config.consistency == Consistency.parse("eventual:1")
    assert config.retention == Retention.parse("1d:10")
    app = create_app(config, contract)
    transport = httpx.ASGITransport(app=app)

    async def create() -> int:
        async with httpx.AsyncClient(transport=transport, base_url="http://e/v1") as http:
            auth = (DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN)
            answer = await http.post("/SenderPools", json={"name": "p"}, auth=auth)
            return answer.status_code

    assert asyncio.run(create()) == 202


@pytest.mark.parametrize(
    ("given", "error"),
    [
        ({"progression": 3}, TypeError),
        ({"consistency": None}, TypeError),
        ({"retention": 7}, TypeError),
        ({"progression": "sometimes"}, ValueError),
        ({"consistency": "eventually"}, ValueError),
    ],
)
def test_anything_else_is_refused_when_built(given: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        EmulatorConfig(**given)


def test_the_docs_example_of_a_threaded_emulator_runs() -> None:
    # The Python examples of docs/sdk-authors/emulator.md, as a reader would paste them.
    page = (Path(__file__).resolve().parents[2] / "docs/sdk-authors/emulator.md").read_text()
    blocks = re.findall(r"^```python\n(.*?)^```", page, flags=re.S | re.M)
    assert blocks
    for block in blocks:
        scope: dict[str, Any] = {}
        exec(block, scope)
        assert scope["base_url"].startswith("http://127.0.0.1:")
