from __future__ import annotations

import pytest

from comms_emulator.models.ids import IdPrefixes
from comms_emulator.models.inventory import SenderFactory, default_inventory
from comms_spec import Contract


def test_the_default_inventory_is_valid_against_the_spec(contract: Contract) -> None:
    """Why the emulator may skip checking it at every start."""
    factory = SenderFactory(contract, IdPrefixes.of(contract).sender)
    senders = factory.build("AC" + "0" * 32, default_inventory(), check=True)
    assert len(senders) == len(default_inventory())


def test_other_inventories_are_checked(contract: Contract) -> None:
    factory = SenderFactory(contract, IdPrefixes.of(contract).sender)
    entry = {"channel": "FAX", "address": "+14155550100", "status": "ACTIVATED"}
    with pytest.raises(ValueError, match="sender #0"):
        factory.build("AC" + "0" * 32, [entry])
