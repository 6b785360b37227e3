from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AcceptedOperation")


@_attrs_define
class AcceptedOperation:
    """The ID and location of the Operation tracking an accepted request.

    Attributes:
        operation_id (str | Unset): The ID of an Operation; it also correlates the resources the Operation created.
        operation_location (str | Unset):
    """

    operation_id: str | Unset = UNSET
    operation_location: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        operation_id = self.operation_id

        operation_location = self.operation_location

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if operation_id is not UNSET:
            field_dict["operationId"] = operation_id
        if operation_location is not UNSET:
            field_dict["operationLocation"] = operation_location

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        operation_id = d.pop("operationId", UNSET)

        operation_location = d.pop("operationLocation", UNSET)

        accepted_operation = cls(
            operation_id=operation_id,
            operation_location=operation_location,
        )

        accepted_operation.additional_properties = d
        return accepted_operation

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
