from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sender_communication_channel import SenderCommunicationChannel
from ..models.sender_status import SenderStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="SearchSendersRequest")


def _as_sender_communication_channel(
    value: SenderCommunicationChannel | Literal["SMS", "RCS", "EMAIL", "WHATSAPP", "PUSH"],
) -> SenderCommunicationChannel:
    """`value` as a SenderCommunicationChannel member; ValueError for a value the enum does not have."""
    return SenderCommunicationChannel(value)


def _as_sender_status_or_unset(
    value: SenderStatus | Literal["ACTIVATED", "DEACTIVATED"] | Unset,
) -> SenderStatus | Unset:
    """`value` as a SenderStatus member (UNSET as it is); ValueError for a value the enum does not have."""
    if isinstance(value, Unset):
        return value
    return SenderStatus(value)


@_attrs_define
class SearchSendersRequest:
    """What to search for, and the page to return.

    Attributes:
        address (str):
        channel (SenderCommunicationChannel): The medium a unit of communication is transmitted through.
        status (SenderStatus | Unset): ACTIVATED Senders can send and receive communications; DEACTIVATED ones cannot.
        page_token (str | Unset):
        page_size (int | Unset):  Default: 50.
    """

    address: str
    channel: SenderCommunicationChannel = _attrs_field(converter=_as_sender_communication_channel)
    status: SenderStatus | Unset = _attrs_field(default=UNSET, converter=_as_sender_status_or_unset)
    page_token: str | Unset = UNSET
    page_size: int | Unset = 50

    def to_dict(self) -> dict[str, Any]:
        address = self.address

        channel = SenderCommunicationChannel(self.channel).value

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = SenderStatus(self.status).value

        page_token = self.page_token

        page_size = self.page_size

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "address": address,
                "channel": channel,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status
        if page_token is not UNSET:
            field_dict["pageToken"] = page_token
        if page_size is not UNSET:
            field_dict["pageSize"] = page_size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        address = d.pop("address")

        channel = SenderCommunicationChannel(d.pop("channel"))

        _status = d.pop("status", UNSET)
        status: SenderStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = SenderStatus(_status)

        page_token = d.pop("pageToken", UNSET)

        page_size = d.pop("pageSize", UNSET)

        search_senders_request = cls(
            address=address,
            channel=channel,
            status=status,
            page_token=page_token,
            page_size=page_size,
        )

        return search_senders_request
