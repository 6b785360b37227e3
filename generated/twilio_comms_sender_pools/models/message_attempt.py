from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_status import MessageStatus

T = TypeVar("T", bound="MessageAttempt")


@_attrs_define
class MessageAttempt:
    """One attempt to deliver a Message.
    Inferred: the attempt's shape is undocumented beyond its SM/MM SID; this one has the SID, a status and a time.

        Attributes:
            id (str):
            status (MessageStatus): The status of a Message.
                Inferred: the emulator's Messages stop at SENT, as it delivers nothing.
            created_at (datetime.datetime):
    """

    id: str
    status: MessageStatus
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status.value

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "createdAt": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        status = MessageStatus(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        message_attempt = cls(
            id=id,
            status=status,
            created_at=created_at,
        )

        message_attempt.additional_properties = d
        return message_attempt

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
