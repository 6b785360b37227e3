"""What the domain raises; the HTTP layer maps it to the spec's error responses."""

from __future__ import annotations


class ResourceNotFound(LookupError):
    def __init__(self, kind: str, resource_id: str) -> None:
        super().__init__(f"{kind} {resource_id} was not found")
        self.kind = kind
        self.resource_id = resource_id
