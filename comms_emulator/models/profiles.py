"""What a profile recipient resolves to in an emulator that has no Memory store.

Twilio looks a `ProfileRecipient` up in the named Memory store and sends to an address of the
profile. The emulator keeps no profiles, so it stands one in (the spec's `ProfileRecipient`
records this as an inferred decision): each profile ID resolves to one PHONE address in the
fictional +1 201 555 01xx range (reserved for fiction, so no real person is ever named), the
same address every time, and the Message's recipient names the profile beside it.
"""

from __future__ import annotations

import hashlib

PROFILE_CHANNEL = "PHONE"
_FICTIONAL_PREFIX = "+120155501"  # +1 201 555 01xx


def profile_address(profile_id: str) -> str:
    """The stand-in PHONE address of a profile: deterministic, fictional."""
    digest = hashlib.sha256(profile_id.encode("utf-8")).digest()
    return f"{_FICTIONAL_PREFIX}{digest[0] % 100:02d}"
