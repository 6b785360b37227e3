from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_sender_channel import MessageSenderChannel

T = TypeVar("T", bound="AddressFrom")


def _as_message_sender_channel(value: MessageSenderChannel | Literal["SMS", "RCS", "WHATSAPP"]) -> MessageSenderChannel:
    """`value` as a MessageSenderChannel member; ValueError for a value the enum does not have."""
    return MessageSenderChannel(value)


@_attrs_define
class AddressFrom:
    """Send from one Sender, named by its address and channel.

    Attributes:
        address (str):
        channel (MessageSenderChannel): The channel a Message is sent on.
    """

    address: str
    channel: MessageSenderChannel = _attrs_field(converter=_as_message_sender_channel)

    def to_dict(self) -> dict[str, Any]:
        address = self.address

        channel = MessageSenderChannel(self.channel).value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "address": address,
                "channel": channel,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        address = d.pop("address")

        channel = MessageSenderChannel(d.pop("channel"))

        address_from = cls(
            address=address,
            channel=channel,
        )

        return address_from
