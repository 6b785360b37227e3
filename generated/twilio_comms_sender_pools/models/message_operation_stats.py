from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MessageOperationStats")


@_attrs_define
class MessageOperationStats:
    """Counts of a Message Operation: `total` Messages, `recipients` targeted, send `attempts`, `unaddressable` recipients
    (no Sender could reach them; no Message, no attempt), and the Messages in each status.

        Attributes:
            total (int):
            recipients (int):
            attempts (int):
            scheduled (int):
            queued (int):
            sent (int):
            delivered (int):
            read (int):
            undelivered (int):
            unaddressable (int):
            failed (int):
            canceled (int):
    """

    total: int
    recipients: int
    attempts: int
    scheduled: int
    queued: int
    sent: int
    delivered: int
    read: int
    undelivered: int
    unaddressable: int
    failed: int
    canceled: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        recipients = self.recipients

        attempts = self.attempts

        scheduled = self.scheduled

        queued = self.queued

        sent = self.sent

        delivered = self.delivered

        read = self.read

        undelivered = self.undelivered

        unaddressable = self.unaddressable

        failed = self.failed

        canceled = self.canceled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
                "recipients": recipients,
                "attempts": attempts,
                "scheduled": scheduled,
                "queued": queued,
                "sent": sent,
                "delivered": delivered,
                "read": read,
                "undelivered": undelivered,
                "unaddressable": unaddressable,
                "failed": failed,
                "canceled": canceled,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total = d.pop("total")

        recipients = d.pop("recipients")

        attempts = d.pop("attempts")

        scheduled = d.pop("scheduled")

        queued = d.pop("queued")

        sent = d.pop("sent")

        delivered = d.pop("delivered")

        read = d.pop("read")

        undelivered = d.pop("undelivered")

        unaddressable = d.pop("unaddressable")

        failed = d.pop("failed")

        canceled = d.pop("canceled")

        message_operation_stats = cls(
            total=total,
            recipients=recipients,
            attempts=attempts,
            scheduled=scheduled,
            queued=queued,
            sent=sent,
            delivered=delivered,
            read=read,
            undelivered=undelivered,
            unaddressable=unaddressable,
            failed=failed,
            canceled=canceled,
        )

        message_operation_stats.additional_properties = d
        return message_operation_stats

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
