from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.sender_communication_channel import SenderCommunicationChannel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sender_channel_control_priority_item import SenderChannelControlPriorityItem


T = TypeVar("T", bound="SenderChannelControl")


@_attrs_define
class SenderChannelControl:
    """Which channels to consider (`filterIn`) and in which order (`priority`, lower first).

    Attributes:
        filter_in (list[SenderCommunicationChannel] | Unset):
        priority (list[SenderChannelControlPriorityItem] | Unset):
    """

    filter_in: list[SenderCommunicationChannel] | Unset = UNSET
    priority: list[SenderChannelControlPriorityItem] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        filter_in: list[str] | Unset = UNSET
        if not isinstance(self.filter_in, Unset):
            filter_in = []
            for filter_in_item_data in self.filter_in:
                filter_in_item = SenderCommunicationChannel(filter_in_item_data).value
                filter_in.append(filter_in_item)

        priority: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.priority, Unset):
            priority = []
            for priority_item_data in self.priority:
                priority_item = priority_item_data.to_dict()
                priority.append(priority_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if filter_in is not UNSET:
            field_dict["filterIn"] = filter_in
        if priority is not UNSET:
            field_dict["priority"] = priority

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sender_channel_control_priority_item import SenderChannelControlPriorityItem  # noqa: PLC0415

        d = dict(src_dict)
        _filter_in = d.pop("filterIn", UNSET)
        filter_in: list[SenderCommunicationChannel] | Unset = UNSET
        if _filter_in is not UNSET:
            filter_in = []
            for filter_in_item_data in _filter_in:
                filter_in_item = SenderCommunicationChannel(filter_in_item_data)

                filter_in.append(filter_in_item)

        _priority = d.pop("priority", UNSET)
        priority: list[SenderChannelControlPriorityItem] | Unset = UNSET
        if _priority is not UNSET:
            priority = []
            for priority_item_data in _priority:
                priority_item = SenderChannelControlPriorityItem.from_dict(priority_item_data)

                priority.append(priority_item)

        sender_channel_control = cls(
            filter_in=filter_in,
            priority=priority,
        )

        return sender_channel_control
