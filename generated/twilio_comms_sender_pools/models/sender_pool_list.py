from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pagination import Pagination
    from ..models.sender_pool import SenderPool


T = TypeVar("T", bound="SenderPoolList")


@_attrs_define
class SenderPoolList:
    """One page of SenderPools.

    Attributes:
        sender_pools (list[SenderPool] | Unset):
        pagination (Pagination | Unset): Tokens to navigate a paginated result: feed `next` (the following page) or
            `self` (this page again) back as `pageToken`.
    """

    sender_pools: list[SenderPool] | Unset = UNSET
    pagination: Pagination | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sender_pools: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.sender_pools, Unset):
            sender_pools = []
            for sender_pools_item_data in self.sender_pools:
                sender_pools_item = sender_pools_item_data.to_dict()
                sender_pools.append(sender_pools_item)

        pagination: dict[str, Any] | Unset = UNSET
        if not isinstance(self.pagination, Unset):
            pagination = self.pagination.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if sender_pools is not UNSET:
            field_dict["senderPools"] = sender_pools
        if pagination is not UNSET:
            field_dict["pagination"] = pagination

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pagination import Pagination  # noqa: PLC0415
        from ..models.sender_pool import SenderPool  # noqa: PLC0415

        d = dict(src_dict)
        _sender_pools = d.pop("senderPools", UNSET)
        sender_pools: list[SenderPool] | Unset = UNSET
        if _sender_pools is not UNSET:
            sender_pools = []
            for sender_pools_item_data in _sender_pools:
                sender_pools_item = SenderPool.from_dict(sender_pools_item_data)

                sender_pools.append(sender_pools_item)

        _pagination = d.pop("pagination", UNSET)
        pagination: Pagination | Unset
        if isinstance(_pagination, Unset):
            pagination = UNSET
        else:
            pagination = Pagination.from_dict(_pagination)

        sender_pool_list = cls(
            sender_pools=sender_pools,
            pagination=pagination,
        )

        sender_pool_list.additional_properties = d
        return sender_pool_list

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
