"""Contains some shared types for properties"""

from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, BinaryIO, Generic, Literal, TypeVar

from attrs import define


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus | int  # a plain int for a status HTTPStatus does not list (499, 520, …)
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


def http_status(code: int) -> HTTPStatus | int:
    """`code` as an HTTPStatus member when it is one, else the plain int (servers and proxies
    also send 499, 520, …)."""
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


def present(value: T | Unset, name: str = "a field") -> T:
    """`value`, when the server sent it; ValueError naming `name` when it did not.

    Fields whose presence the spec only infers (or the docs mark optional) are typed `X | Unset`;
    use this where your code cannot go on without one, for example
    `sync_wait(present(accepted.operation_id, "operationId"), client=client)`.
    """
    if isinstance(value, Unset):
        raise ValueError(f"the response has no {name}")
    return value


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Response", "Unset", "http_status", "present"]
