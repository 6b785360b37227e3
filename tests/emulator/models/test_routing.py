"""Sender selection for sends, as the Sender Pools guide documents it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from comms_emulator.models.records import Sender
from comms_emulator.models.routing import ChannelControl, RcsCapability, Recipient, rank_senders

PHONE = Recipient("+19143188062", "PHONE")
OTHER_PHONE = Recipient("+12025550100", "PHONE")
WHATSAPP = Recipient("+12025550101", "WHATSAPP")


def choose_senders(
    recipients: Iterable[Recipient],
    candidates: Iterable[Sender],
    rcs_capable: Callable[[str], bool],
) -> list[Sender | None]:
    """One Sender (or None: unaddressable) per recipient: the first of each ranking, which is
    what a send uses."""
    return [
        ranking[0] if ranking else None
        for ranking in rank_senders(recipients, candidates, rcs_capable, depth=1)
    ]


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


def test_a_sends_choice_is_the_first_of_each_recipients_ranking() -> None:
    recipients = [PHONE, OTHER_PHONE, WHATSAPP, Recipient("a@b.example", "EMAIL"), PHONE]
    candidates = [SMS_1, SMS_2, RCS, WA]
    capable = RcsCapability(["+1914*"])
    rankings = rank_senders(recipients, candidates, capable)
    chosen = choose_senders(recipients, candidates, capable)
    assert chosen == [ranking[0] if ranking else None for ranking in rankings]
    # PHONE on an RCS device: RCS, then the SMS Senders; the next SMS recipient gets SMS_1.
    assert rankings[0] == [RCS, SMS_1, SMS_2]
    assert rankings[1] == [SMS_1, SMS_2]
    assert rankings[2] == [WA]
    assert rankings[3] == []  # nothing the emulator sends on reaches an EMAIL recipient
    assert rankings[4] == [RCS, SMS_1, SMS_2]


def test_the_ranking_rotates_with_the_turn_so_it_agrees_with_round_robin() -> None:
    recipients = [Recipient(f"+1202555{n:04d}", "PHONE") for n in range(3)]
    rankings = rank_senders(recipients, [SMS_2, SMS_1], RcsCapability())
    assert rankings == [[SMS_1, SMS_2], [SMS_2, SMS_1], [SMS_1, SMS_2]]


def test_a_channel_control_filters_and_reorders_the_channels() -> None:
    capable = RcsCapability(["*"])
    only_sms = ChannelControl(filter_in=frozenset({"SMS"}))
    assert rank_senders([PHONE], [SMS_1, RCS], capable, only_sms) == [[SMS_1]]
    sms_first = ChannelControl(priority={"SMS": 1, "RCS": 2})
    assert rank_senders([PHONE], [SMS_1, RCS], capable, sms_first) == [[SMS_1, RCS]]
    # A channel `priority` does not name keeps its place after the named ones.
    assert rank_senders([PHONE], [SMS_1, RCS], capable, ChannelControl(priority={"SMS": 5})) == [
        [SMS_1, RCS]
    ]
    assert rank_senders([PHONE], [SMS_1, RCS], capable, ChannelControl(filter_in=frozenset())) == [
        []
    ]


def test_a_ranking_stops_at_its_depth() -> None:
    candidates = [SMS_1, SMS_2, RCS]
    capable = RcsCapability(["*"])
    assert rank_senders([PHONE], candidates, capable, depth=2) == [[RCS, SMS_1]]
    assert rank_senders([PHONE], candidates, capable, depth=1) == [[RCS]]
    assert rank_senders([PHONE], candidates, capable) == [[RCS, SMS_1, SMS_2]]
