"""Which Sender a Message goes out from: the documented pool behaviour, as one pure function.

For each recipient, from the candidate Senders (a pool's members, or the account's inventory):
- DEACTIVATED Senders are never used;
- a PHONE recipient gets an RCS Sender when there is one and the recipient's device supports
  RCS, otherwise an SMS Sender;
- a WHATSAPP recipient gets a WHATSAPP Sender;
- a recipient no Sender can reach gets none (it is counted as unaddressable).
Among Senders of the chosen channel, recipients are dealt out in turn (round-robin in the
order Senders are listed), so one send spreads over the pool and the choice is reproducible.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from comms_emulator.models.records import Sender, sort_key

# The sender channels that reach each recipient channel, most preferred first. RCS needs the
# recipient's device to support it, which `RcsCapability` decides.
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


def choose_senders(
    recipients: Iterable[Recipient],
    candidates: Iterable[Sender],
    rcs_capable: Callable[[str], bool],
) -> list[Sender | None]:
    """One Sender (or None: unaddressable) per recipient, in order."""
    by_channel: dict[str, list[Sender]] = {}
    for sender in sorted(candidates, key=sort_key):
        if sender.status == "ACTIVATED":
            by_channel.setdefault(sender.channel, []).append(sender)
    dealt: dict[str, int] = {}
    chosen: list[Sender | None] = []
    for recipient in recipients:
        channel = next(
            (
                c
                for c in REACHES.get(recipient.channel, ())
                if by_channel.get(c) and (c != "RCS" or rcs_capable(recipient.address))
            ),
            None,
        )
        if channel is None:
            chosen.append(None)
            continue
        senders = by_channel[channel]
        turn = dealt.get(channel, 0)
        dealt[channel] = turn + 1
        chosen.append(senders[turn % len(senders)])
    return chosen
