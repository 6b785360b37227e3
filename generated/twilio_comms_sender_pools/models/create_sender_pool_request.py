from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sender_reference import SenderReference
    from ..models.tags import Tags


T = TypeVar("T", bound="CreateSenderPoolRequest")


def _as_tags_or_unset(value: Tags | Mapping[str, str] | Unset) -> Tags | Unset:
    """`value` as a Tags: a Tags or UNSET as it is, any other mapping copied into one."""
    from ..models.tags import Tags  # noqa: PLC0415

    if isinstance(value, (Tags, Unset)):
        return value
    return Tags.from_dict(dict(value))


@_attrs_define
class CreateSenderPoolRequest:
    """The body of a create.

    Attributes:
        name (str | Unset): The friendly name of the SenderPool.
        senders (list[SenderReference] | Unset): The Senders to add to the SenderPool.
        tags (Tags | Unset): Custom metadata in the form of key-value pairs. Maximum size of a tag key is 128
            characters. Maximum size of a tag value is 256 characters. There can be a maximum of 10
            key-value pairs. The pages add that the field can be templated with Liquid, using each
            recipient's `variables`.
    """

    name: str | Unset = UNSET
    senders: list[SenderReference] | Unset = UNSET
    tags: Tags | Unset = _attrs_field(default=UNSET, converter=_as_tags_or_unset)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        senders: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.senders, Unset):
            senders = []
            for senders_item_data in self.senders:
                senders_item = senders_item_data.to_dict()
                senders.append(senders_item)

        tags: dict[str, Any] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if senders is not UNSET:
            field_dict["senders"] = senders
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sender_reference import SenderReference  # noqa: PLC0415
        from ..models.tags import Tags  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        _senders = d.pop("senders", UNSET)
        senders: list[SenderReference] | Unset = UNSET
        if _senders is not UNSET:
            senders = []
            for senders_item_data in _senders:
                senders_item = SenderReference.from_dict(senders_item_data)

                senders.append(senders_item)

        _tags = d.pop("tags", UNSET)
        tags: Tags | Unset
        if isinstance(_tags, Unset):
            tags = UNSET
        else:
            tags = Tags.from_dict(_tags)

        create_sender_pool_request = cls(
            name=name,
            senders=senders,
            tags=tags,
        )

        return create_sender_pool_request
