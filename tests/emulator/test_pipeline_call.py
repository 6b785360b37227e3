"""`new_call`, the pipeline's way of building a `Call` without the class call, builds what
`Call(...)` builds: every field set, each to what the constructor would set it to."""

from __future__ import annotations

import dataclasses

from comms_emulator.http.handlers._call import Call, new_call
from comms_emulator.http.render_cache import PoolRenders


def test_new_call_sets_every_field_as_the_constructor_does() -> None:
    # Distinct stand-ins: a field set from the wrong argument shows as a mismatch.
    args = (object(), object(), object(), object(), {"type": "http"}, "v1", None, PoolRenders())
    made, built = new_call(*args), Call(*args)  # type: ignore[arg-type]
    names = [f.name for f in dataclasses.fields(Call)]
    assert names  # a field unset by new_call raises AttributeError here
    assert {n: getattr(made, n) for n in names} == {n: getattr(built, n) for n in names}
