"""HTTP Basic: account SID + auth token, or API key SID + secret belonging to an account."""

from __future__ import annotations

import base64

from comms_emulator.http.errors import ApiError
from comms_emulator.models.account import AccountState
from comms_emulator.models.world import World

CHALLENGE = {"WWW-Authenticate": 'Basic realm="Twilio Comms API emulator"'}


def authenticate(world: World, authorization: str | None) -> AccountState:
    if not authorization:
        raise ApiError(
            401,
            "Authentication required: send HTTP Basic credentials "
            "(account SID and auth token, or API key and secret)",
            headers=CHALLENGE,
        )
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        raise ApiError(
            401, f"Unsupported authorization scheme {scheme!r}: use Basic", headers=CHALLENGE
        )
    try:
        username, sep, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
    except ValueError:  # bad base64, non-ASCII header text, or not UTF-8 underneath
        sep = ""
    account = world.authenticate(username, secret) if sep else None
    if account is None:
        # Same answer for an unknown user and a wrong secret: no account enumeration.
        raise ApiError(401, "Authentication failed: unknown credentials", headers=CHALLENGE)
    return account


class CredentialCache:
    """`authenticate`, resolved once per distinct Authorization header: a client sends the same
    header on every request, and decoding plus a constant-time compare is per-request work
    that buys nothing the second time. Only successes are kept (by account SID, so a reset
    account is looked up afresh), and at most `size` of them, so junk headers cannot grow it."""

    def __init__(self, world: World, size: int = 256) -> None:
        self._world = world
        self._size = size
        # By the header as received: decoded only on a miss. Read-only outside `sid`.
        self.known: dict[bytes | None, str] = {}

    def sid(self, authorization: bytes | None) -> str:
        """The SID of the account these credentials act for (401 if none), for the
        Authorization header's raw value. The account itself is looked up when the request is
        applied: a reset may replace it meanwhile."""
        sid = self.known.get(authorization) if authorization else None
        if sid is not None:
            return sid
        text = None if authorization is None else authorization.decode("latin-1")
        account = authenticate(self._world, text)
        if len(self.known) >= self._size:
            self.known.clear()
        self.known[authorization or b""] = account.sid
        return account.sid
