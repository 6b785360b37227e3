from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sender_communication_channel import SenderCommunicationChannel
from ..types import UNSET, Unset

T = TypeVar("T", bound="ResolvedSenderFrom")


@_attrs_define
class ResolvedSenderFrom:
    """
    Attributes:
        sender_id (str | Unset): The ID of a Sender.
        display_name (None | str | Unset):
        channel (SenderCommunicationChannel | str | Unset): The medium a unit of communication is transmitted through.
            Open: a value this client does not know is kept as a plain string.
        address (str | Unset):
    """

    sender_id: str | Unset = UNSET
    display_name: None | str | Unset = UNSET
    channel: SenderCommunicationChannel | str | Unset = UNSET
    address: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sender_id = self.sender_id

        display_name: None | str | Unset
        if isinstance(self.display_name, Unset):
            display_name = UNSET
        else:
            display_name = self.display_name

        channel: str | Unset
        if isinstance(self.channel, Unset):
            channel = UNSET
        elif isinstance(self.channel, SenderCommunicationChannel):
            channel = SenderCommunicationChannel(self.channel).value
        else:
            channel = self.channel

        address = self.address

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if sender_id is not UNSET:
            field_dict["senderId"] = sender_id
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if channel is not UNSET:
            field_dict["channel"] = channel
        if address is not UNSET:
            field_dict["address"] = address

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sender_id = d.pop("senderId", UNSET)

        def _parse_display_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        display_name = _parse_display_name(d.pop("displayName", UNSET))

        def _parse_channel(data: object) -> SenderCommunicationChannel | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                channel_type_0 = SenderCommunicationChannel(data)

                return channel_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(SenderCommunicationChannel | str | Unset, data)

        channel = _parse_channel(d.pop("channel", UNSET))

        address = d.pop("address", UNSET)

        resolved_sender_from = cls(
            sender_id=sender_id,
            display_name=display_name,
            channel=channel,
            address=address,
        )

        resolved_sender_from.additional_properties = d
        return resolved_sender_from

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
