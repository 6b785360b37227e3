from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MessageContentTextWithMedia")


@_attrs_define
class MessageContentTextWithMedia:
    """A text, with links to media to attach.

    Attributes:
        text (str): The text of the Message; Liquid placeholders are allowed.
        media (list[str] | Unset): Links to media to attach, at most 10.
    """

    text: str
    media: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        text = self.text

        media: list[str] | Unset = UNSET
        if not isinstance(self.media, Unset):
            media = self.media

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "text": text,
            }
        )
        if media is not UNSET:
            field_dict["media"] = media

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        text = d.pop("text")

        media = cast(list[str], d.pop("media", UNSET))

        message_content_text_with_media = cls(
            text=text,
            media=media,
        )

        return message_content_text_with_media
