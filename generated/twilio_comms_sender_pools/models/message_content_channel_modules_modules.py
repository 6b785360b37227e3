from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.message_content_channel_modules_modules_additional_property import (
        MessageContentChannelModulesModulesAdditionalProperty,
    )


T = TypeVar("T", bound="MessageContentChannelModulesModules")


@_attrs_define
class MessageContentChannelModulesModules:
    """The modules, 1 to 4, each keyed by a channel name; a module's own fields are passed on as given."""

    additional_properties: dict[str, MessageContentChannelModulesModulesAdditionalProperty] = _attrs_field(
        init=False, factory=dict
    )

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_content_channel_modules_modules_additional_property import (
            MessageContentChannelModulesModulesAdditionalProperty,  # noqa: PLC0415
        )

        d = dict(src_dict)
        message_content_channel_modules_modules = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = MessageContentChannelModulesModulesAdditionalProperty.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        message_content_channel_modules_modules.additional_properties = additional_properties
        return message_content_channel_modules_modules

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> MessageContentChannelModulesModulesAdditionalProperty:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: MessageContentChannelModulesModulesAdditionalProperty) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
