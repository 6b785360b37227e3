from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sender_communication_channel import SenderCommunicationChannel
from ..models.sender_status import SenderStatus

if TYPE_CHECKING:
    from ..models.tags import Tags


T = TypeVar("T", bound="Sender")


def _as_tags(value: Tags | Mapping[str, str]) -> Tags:
    """`value` as a Tags: a Tags as it is, any other mapping copied into one."""
    from ..models.tags import Tags  # noqa: PLC0415

    if isinstance(value, Tags):
        return value
    return Tags.from_dict(dict(value))


@_attrs_define
class Sender:
    """A sending identity from the account's inventory.

    Attributes:
        id (str): The ID of a Sender.
        display_name (None | str): The name associated with the address; may be visible to recipients.
        address (str): The Sender's address within its channel (phone number, email address, device token, agent ID, app
            name).
        channel (SenderCommunicationChannel | str): The medium a unit of communication is transmitted through.
            Open: a value this client does not know is kept as a plain string.
        status (SenderStatus | str): ACTIVATED Senders can send and receive communications; DEACTIVATED ones cannot.
            Open: a value this client does not know is kept as a plain string.
        tags (Tags): Custom metadata in the form of key-value pairs. Maximum size of a tag key is 128
            characters. Maximum size of a tag value is 256 characters. There can be a maximum of 10
            key-value pairs. The pages add that the field can be templated with Liquid, using each
            recipient's `variables`.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    display_name: None | str
    address: str
    channel: SenderCommunicationChannel | str
    status: SenderStatus | str
    tags: Tags = _attrs_field(converter=_as_tags)
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        display_name: None | str
        display_name = self.display_name

        address = self.address

        channel: str
        if isinstance(self.channel, SenderCommunicationChannel):
            channel = SenderCommunicationChannel(self.channel).value
        else:
            channel = self.channel

        status: str
        if isinstance(self.status, SenderStatus):
            status = SenderStatus(self.status).value
        else:
            status = self.status

        tags = self.tags.to_dict()

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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "displayName": display_name,
                "address": address,
                "channel": channel,
                "status": status,
                "tags": tags,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tags import Tags  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_display_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        display_name = _parse_display_name(d.pop("displayName"))

        address = d.pop("address")

        def _parse_channel(data: object) -> SenderCommunicationChannel | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                channel_type_0 = SenderCommunicationChannel(data)

                return channel_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(SenderCommunicationChannel | str, data)

        channel = _parse_channel(d.pop("channel"))

        def _parse_status(data: object) -> SenderStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = SenderStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(SenderStatus | str, data)

        status = _parse_status(d.pop("status"))

        tags = Tags.from_dict(d.pop("tags"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        sender = cls(
            id=id,
            display_name=display_name,
            address=address,
            channel=channel,
            status=status,
            tags=tags,
            created_at=created_at,
            updated_at=updated_at,
        )

        sender.additional_properties = d
        return sender

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
