from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.recipient_variables import RecipientVariables


T = TypeVar("T", bound="ProfileRecipient")


@_attrs_define
class ProfileRecipient:
    """A person given by their profile in a Memory store; the address the Message goes to comes
    from the profile, and the Message's recipient names the profile.

        Attributes:
            profile_id (str): The ID of a profile in a Memory store.
            memory_store_id (str): The ID of a Memory store.
            variables (RecipientVariables | Unset): Values for the Liquid placeholders in the content, for this recipient.
    """

    profile_id: str
    memory_store_id: str
    variables: RecipientVariables | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        profile_id = self.profile_id

        memory_store_id = self.memory_store_id

        variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "profileId": profile_id,
                "memoryStoreId": memory_store_id,
            }
        )
        if variables is not UNSET:
            field_dict["variables"] = variables

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.recipient_variables import RecipientVariables  # noqa: PLC0415

        d = dict(src_dict)
        profile_id = d.pop("profileId")

        memory_store_id = d.pop("memoryStoreId")

        _variables = d.pop("variables", UNSET)
        variables: RecipientVariables | Unset
        if isinstance(_variables, Unset):
            variables = UNSET
        else:
            variables = RecipientVariables.from_dict(_variables)

        profile_recipient = cls(
            profile_id=profile_id,
            memory_store_id=memory_store_id,
            variables=variables,
        )

        return profile_recipient
