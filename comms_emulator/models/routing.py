"""Which Sender serves which recipient: the documented pool behaviour, as one pure function.

`rank_senders` answers both a send (each recipient's first choice is the Sender its Message goes
out from) and Resolve (the whole ranking), so the two can never disagree. For each recipient,
from the candidate Senders (a pool's members, or the account's inventory):
- DEACTIVATED Senders are never used;
- a PHONE recipient gets an RCS Sender when there is one and the recipient's device supports
  RCS, otherwise an SMS Sender;
- a WHATSAPP recipient gets a WHATSAPP Sender;
- a recipient on any other channel (the recipient channels are open; EMAIL, say) is reached by
  nothing the emulator sends on: it gets no Sender (a send counts it as unaddressable);
- a recipient no Sender can reach gets none.
Among Senders of the chosen channel, recipients are dealt out in turn (round-robin in the
order Senders are listed), so one send spreads over the pool and the choice is reproducible:
the same recipients, in the same order, get the same Senders.

Resolve may narrow the channels (`filterIn`) and reorder them (`priority`, lower first); a send
uses neither, so it ranks with the default `ChannelControl`.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain, islice

from comms_emulator.models.records import Sender, sort_key

# The sender channels that reach each recipient channel, most preferred first. RCS needs the
# recipient's device to support it, which `RcsCapability` decides. Only the channels a Message
# can be sent on (the spec's MessageSenderChannel) appear: a Resolve answer names only Senders a
# send would really use.
REACHES: dict[str, tuple[str, ...]] = {"PHONE": ("RCS", "SMS"), "WHATSAPP": ("WHATSAPP",)}


@dataclass
class RcsCapability:
    """Which recipient addresses have RCS-capable devices: shell-style patterns ("+1914*").

    The emulator cannot ask a carrier, so tests say it: none by default, `*` for every device.
    """

    patterns: list[str] = field(default_factory=list)

    def __call__(self, address: str) -> bool:
        return any(fnmatch.fnmatchcase(address, pattern) for pattern in self.patterns)


@dataclass(frozen=True)
class Recipient:
    address: str
    channel: str


@dataclass(frozen=True)
class Addressee:
    """One item of a send's `to`: a person at one or more addresses, most preferred first (a
    connected-address recipient has several), maybe named by a profile, with the variables the
    send gave for them."""

    addresses: tuple[Recipient, ...]
    profile_id: str | None = None
    memory_store_id: str | None = None
    variables: Mapping[str, str] | None = None


def active_channels(candidates: Iterable[Sender]) -> frozenset[str]:
    """The channels some ACTIVATED candidate sends on (what `pick_address` asks of them)."""
    return frozenset(s.channel for s in candidates if s.status == "ACTIVATED")


def pick_address(
    addressee: Addressee, channels: frozenset[str], rcs_capable: Callable[[str], bool]
) -> Recipient:
    """The address a send uses for `addressee`: the first some ACTIVATED candidate can reach
    (else the first: the person is unaddressable either way). `channels`: the candidates'
    `active_channels`, found once per send, not once per recipient (10,000 recipients over
    10,000 Senders would otherwise cost 10^8 steps)."""
    for recipient in addressee.addresses:
        for channel in REACHES.get(recipient.channel, ()):
            if channel in channels and (channel != "RCS" or rcs_capable(recipient.address)):
                return recipient
    return addressee.addresses[0]


@dataclass(frozen=True)
class ChannelControl:
    """Resolve's `channels`: which sender channels may serve (None: all) and their order."""

    filter_in: frozenset[str] | None = None
    priority: Mapping[str, int] = field(default_factory=dict)

    def order(self, reaching: tuple[str, ...]) -> list[str]:
        allowed = [c for c in reaching if self.filter_in is None or c in self.filter_in]
        # A stable sort: channels `priority` does not name keep their usual order, after it.
        unranked = max(self.priority.values(), default=0) + 1
        return sorted(allowed, key=lambda c: self.priority.get(c, unranked))


DEFAULT_CONTROL = ChannelControl()


def rank_senders(
    recipients: Iterable[Recipient],
    candidates: Iterable[Sender],
    rcs_capable: Callable[[str], bool],
    control: ChannelControl = DEFAULT_CONTROL,
    depth: int | None = None,
) -> list[list[Sender]]:
    """Per recipient, in order: the Senders that can serve it, best first (empty: none can),
    at most `depth` of them (None: all).

    The first is the one a send uses: the next in turn among the Senders of the most preferred
    channel that reaches the recipient. The others follow: the rest of that channel's Senders in
    turn, then each less preferred channel's Senders in listing order. A send asks for depth 1,
    so 10,000 recipients over a pool of 10,000 Senders cost 10,000 picks, not 10^8.
    """
    by_channel: dict[str, list[Sender]] = {}
    for sender in sorted(candidates, key=sort_key):
        if sender.status == "ACTIVATED":
            by_channel.setdefault(sender.channel, []).append(sender)
    dealt: dict[str, int] = {}
    ranked: list[list[Sender]] = []
    for recipient in recipients:
        channels = [
            c
            for c in control.order(REACHES.get(recipient.channel, ()))
            if by_channel.get(c) and (c != "RCS" or rcs_capable(recipient.address))
        ]
        if not channels:
            ranked.append([])
            continue
        first, *rest = channels
        senders = by_channel[first]
        turn = dealt.get(first, 0) % len(senders)
        dealt[first] = turn + 1
        in_turn = (senders[(turn + k) % len(senders)] for k in range(len(senders)))
        ranking = chain(in_turn, *(by_channel[channel] for channel in rest))
        ranked.append(list(islice(ranking, depth)))
    return ranked
