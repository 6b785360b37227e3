from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SenderPoolFrom")


@_attrs_define
class SenderPoolFrom:
    """Send from the Senders of a SenderPool; one is picked for each Message.

    Attributes:
        sender_pool_id (str): The ID of a SenderPool.
    """

    sender_pool_id: str

    def to_dict(self) -> dict[str, Any]:
        sender_pool_id = self.sender_pool_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "senderPoolId": sender_pool_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sender_pool_id = d.pop("senderPoolId")

        sender_pool_from = cls(
            sender_pool_id=sender_pool_id,
        )

        return sender_pool_from
