from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.operation_status import OperationStatus

if TYPE_CHECKING:
    from ..models.sender_pool_operation_stats import SenderPoolOperationStats


T = TypeVar("T", bound="SenderPoolOperation")


@_attrs_define
class SenderPoolOperation:
    """The progress of creating a SenderPool or adding Senders to one. Poll it until the status is no longer PROCESSING.

    Attributes:
        id (str): The ID of an Operation; it also correlates the resources the Operation created.
        status (OperationStatus | str): The status of a SenderPool Operation.
            Open: a value this client does not know is kept as a plain string.
        stats (SenderPoolOperationStats): Counts of the items in an Operation.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    status: OperationStatus | str
    stats: SenderPoolOperationStats
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status: str
        if isinstance(self.status, OperationStatus):
            status = OperationStatus(self.status).value
        else:
            status = self.status

        stats = self.stats.to_dict()

        if self.created_at.tzinfo is None or self.created_at.utcoffset() is None:
            raise ValueError(
                "created_at: a datetime with a time zone is needed (for example datetime.now(UTC)), not a naive one"
            )

        created_at = self.created_at.isoformat()

        if self.updated_at.tzinfo is None or self.updated_at.utcoffset() is None:
            raise ValueError(
                "updated_at: a datetime with a time zone is needed (for example datetime.now(UTC)), not a naive one"
            )

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "stats": stats,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sender_pool_operation_stats import SenderPoolOperationStats  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_status(data: object) -> OperationStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = OperationStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(OperationStatus | str, data)

        status = _parse_status(d.pop("status"))

        stats = SenderPoolOperationStats.from_dict(d.pop("stats"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        sender_pool_operation = cls(
            id=id,
            status=status,
            stats=stats,
            created_at=created_at,
            updated_at=updated_at,
        )

        sender_pool_operation.additional_properties = d
        return sender_pool_operation

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
