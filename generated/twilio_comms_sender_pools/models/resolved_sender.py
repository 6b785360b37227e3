from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.message_recipient import MessageRecipient
    from ..models.resolved_sender_from import ResolvedSenderFrom


T = TypeVar("T", bound="ResolvedSender")


@_attrs_define
class ResolvedSender:
    """One Sender that would serve one recipient, with its rank.

    Attributes:
        from_ (ResolvedSenderFrom | Unset):
        to (MessageRecipient | Unset): Who a Message was sent to.
        priority (int | Unset): Lower is more preferred.
    """

    from_: ResolvedSenderFrom | Unset = UNSET
    to: MessageRecipient | Unset = UNSET
    priority: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.from_, Unset):
            from_ = self.from_.to_dict()

        to: dict[str, Any] | Unset = UNSET
        if not isinstance(self.to, Unset):
            to = self.to.to_dict()

        priority = self.priority

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if from_ is not UNSET:
            field_dict["from"] = from_
        if to is not UNSET:
            field_dict["to"] = to
        if priority is not UNSET:
            field_dict["priority"] = priority

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_recipient import MessageRecipient  # noqa: PLC0415
        from ..models.resolved_sender_from import ResolvedSenderFrom  # noqa: PLC0415

        d = dict(src_dict)
        _from_ = d.pop("from", UNSET)
        from_: ResolvedSenderFrom | Unset
        if isinstance(_from_, Unset):
            from_ = UNSET
        else:
            from_ = ResolvedSenderFrom.from_dict(_from_)

        _to = d.pop("to", UNSET)
        to: MessageRecipient | Unset
        if isinstance(_to, Unset):
            to = UNSET
        else:
            to = MessageRecipient.from_dict(_to)

        priority = d.pop("priority", UNSET)

        resolved_sender = cls(
            from_=from_,
            to=to,
            priority=priority,
        )

        resolved_sender.additional_properties = d
        return resolved_sender

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
