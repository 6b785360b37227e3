from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MessageOperationStats")


@_attrs_define
class MessageOperationStats:
    """Counts of a Message Operation: `total` Messages, `recipients` targeted, send `attempts`, `unaddressable` recipients
    (no compatible sender and recipient address pair; no attempt), and the Messages in each status.

        Attributes:
            total (int | Unset):
            recipients (int | Unset):
            attempts (int | Unset):
            scheduled (int | Unset):
            queued (int | Unset):
            sent (int | Unset):
            delivered (int | Unset):
            read (int | Unset):
            undelivered (int | Unset):
            unaddressable (int | Unset):
            failed (int | Unset):
            canceled (int | Unset):
    """

    total: int | Unset = UNSET
    recipients: int | Unset = UNSET
    attempts: int | Unset = UNSET
    scheduled: int | Unset = UNSET
    queued: int | Unset = UNSET
    sent: int | Unset = UNSET
    delivered: int | Unset = UNSET
    read: int | Unset = UNSET
    undelivered: int | Unset = UNSET
    unaddressable: int | Unset = UNSET
    failed: int | Unset = UNSET
    canceled: int | Unset = UNSET
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
        field_dict.update({})
        if total is not UNSET:
            field_dict["total"] = total
        if recipients is not UNSET:
            field_dict["recipients"] = recipients
        if attempts is not UNSET:
            field_dict["attempts"] = attempts
        if scheduled is not UNSET:
            field_dict["scheduled"] = scheduled
        if queued is not UNSET:
            field_dict["queued"] = queued
        if sent is not UNSET:
            field_dict["sent"] = sent
        if delivered is not UNSET:
            field_dict["delivered"] = delivered
        if read is not UNSET:
            field_dict["read"] = read
        if undelivered is not UNSET:
            field_dict["undelivered"] = undelivered
        if unaddressable is not UNSET:
            field_dict["unaddressable"] = unaddressable
        if failed is not UNSET:
            field_dict["failed"] = failed
        if canceled is not UNSET:
            field_dict["canceled"] = canceled

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total = d.pop("total", UNSET)

        recipients = d.pop("recipients", UNSET)

        attempts = d.pop("attempts", UNSET)

        scheduled = d.pop("scheduled", UNSET)

        queued = d.pop("queued", UNSET)

        sent = d.pop("sent", UNSET)

        delivered = d.pop("delivered", UNSET)

        read = d.pop("read", UNSET)

        undelivered = d.pop("undelivered", UNSET)

        unaddressable = d.pop("unaddressable", UNSET)

        failed = d.pop("failed", UNSET)

        canceled = d.pop("canceled", UNSET)

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
