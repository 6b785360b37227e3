from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.recipient_variables import RecipientVariables


T = TypeVar("T", bound="MessageRecipient")


def _as_recipient_variables_or_unset(
    value: RecipientVariables | Mapping[str, str] | Unset,
) -> RecipientVariables | Unset:
    """`value` as a RecipientVariables: a RecipientVariables or UNSET as it is, any other mapping copied into one."""
    from ..models.recipient_variables import RecipientVariables  # noqa: PLC0415

    if isinstance(value, (RecipientVariables, Unset)):
        return value
    return RecipientVariables.from_dict(dict(value))


@_attrs_define
class MessageRecipient:
    """Who a Message was sent to.

    Attributes:
        address (str | Unset):
        channel (str | Unset): The kind of address a recipient is reached at, such as PHONE (by SMS, or by RCS where the
            device supports it), WHATSAPP or EMAIL.
        profile_id (str | Unset): The profile the recipient was resolved from, when sent to a profile.
        memory_store_id (str | Unset): The memory store of that profile.
        variables (RecipientVariables | Unset): Values for the Liquid placeholders in the content, for this recipient.
    """

    address: str | Unset = UNSET
    channel: str | Unset = UNSET
    profile_id: str | Unset = UNSET
    memory_store_id: str | Unset = UNSET
    variables: RecipientVariables | Unset = _attrs_field(default=UNSET, converter=_as_recipient_variables_or_unset)
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        address = self.address

        channel = self.channel

        profile_id = self.profile_id

        memory_store_id = self.memory_store_id

        variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if address is not UNSET:
            field_dict["address"] = address
        if channel is not UNSET:
            field_dict["channel"] = channel
        if profile_id is not UNSET:
            field_dict["profileId"] = profile_id
        if memory_store_id is not UNSET:
            field_dict["memoryStoreId"] = memory_store_id
        if variables is not UNSET:
            field_dict["variables"] = variables

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.recipient_variables import RecipientVariables  # noqa: PLC0415

        d = dict(src_dict)
        address = d.pop("address", UNSET)

        channel = d.pop("channel", UNSET)

        profile_id = d.pop("profileId", UNSET)

        memory_store_id = d.pop("memoryStoreId", UNSET)

        _variables = d.pop("variables", UNSET)
        variables: RecipientVariables | Unset
        if isinstance(_variables, Unset):
            variables = UNSET
        else:
            variables = RecipientVariables.from_dict(_variables)

        message_recipient = cls(
            address=address,
            channel=channel,
            profile_id=profile_id,
            memory_store_id=memory_store_id,
            variables=variables,
        )

        message_recipient.additional_properties = d
        return message_recipient

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
