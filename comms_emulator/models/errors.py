"""What the domain raises; the HTTP layer maps it to the spec's error responses."""

from __future__ import annotations


class ResourceNotFound(LookupError):
    def __init__(self, kind: str, resource_id: str) -> None:
        super().__init__(f"{kind} {resource_id} was not found")
        self.kind = kind
        self.resource_id = resource_id


class SendRejected(ValueError):
    """The send (or Resolve) names a sending identity the account does not have, or a time that
    has passed; nothing is sent."""

    def __init__(self, message: str, location: str) -> None:
        super().__init__(message)
        self.location = location


class InvalidPageToken(ValueError):
    """The token was not issued by this emulator for this exact list."""


class LimitReached(RuntimeError):
    """The write would take the account past one of its limits (`quota.PoolQuota`); nothing
    is applied, and deleting pools or removing members makes room."""


class PoolTextLimitReached(ValueError):
    """An update would take the account's pool names and tags past their limit
    (`quota.PoolQuota.max_pool_text`); nothing is changed. A 400, not LimitReached's 409:
    updateSenderPool declares no 409, and a client that shortens the update is answered."""
