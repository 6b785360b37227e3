"""One seed for a run: everything the run chooses at random is derived from it.

The fuzzer (Hypothesis, through Schemathesis and the state machine), the built-in emulator's
fault injection, and the run's tag (the run id its resources carry) each take their own value,
derived from the run seed and a purpose, so a change to one never moves the others. A run
given no seed picks one and reports it, so every run can be replayed. What stays outside the
seed is the wall clock (an ID's timestamp, a profile's time budget) and a target's own answers;
the exchange digest (`_digest.py`) leaves out the values those decide.
"""

from __future__ import annotations

import hashlib
import secrets

# The purposes the run derives values for.
HYPOTHESIS = "hypothesis"
EMULATOR_FAULTS = "emulator-faults"

# Seeds are 32-bit: short to type, and what Hypothesis prints for a failure's seed.
SEED_BITS = 32


def new_seed() -> int:
    return secrets.randbits(SEED_BITS)


def derive(seed: int, purpose: str) -> int:
    """A 32-bit value for one purpose ("hypothesis", "emulator-faults", ...) of this seed."""
    digest = hashlib.sha256(f"{seed}:{purpose}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def parse_seed(text: str) -> int:
    """A seed as given on the command line: a whole number 0 <= N < 2**32."""
    try:
        value = int(text, 10)
    except ValueError:
        raise ValueError(f"--seed takes a whole number, got {text!r}") from None
    if not 0 <= value < 2**SEED_BITS:
        raise ValueError(f"--seed must be in [0, {2**SEED_BITS}), got {value}")
    return value
