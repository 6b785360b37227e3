from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RecipientAddress")


@_attrs_define
class RecipientAddress:
    """One address of a person, on one channel.

    Attributes:
        address (str): A phone number in E.164 form, or the address on the channel.
        channel (str): The kind of address a recipient is reached at, such as PHONE (by SMS, or by RCS where the device
            supports it), WHATSAPP or EMAIL.
    """

    address: str
    channel: str

    def to_dict(self) -> dict[str, Any]:
        address = self.address

        channel = self.channel

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

        channel = d.pop("channel")

        recipient_address = cls(
            address=address,
            channel=channel,
        )

        return recipient_address
