from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SenderReference")


@_attrs_define
class SenderReference:
    """A reference to a Sender.

    Attributes:
        sender_id (str): The ID of a Sender.
    """

    sender_id: str

    def to_dict(self) -> dict[str, Any]:
        sender_id = self.sender_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "senderId": sender_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sender_id = d.pop("senderId")

        sender_reference = cls(
            sender_id=sender_id,
        )

        return sender_reference
