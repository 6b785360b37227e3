from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="MessageSchedule")


@_attrs_define
class MessageSchedule:
    """When the Messages are sent.

    Attributes:
        send_at (list[datetime.datetime]):
    """

    send_at: list[datetime.datetime]

    def to_dict(self) -> dict[str, Any]:
        send_at = []
        for send_at_item_data in self.send_at:
            if send_at_item_data.tzinfo is None or send_at_item_data.utcoffset() is None:
                raise ValueError(
                    "send_at_item: a datetime with a time zone is needed (for example datetime.now(UTC)), not a naive one"
                )

            send_at_item = send_at_item_data.isoformat()
            send_at.append(send_at_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sendAt": send_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        send_at = []
        _send_at = d.pop("sendAt")
        for send_at_item_data in _send_at:
            send_at_item = datetime.datetime.fromisoformat(send_at_item_data)

            send_at.append(send_at_item)

        message_schedule = cls(
            send_at=send_at,
        )

        return message_schedule
