"""Sender selection for sends, as the Sender Pools guide documents it."""

from __future__ import annotations

from comms_emulator.models.records import Sender
from comms_emulator.models.routing import RcsCapability, Recipient, choose_senders

PHONE = Recipient("+19143188062", "PHONE")
OTHER_PHONE = Recipient("+12025550100", "PHONE")
WHATSAPP = Recipient("+12025550101", "WHATSAPP")


def sender(name: str, channel: str, status: str = "ACTIVATED", created: int = 0) -> Sender:
    return Sender(f"comms_sender_{name}", None, name, channel, status, {}, created, created)


SMS_1, SMS_2 = sender("sms1", "SMS", created=1), sender("sms2", "SMS", created=2)
RCS = sender("agent", "RCS")
WA = sender("wa", "WHATSAPP")


def test_rcs_first_for_a_capable_device_sms_otherwise() -> None:
    capable = RcsCapability(["+1914*"])
    chosen = choose_senders([PHONE, OTHER_PHONE], [SMS_1, RCS], capable)
    assert chosen == [RCS, SMS_1]


def test_without_an_rcs_sender_capable_devices_get_sms() -> None:
    assert choose_senders([PHONE], [SMS_1, WA], RcsCapability(["*"])) == [SMS_1]


def test_each_recipient_gets_a_sender_of_a_channel_that_reaches_it() -> None:
    assert choose_senders([WHATSAPP, PHONE], [SMS_1, WA], RcsCapability()) == [WA, SMS_1]


def test_a_recipient_nothing_reaches_is_unaddressable() -> None:
    assert choose_senders([PHONE, WHATSAPP], [WA], RcsCapability()) == [None, WA]
    # An RCS-only pool cannot reach a device without RCS.
    assert choose_senders([OTHER_PHONE], [RCS], RcsCapability(["+1914*"])) == [None]


def test_deactivated_senders_are_never_used() -> None:
    off_rcs = sender("off-agent", "RCS", status="DEACTIVATED")
    off_sms = sender("off-sms", "SMS", status="DEACTIVATED")
    assert choose_senders([PHONE], [off_rcs, SMS_1], RcsCapability(["*"])) == [SMS_1]
    assert choose_senders([PHONE, OTHER_PHONE], [off_sms], RcsCapability()) == [None, None]


def test_recipients_are_dealt_round_robin_in_listing_order() -> None:
    recipients = [Recipient(f"+1202555{n:04d}", "PHONE") for n in range(5)]
    chosen = choose_senders(recipients, [SMS_2, SMS_1], RcsCapability())
    assert chosen == [SMS_1, SMS_2, SMS_1, SMS_2, SMS_1]


def test_rcs_capability_patterns() -> None:
    capable = RcsCapability(["+1914*", "+4420718387?0"])
    assert capable("+19143188062")
    assert capable("+442071838750")
    assert not capable("+12025550100")
    assert RcsCapability(["*"])("anything")
    assert not RcsCapability()("+19143188062")
