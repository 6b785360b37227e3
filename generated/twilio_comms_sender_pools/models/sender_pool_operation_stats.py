from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SenderPoolOperationStats")


@_attrs_define
class SenderPoolOperationStats:
    """Counts of the items in an Operation.

    Attributes:
        total (int):
        queued (int):
        created (int):
        failed (int):
    """

    total: int
    queued: int
    created: int
    failed: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        queued = self.queued

        created = self.created

        failed = self.failed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
                "queued": queued,
                "created": created,
                "failed": failed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total = d.pop("total")

        queued = d.pop("queued")

        created = d.pop("created")

        failed = d.pop("failed")

        sender_pool_operation_stats = cls(
            total=total,
            queued=queued,
            created=created,
            failed=failed,
        )

        sender_pool_operation_stats.additional_properties = d
        return sender_pool_operation_stats

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
