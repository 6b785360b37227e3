from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address_recipient import AddressRecipient
    from ..models.sender_channel_control import SenderChannelControl


T = TypeVar("T", bound="ResolveSendersRequest")


@_attrs_define
class ResolveSendersRequest:
    """The recipients to resolve, and where their Senders come from.

    Attributes:
        recipient_addresses (list[AddressRecipient]):
        sender_pool_id (str | Unset): The ID of a SenderPool.
        channels (SenderChannelControl | Unset): Which channels to consider (`filterIn`) and in which order (`priority`,
            lower first).
    """

    recipient_addresses: list[AddressRecipient]
    sender_pool_id: str | Unset = UNSET
    channels: SenderChannelControl | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        recipient_addresses = []
        for recipient_addresses_item_data in self.recipient_addresses:
            recipient_addresses_item = recipient_addresses_item_data.to_dict()
            recipient_addresses.append(recipient_addresses_item)

        sender_pool_id = self.sender_pool_id

        channels: dict[str, Any] | Unset = UNSET
        if not isinstance(self.channels, Unset):
            channels = self.channels.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "recipientAddresses": recipient_addresses,
            }
        )
        if sender_pool_id is not UNSET:
            field_dict["senderPoolId"] = sender_pool_id
        if channels is not UNSET:
            field_dict["channels"] = channels

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address_recipient import AddressRecipient  # noqa: PLC0415
        from ..models.sender_channel_control import SenderChannelControl  # noqa: PLC0415

        d = dict(src_dict)
        recipient_addresses = []
        _recipient_addresses = d.pop("recipientAddresses")
        for recipient_addresses_item_data in _recipient_addresses:
            recipient_addresses_item = AddressRecipient.from_dict(recipient_addresses_item_data)

            recipient_addresses.append(recipient_addresses_item)

        sender_pool_id = d.pop("senderPoolId", UNSET)

        _channels = d.pop("channels", UNSET)
        channels: SenderChannelControl | Unset
        if isinstance(_channels, Unset):
            channels = UNSET
        else:
            channels = SenderChannelControl.from_dict(_channels)

        resolve_senders_request = cls(
            recipient_addresses=recipient_addresses,
            sender_pool_id=sender_pool_id,
            channels=channels,
        )

        return resolve_senders_request
