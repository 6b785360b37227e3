from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.comms_error_details_item import CommsErrorDetailsItem


T = TypeVar("T", bound="CommsError")


@_attrs_define
class CommsError:
    """The body of every 4xx and 5xx response.

    Attributes:
        code (int | Unset): A Twilio error code.
        message (str | Unset): A human-readable explanation.
        status (int | Unset): The HTTP status code, repeated.
        more_info (str | Unset): A page explaining the error.
        details (list[CommsErrorDetailsItem] | Unset): Each problem found, with where it is in the request.
    """

    code: int | Unset = UNSET
    message: str | Unset = UNSET
    status: int | Unset = UNSET
    more_info: str | Unset = UNSET
    details: list[CommsErrorDetailsItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        status = self.status

        more_info = self.more_info

        details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = []
            for details_item_data in self.details:
                details_item = details_item_data.to_dict()
                details.append(details_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if message is not UNSET:
            field_dict["message"] = message
        if status is not UNSET:
            field_dict["status"] = status
        if more_info is not UNSET:
            field_dict["moreInfo"] = more_info
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.comms_error_details_item import CommsErrorDetailsItem  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code", UNSET)

        message = d.pop("message", UNSET)

        status = d.pop("status", UNSET)

        more_info = d.pop("moreInfo", UNSET)

        _details = d.pop("details", UNSET)
        details: list[CommsErrorDetailsItem] | Unset = UNSET
        if _details is not UNSET:
            details = []
            for details_item_data in _details:
                details_item = CommsErrorDetailsItem.from_dict(details_item_data)

                details.append(details_item)

        comms_error = cls(
            code=code,
            message=message,
            status=status,
            more_info=more_info,
            details=details,
        )

        comms_error.additional_properties = d
        return comms_error

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
