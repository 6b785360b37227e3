from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="MessageContentTemplate")


@_attrs_define
class MessageContentTemplate:
    """A Content template, by its Content SID (`HX...`).

    Attributes:
        content_id (str): The Content SID of the template.
    """

    content_id: str

    def to_dict(self) -> dict[str, Any]:
        content_id = self.content_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "contentId": content_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content_id = d.pop("contentId")

        message_content_template = cls(
            content_id=content_id,
        )

        return message_content_template
