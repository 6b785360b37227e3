"""Where targets may legitimately differ: the markers a test carries and the one place that
turns them into a skip. (How fuzzing is shaped per operation lives in `_schema.py`.)

Markers (applied to test functions):
  mutating         changes state: skipped with --read-only
  emulator_only    needs the emulator's control plane (fault injection, progression)
  second_account   needs a second account's credentials (account isolation)
  sends_messages   sends Messages: only to the built-in emulator, or with --allow-sending
  own_emulator     sends to invented recipients or reconfigures the target: the built-in
                   emulator only, never another target (even one with a control plane)
  proves(name, operations=[...], provenance=...)   what a deterministic test proves, for the report
  every_operation  parametrized at collection with every operation of the run's schema
  derived(kind)    parametrized at collection with the catalogue's entries of that kind
  placed_with(name) with --shard, placed as the test `name` is (it judges what that one left)
"""

from __future__ import annotations

from contract_tests._target import Target

MARKERS = {
    "mutating": "changes state on the target; skipped with --read-only",
    "emulator_only": "needs the emulator control plane; skipped against other targets",
    "second_account": "needs TWILIO_SECOND_ACCOUNT_SID/TWILIO_SECOND_AUTH_TOKEN",
    "sends_messages": "sends Messages; skipped against other targets unless --allow-sending",
    "own_emulator": "needs the built-in emulator; skipped against any other target",
    "proves(name, operations, provenance)": "what a deterministic test proves",
    "every_operation": "parametrized with every operation of the run's schema when collected",
    "derived(kind)": "parametrized with the catalogue's entries of that kind when collected",
    "placed_with(name)": "with --shard, run in the shard of the test `name`, whose state it judges",
}


def skip_reason(markers: set[str], target: Target) -> str | None:
    if "mutating" in markers and target.read_only:
        return "read-only run: this test changes state"
    if "emulator_only" in markers and target.control_url is None:
        return "the target has no emulator control plane"
    if "own_emulator" in markers and target.external:
        return "only for the built-in emulator (invented recipients, reconfigured state)"
    if "sends_messages" in markers and not target.may_send:
        return "sends Messages: only the built-in emulator is sent to unless --allow-sending"
    if "second_account" in markers and target.second_account is None:
        return "no second account configured (TWILIO_SECOND_ACCOUNT_SID/_AUTH_TOKEN)"
    return None
