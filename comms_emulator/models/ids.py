"""Resource IDs: the spec's prefix + a lowercase ULID, monotonic within the process.

Twilio's IDs are TypeID-style (`comms_senderpool_01h9krwprkeee8fzqspvwy6nq8`): 26 lowercase
Crockford base32 characters whose first is 0-7. A ULID's canonical text is exactly that, upper
case; it is encoded here in a few lines rather than with python-ulid, whose import is a few per
cent of the emulator's start-up. Monotonic generation keeps "sort by ID" equal to "sort by
creation" even within one millisecond, which is what makes cursor pagination stable. The
prefixes are read from the ID schemas' patterns in the spec.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

from comms_spec import Contract

_RANDOM_BITS = 80
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case
_VALUES = {c: i for i, c in enumerate(_ALPHABET)}
_LENGTH = 26  # 130 bits for a 128-bit ULID: the first character is 0-7


def _encode(value: int) -> str:
    return "".join(_ALPHABET[(value >> shift) & 31] for shift in range(5 * (_LENGTH - 1), -1, -5))


def _decode(text: str) -> int:
    value = 0
    for char in text.lower():
        value = (value << 5) | _VALUES[char]
    return value


@dataclass(frozen=True)
class IdPrefixes:
    pool: str
    sender: str
    operation: str
    message: str

    @classmethod
    def of(cls, contract: Contract) -> IdPrefixes:
        return cls(
            pool=contract.id_prefix("SenderPoolId"),
            sender=contract.id_prefix("SenderId"),
            operation=contract.id_prefix("OperationId"),
            message=contract.id_prefix("MessageId"),
        )


class MonotonicIds:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0

    def new(self, prefix: str, at_ms: int) -> str:
        with self._lock:
            candidate = (at_ms << _RANDOM_BITS) | secrets.randbits(_RANDOM_BITS)
            # Same or earlier millisecond than the last ID: step past it instead.
            value = candidate if candidate > self._last else self._last + 1
            self._last = value
        return prefix + _encode(value)


def stable_id(prefix: str, at_ms: int, seed: bytes) -> str:
    """An ID minted at `at_ms` whose random part is derived from `seed` (same seed, same ID)."""
    value = (at_ms << _RANDOM_BITS) | int.from_bytes(seed[:10], "big")
    return prefix + _encode(value)


def id_timestamp_ms(resource_id: str) -> int:
    """The millisecond a ULID-based ID was minted at."""
    return _decode(resource_id.rsplit("_", 1)[1]) >> _RANDOM_BITS
