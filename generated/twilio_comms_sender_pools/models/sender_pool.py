from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.tags import Tags


T = TypeVar("T", bound="SenderPool")


def _as_tags(value: Tags | Mapping[str, str]) -> Tags:
    """`value` as a Tags: a Tags as it is, any other mapping copied into one."""
    from ..models.tags import Tags  # noqa: PLC0415

    if isinstance(value, Tags):
        return value
    return Tags.from_dict(dict(value))


@_attrs_define
class SenderPool:
    """A named group of Senders. Membership is read through the Senders sub-resource; one Sender can be in several pools.

    Attributes:
        id (str): The ID of a SenderPool.
        name (str): The friendly name of the SenderPool.
        tags (Tags): Custom metadata in the form of key-value pairs. Maximum size of a tag key is 128
            characters. Maximum size of a tag value is 256 characters. There can be a maximum of 10
            key-value pairs. The pages add that the field can be templated with Liquid, using each
            recipient's `variables`.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    name: str
    tags: Tags = _attrs_field(converter=_as_tags)
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        tags = self.tags.to_dict()

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
                "name": name,
                "tags": tags,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tags import Tags  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        tags = Tags.from_dict(d.pop("tags"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        sender_pool = cls(
            id=id,
            name=name,
            tags=tags,
            created_at=created_at,
            updated_at=updated_at,
        )

        sender_pool.additional_properties = d
        return sender_pool

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
