from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address_from import AddressFrom
    from ..models.address_recipient import AddressRecipient
    from ..models.connected_address_recipient import ConnectedAddressRecipient
    from ..models.message_content_channel_modules import MessageContentChannelModules
    from ..models.message_content_template import MessageContentTemplate
    from ..models.message_content_text_with_media import MessageContentTextWithMedia
    from ..models.message_schedule import MessageSchedule
    from ..models.profile_recipient import ProfileRecipient
    from ..models.sender_pool_from import SenderPoolFrom
    from ..models.tags import Tags


T = TypeVar("T", bound="SendMessagesRequest")


def _as_tags_or_unset(value: Tags | Mapping[str, str] | Unset) -> Tags | Unset:
    """`value` as a Tags: a Tags or UNSET as it is, any other mapping copied into one."""
    from ..models.tags import Tags  # noqa: PLC0415

    if isinstance(value, (Tags, Unset)):
        return value
    return Tags.from_dict(dict(value))


@_attrs_define
class SendMessagesRequest:
    """The body of a send.

    Attributes:
        to (list[AddressRecipient | ConnectedAddressRecipient | ProfileRecipient]): The recipients; each gets one
            Message.
        content (MessageContentChannelModules | MessageContentTemplate | MessageContentTextWithMedia): What the Messages
            say: text with optional media (MessageContentTextWithMedia), a Content
            template by its ID (MessageContentTemplate), or one module per channel
            (MessageContentChannelModules). Text may use Liquid placeholders filled from each
            recipient's `variables`.
        from_ (AddressFrom | SenderPoolFrom | Unset): Who the Messages come from; a SenderPool, or one Sender by address
            and channel.
        tags (Tags | Unset): Custom metadata in the form of key-value pairs. Maximum size of a tag key is 128
            characters. Maximum size of a tag value is 256 characters. There can be a maximum of 10
            key-value pairs. The pages add that the field can be templated with Liquid, using each
            recipient's `variables`.
        schedule (MessageSchedule | Unset): When the Messages are sent.
    """

    to: list[AddressRecipient | ConnectedAddressRecipient | ProfileRecipient]
    content: MessageContentChannelModules | MessageContentTemplate | MessageContentTextWithMedia
    from_: AddressFrom | SenderPoolFrom | Unset = UNSET
    tags: Tags | Unset = _attrs_field(default=UNSET, converter=_as_tags_or_unset)
    schedule: MessageSchedule | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.address_recipient import AddressRecipient  # noqa: PLC0415
        from ..models.connected_address_recipient import ConnectedAddressRecipient  # noqa: PLC0415
        from ..models.message_content_template import MessageContentTemplate  # noqa: PLC0415
        from ..models.message_content_text_with_media import MessageContentTextWithMedia  # noqa: PLC0415
        from ..models.sender_pool_from import SenderPoolFrom  # noqa: PLC0415

        to = []
        for to_item_data in self.to:
            to_item: dict[str, Any]
            if isinstance(to_item_data, AddressRecipient):
                to_item = to_item_data.to_dict()
            elif isinstance(to_item_data, ConnectedAddressRecipient):
                to_item = to_item_data.to_dict()
            else:
                to_item = to_item_data.to_dict()

            to.append(to_item)

        content: dict[str, Any]
        if isinstance(self.content, MessageContentTextWithMedia):
            content = self.content.to_dict()
        elif isinstance(self.content, MessageContentTemplate):
            content = self.content.to_dict()
        else:
            content = self.content.to_dict()

        from_: dict[str, Any] | Unset
        if isinstance(self.from_, Unset):
            from_ = UNSET
        elif isinstance(self.from_, SenderPoolFrom):
            from_ = self.from_.to_dict()
        else:
            from_ = self.from_.to_dict()

        tags: dict[str, Any] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags.to_dict()

        schedule: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schedule, Unset):
            schedule = self.schedule.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to": to,
                "content": content,
            }
        )
        if from_ is not UNSET:
            field_dict["from"] = from_
        if tags is not UNSET:
            field_dict["tags"] = tags
        if schedule is not UNSET:
            field_dict["schedule"] = schedule

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address_from import AddressFrom  # noqa: PLC0415
        from ..models.address_recipient import AddressRecipient  # noqa: PLC0415
        from ..models.connected_address_recipient import ConnectedAddressRecipient  # noqa: PLC0415
        from ..models.message_content_channel_modules import MessageContentChannelModules  # noqa: PLC0415
        from ..models.message_content_template import MessageContentTemplate  # noqa: PLC0415
        from ..models.message_content_text_with_media import MessageContentTextWithMedia  # noqa: PLC0415
        from ..models.message_schedule import MessageSchedule  # noqa: PLC0415
        from ..models.profile_recipient import ProfileRecipient  # noqa: PLC0415
        from ..models.sender_pool_from import SenderPoolFrom  # noqa: PLC0415
        from ..models.tags import Tags  # noqa: PLC0415

        d = dict(src_dict)
        to = []
        _to = d.pop("to")
        for to_item_data in _to:

            def _parse_to_item(data: object) -> AddressRecipient | ConnectedAddressRecipient | ProfileRecipient:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_send_recipient_type_0 = AddressRecipient.from_dict(data)

                    return componentsschemas_send_recipient_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_send_recipient_type_1 = ConnectedAddressRecipient.from_dict(data)

                    return componentsschemas_send_recipient_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_send_recipient_type_2 = ProfileRecipient.from_dict(data)

                return componentsschemas_send_recipient_type_2

            to_item = _parse_to_item(to_item_data)

            to.append(to_item)

        def _parse_content(
            data: object,
        ) -> MessageContentChannelModules | MessageContentTemplate | MessageContentTextWithMedia:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_content_type_0 = MessageContentTextWithMedia.from_dict(data)

                return componentsschemas_message_content_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_content_type_1 = MessageContentTemplate.from_dict(data)

                return componentsschemas_message_content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_message_content_type_2 = MessageContentChannelModules.from_dict(data)

            return componentsschemas_message_content_type_2

        content = _parse_content(d.pop("content"))

        def _parse_from_(data: object) -> AddressFrom | SenderPoolFrom | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                from_type_0 = SenderPoolFrom.from_dict(data)

                return from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            from_type_1 = AddressFrom.from_dict(data)

            return from_type_1

        from_ = _parse_from_(d.pop("from", UNSET))

        _tags = d.pop("tags", UNSET)
        tags: Tags | Unset
        if isinstance(_tags, Unset):
            tags = UNSET
        else:
            tags = Tags.from_dict(_tags)

        _schedule = d.pop("schedule", UNSET)
        schedule: MessageSchedule | Unset
        if isinstance(_schedule, Unset):
            schedule = UNSET
        else:
            schedule = MessageSchedule.from_dict(_schedule)

        send_messages_request = cls(
            to=to,
            content=content,
            from_=from_,
            tags=tags,
            schedule=schedule,
        )

        return send_messages_request
