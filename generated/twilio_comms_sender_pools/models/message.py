from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_status import MessageStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.message_attempt import MessageAttempt
    from ..models.message_content_channel_modules import MessageContentChannelModules
    from ..models.message_content_template import MessageContentTemplate
    from ..models.message_content_text_with_media import MessageContentTextWithMedia
    from ..models.message_recipient import MessageRecipient
    from ..models.message_sender import MessageSender
    from ..models.related_resource import RelatedResource
    from ..models.tags import Tags


T = TypeVar("T", bound="Message")


def _as_tags(value: Tags | Mapping[str, str]) -> Tags:
    """`value` as a Tags: a Tags as it is, any other mapping copied into one."""
    from ..models.tags import Tags  # noqa: PLC0415

    if isinstance(value, Tags):
        return value
    return Tags.from_dict(dict(value))


@_attrs_define
class Message:
    """A Message as a fetch shows it, with its content and delivery attempts.

    Attributes:
        id (str): The ID of a Message.
        from_ (MessageSender): The Sender a Message was sent from, and the SenderPool it was picked from.
        to (list[MessageRecipient]): The recipients the Message was directed to: always one, except for Group Messaging.
        status (MessageStatus | str): The status of a Message.
            Open: a value this client does not know is kept as a plain string.
        related (list[RelatedResource]):
        tags (Tags): Custom metadata in the form of key-value pairs. Maximum size of a tag key is 128
            characters. Maximum size of a tag value is 256 characters. There can be a maximum of 10
            key-value pairs. The pages add that the field can be templated with Liquid, using each
            recipient's `variables`.
        scheduled_for (datetime.datetime | None):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        content (MessageContentChannelModules | MessageContentTemplate | MessageContentTextWithMedia | Unset): What the
            Messages say: text with optional media (MessageContentTextWithMedia), a Content
            template by its ID (MessageContentTemplate), or one module per channel
            (MessageContentChannelModules). Text may use Liquid placeholders filled from each
            recipient's `variables`.
        attempts (list[MessageAttempt] | Unset):
        deleted_at (datetime.datetime | None | Unset):
    """

    id: str
    from_: MessageSender
    to: list[MessageRecipient]
    status: MessageStatus | str
    related: list[RelatedResource]
    tags: Tags = _attrs_field(converter=_as_tags)
    scheduled_for: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    content: MessageContentChannelModules | MessageContentTemplate | MessageContentTextWithMedia | Unset = UNSET
    attempts: list[MessageAttempt] | Unset = UNSET
    deleted_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.message_content_template import MessageContentTemplate  # noqa: PLC0415
        from ..models.message_content_text_with_media import MessageContentTextWithMedia  # noqa: PLC0415

        id = self.id

        from_ = self.from_.to_dict()

        to = []
        for to_item_data in self.to:
            to_item = to_item_data.to_dict()
            to.append(to_item)

        status: str
        if isinstance(self.status, MessageStatus):
            status = MessageStatus(self.status).value
        else:
            status = self.status

        related = []
        for related_item_data in self.related:
            related_item = related_item_data.to_dict()
            related.append(related_item)

        tags = self.tags.to_dict()

        scheduled_for: None | str
        if isinstance(self.scheduled_for, datetime.datetime):
            if self.scheduled_for.tzinfo is None or self.scheduled_for.utcoffset() is None:
                raise ValueError(
                    "scheduled_for_type_0: a datetime with a time zone is needed (for example datetime.now(UTC)), not a naive one"
                )

            scheduled_for = self.scheduled_for.isoformat()
        else:
            scheduled_for = self.scheduled_for

        if self.created_at.tzinfo is None or self.created_at.utcoffset() is None:
            raise ValueError(
                "created_at: a datetime with a time zone is needed (for example datetime.now(UTC)), not a naive one"
            )

        created_at = self.created_at.isoformat()

        if self.updated_at.tzinfo is None or self.updated_at.utcoffset() is None:
            raise ValueError(
                "updated_at: a datetime with a time zone is needed (for example datetime.now(UTC)), not a naive one"
            )

        updated_at = self.updated_at.isoformat()

        content: dict[str, Any] | Unset
        if isinstance(self.content, Unset):
            content = UNSET
        elif isinstance(self.content, MessageContentTextWithMedia):
            content = self.content.to_dict()
        elif isinstance(self.content, MessageContentTemplate):
            content = self.content.to_dict()
        else:
            content = self.content.to_dict()

        attempts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attempts, Unset):
            attempts = []
            for attempts_item_data in self.attempts:
                attempts_item = attempts_item_data.to_dict()
                attempts.append(attempts_item)

        deleted_at: None | str | Unset
        if isinstance(self.deleted_at, Unset):
            deleted_at = UNSET
        elif isinstance(self.deleted_at, datetime.datetime):
            if self.deleted_at.tzinfo is None or self.deleted_at.utcoffset() is None:
                raise ValueError(
                    "deleted_at_type_0: a datetime with a time zone is needed (for example datetime.now(UTC)), not a naive one"
                )

            deleted_at = self.deleted_at.isoformat()
        else:
            deleted_at = self.deleted_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "from": from_,
                "to": to,
                "status": status,
                "related": related,
                "tags": tags,
                "scheduledFor": scheduled_for,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )
        if content is not UNSET:
            field_dict["content"] = content
        if attempts is not UNSET:
            field_dict["attempts"] = attempts
        if deleted_at is not UNSET:
            field_dict["deletedAt"] = deleted_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_attempt import MessageAttempt  # noqa: PLC0415
        from ..models.message_content_channel_modules import MessageContentChannelModules  # noqa: PLC0415
        from ..models.message_content_template import MessageContentTemplate  # noqa: PLC0415
        from ..models.message_content_text_with_media import MessageContentTextWithMedia  # noqa: PLC0415
        from ..models.message_recipient import MessageRecipient  # noqa: PLC0415
        from ..models.message_sender import MessageSender  # noqa: PLC0415
        from ..models.related_resource import RelatedResource  # noqa: PLC0415
        from ..models.tags import Tags  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        from_ = MessageSender.from_dict(d.pop("from"))

        to = []
        _to = d.pop("to")
        for to_item_data in _to:
            to_item = MessageRecipient.from_dict(to_item_data)

            to.append(to_item)

        def _parse_status(data: object) -> MessageStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = MessageStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MessageStatus | str, data)

        status = _parse_status(d.pop("status"))

        related = []
        _related = d.pop("related")
        for related_item_data in _related:
            related_item = RelatedResource.from_dict(related_item_data)

            related.append(related_item)

        tags = Tags.from_dict(d.pop("tags"))

        def _parse_scheduled_for(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                scheduled_for_type_0 = datetime.datetime.fromisoformat(data)

                return scheduled_for_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        scheduled_for = _parse_scheduled_for(d.pop("scheduledFor"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        def _parse_content(
            data: object,
        ) -> MessageContentChannelModules | MessageContentTemplate | MessageContentTextWithMedia | Unset:
            if isinstance(data, Unset):
                return data
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

        content = _parse_content(d.pop("content", UNSET))

        _attempts = d.pop("attempts", UNSET)
        attempts: list[MessageAttempt] | Unset = UNSET
        if _attempts is not UNSET:
            attempts = []
            for attempts_item_data in _attempts:
                attempts_item = MessageAttempt.from_dict(attempts_item_data)

                attempts.append(attempts_item)

        def _parse_deleted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deleted_at_type_0 = datetime.datetime.fromisoformat(data)

                return deleted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        deleted_at = _parse_deleted_at(d.pop("deletedAt", UNSET))

        message = cls(
            id=id,
            from_=from_,
            to=to,
            status=status,
            related=related,
            tags=tags,
            scheduled_for=scheduled_for,
            created_at=created_at,
            updated_at=updated_at,
            content=content,
            attempts=attempts,
            deleted_at=deleted_at,
        )

        message.additional_properties = d
        return message

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
