from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.recipient_channel import RecipientChannel
from ..types import UNSET, Unset

T = TypeVar("T", bound="MessageRecipient")


@_attrs_define
class MessageRecipient:
    """Who a Message was sent to.

    Attributes:
        address (str | Unset):
        channel (RecipientChannel | str | Unset): The kind of address a recipient is reached at.
            Inferred: closed to PHONE (reached by SMS, or by RCS where the device supports it) and WHATSAPP, the channels
            the send samples show; others are rejected with 400. The docs give no closed list (Resolve's samples also show
            EMAIL); opening it is in spec/pending-shape-changes.md.
            Open: a value this client does not know is kept as a plain string.
    """

    address: str | Unset = UNSET
    channel: RecipientChannel | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        address = self.address

        channel: str | Unset
        if isinstance(self.channel, Unset):
            channel = UNSET
        elif isinstance(self.channel, RecipientChannel):
            channel = RecipientChannel(self.channel).value
        else:
            channel = self.channel

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if address is not UNSET:
            field_dict["address"] = address
        if channel is not UNSET:
            field_dict["channel"] = channel

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        address = d.pop("address", UNSET)

        def _parse_channel(data: object) -> RecipientChannel | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                channel_type_0 = RecipientChannel(data)

                return channel_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(RecipientChannel | str | Unset, data)

        channel = _parse_channel(d.pop("channel", UNSET))

        message_recipient = cls(
            address=address,
            channel=channel,
        )

        message_recipient.additional_properties = d
        return message_recipient

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
