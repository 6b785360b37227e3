from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.recipient_address import RecipientAddress
    from ..models.recipient_variables import RecipientVariables


T = TypeVar("T", bound="ConnectedAddressRecipient")


@_attrs_define
class ConnectedAddressRecipient:
    """One person reachable at several addresses, in order of preference. The person gets one
    Message, sent to the first address a Sender can reach.

        Attributes:
            addresses (list[RecipientAddress]): The person's addresses, most preferred first; 1 to 10.
            variables (RecipientVariables | Unset): Values for the Liquid placeholders in the content, for this recipient.
    """

    addresses: list[RecipientAddress]
    variables: RecipientVariables | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        addresses = []
        for addresses_item_data in self.addresses:
            addresses_item = addresses_item_data.to_dict()
            addresses.append(addresses_item)

        variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "addresses": addresses,
            }
        )
        if variables is not UNSET:
            field_dict["variables"] = variables

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.recipient_address import RecipientAddress  # noqa: PLC0415
        from ..models.recipient_variables import RecipientVariables  # noqa: PLC0415

        d = dict(src_dict)
        addresses = []
        _addresses = d.pop("addresses")
        for addresses_item_data in _addresses:
            addresses_item = RecipientAddress.from_dict(addresses_item_data)

            addresses.append(addresses_item)

        _variables = d.pop("variables", UNSET)
        variables: RecipientVariables | Unset
        if isinstance(_variables, Unset):
            variables = UNSET
        else:
            variables = RecipientVariables.from_dict(_variables)

        connected_address_recipient = cls(
            addresses=addresses,
            variables=variables,
        )

        return connected_address_recipient
