from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.message_content_channel_modules_modules import MessageContentChannelModulesModules


T = TypeVar("T", bound="MessageContentChannelModules")


@_attrs_define
class MessageContentChannelModules:
    """One content module per channel, keyed by the channel's name (for example `SMS` or `WHATSAPP`).

    Attributes:
        modules (MessageContentChannelModulesModules): The modules, 1 to 4, each keyed by a channel name; a module's own
            fields are passed on as given.
    """

    modules: MessageContentChannelModulesModules

    def to_dict(self) -> dict[str, Any]:
        modules = self.modules.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "modules": modules,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_content_channel_modules_modules import MessageContentChannelModulesModules  # noqa: PLC0415

        d = dict(src_dict)
        modules = MessageContentChannelModulesModules.from_dict(d.pop("modules"))

        message_content_channel_modules = cls(
            modules=modules,
        )

        return message_content_channel_modules
