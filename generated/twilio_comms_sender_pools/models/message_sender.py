from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_sender_channel import MessageSenderChannel
from ..types import UNSET, Unset

T = TypeVar("T", bound="MessageSender")


@_attrs_define
class MessageSender:
    """The Sender a Message was sent from, and the SenderPool it was picked from.

    Attributes:
        sender_id (str | Unset): The ID of a Sender.
        sender_pool_id (str | Unset): The ID of a SenderPool.
        address (str | Unset):
        channel (MessageSenderChannel | str | Unset): The channel a Message is sent on.
            Open: a value this client does not know is kept as a plain string.
    """

    sender_id: str | Unset = UNSET
    sender_pool_id: str | Unset = UNSET
    address: str | Unset = UNSET
    channel: MessageSenderChannel | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sender_id = self.sender_id

        sender_pool_id = self.sender_pool_id

        address = self.address

        channel: str | Unset
        if isinstance(self.channel, Unset):
            channel = UNSET
        elif isinstance(self.channel, MessageSenderChannel):
            channel = MessageSenderChannel(self.channel).value
        else:
            channel = self.channel

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if sender_id is not UNSET:
            field_dict["senderId"] = sender_id
        if sender_pool_id is not UNSET:
            field_dict["senderPoolId"] = sender_pool_id
        if address is not UNSET:
            field_dict["address"] = address
        if channel is not UNSET:
            field_dict["channel"] = channel

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sender_id = d.pop("senderId", UNSET)

        sender_pool_id = d.pop("senderPoolId", UNSET)

        address = d.pop("address", UNSET)

        def _parse_channel(data: object) -> MessageSenderChannel | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                channel_type_0 = MessageSenderChannel(data)

                return channel_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MessageSenderChannel | str | Unset, data)

        channel = _parse_channel(d.pop("channel", UNSET))

        message_sender = cls(
            sender_id=sender_id,
            sender_pool_id=sender_pool_id,
            address=address,
            channel=channel,
        )

        message_sender.additional_properties = d
        return message_sender

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
