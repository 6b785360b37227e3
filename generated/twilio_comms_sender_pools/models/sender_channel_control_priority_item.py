from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sender_communication_channel import SenderCommunicationChannel

T = TypeVar("T", bound="SenderChannelControlPriorityItem")


def _as_sender_communication_channel(
    value: SenderCommunicationChannel | Literal["SMS", "RCS", "EMAIL", "WHATSAPP", "PUSH"],
) -> SenderCommunicationChannel:
    """`value` as a SenderCommunicationChannel member; ValueError for a value the enum does not have."""
    return SenderCommunicationChannel(value)


@_attrs_define
class SenderChannelControlPriorityItem:
    """
    Attributes:
        channel (SenderCommunicationChannel): The medium a unit of communication is transmitted through.
        priority (int):
    """

    channel: SenderCommunicationChannel = _attrs_field(converter=_as_sender_communication_channel)
    priority: int

    def to_dict(self) -> dict[str, Any]:
        channel = SenderCommunicationChannel(self.channel).value

        priority = self.priority

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "channel": channel,
                "priority": priority,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel = SenderCommunicationChannel(d.pop("channel"))

        priority = d.pop("priority")

        sender_channel_control_priority_item = cls(
            channel=channel,
            priority=priority,
        )

        return sender_channel_control_priority_item
