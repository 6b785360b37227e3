from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.recipient_variables import RecipientVariables


T = TypeVar("T", bound="AddressRecipient")


@_attrs_define
class AddressRecipient:
    """A recipient given by one address and its channel.

    Attributes:
        address (str): A phone number in E.164 form, or the recipient's address on the channel.
        channel (str): The kind of address a recipient is reached at, such as PHONE (by SMS, or by RCS where the device
            supports it), WHATSAPP or EMAIL.
        variables (RecipientVariables | Unset): Values for the Liquid placeholders in the content, for this recipient.
    """

    address: str
    channel: str
    variables: RecipientVariables | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        address = self.address

        channel = self.channel

        variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "address": address,
                "channel": channel,
            }
        )
        if variables is not UNSET:
            field_dict["variables"] = variables

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.recipient_variables import RecipientVariables  # noqa: PLC0415

        d = dict(src_dict)
        address = d.pop("address")

        channel = d.pop("channel")

        _variables = d.pop("variables", UNSET)
        variables: RecipientVariables | Unset
        if isinstance(_variables, Unset):
            variables = UNSET
        else:
            variables = RecipientVariables.from_dict(_variables)

        address_recipient = cls(
            address=address,
            channel=channel,
            variables=variables,
        )

        return address_recipient
