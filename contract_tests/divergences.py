"""Every place where targets may legitimately differ, or where the suite's budget is shaped,
declared here and nowhere else. Each entry says why.

Markers (applied to test functions):
  mutating         changes state: skipped with --read-only
  emulator_only    needs the emulator's control plane (fault injection, progression)
  second_account   needs a second account's credentials (account isolation)
  sends_messages   sends Messages: only to the built-in emulator, or with --allow-sending
  own_emulator     sends to invented recipients or reconfigures the target: the built-in
                   emulator only, never another target (even one with a control plane)
  proves(name, operations=[...], provenance=...)   what a deterministic test proves, for the report
"""

from __future__ import annotations

from typing import Any

from contract_tests._target import Target

MARKERS = {
    "mutating": "changes state on the target; skipped with --read-only",
    "emulator_only": "needs the emulator control plane; skipped against other targets",
    "second_account": "needs TWILIO_SECOND_ACCOUNT_SID/TWILIO_SECOND_AUTH_TOKEN",
    "sends_messages": "sends Messages; skipped against other targets unless --allow-sending",
    "own_emulator": "needs the built-in emulator; skipped against any other target",
    "proves(name, operations, provenance)": "what a deterministic test proves",
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


# Schemathesis per-operation configuration.
LIST_OPERATIONS = "^(list|search)"
SCHEMATHESIS_OPERATIONS: list[dict[str, Any]] = [
    {
        # pageToken is opaque: a schema-valid string the API never issued is rightly a 400, and
        # startDate >= endDate is a 400 that JSON Schema cannot express. Deterministic tests
        # pin both (test_pagination, test_filters), so fuzzing accepts 400 on lists (and on
        # Search, which pages through its body).
        "include-operation-id-regex": LIST_OPERATIONS,
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", 400, 401, 403, 404, 409, 429]}
        },
    },
    {
        # Boundary arrays of 1,000 and 10,000 unique sender references take Hypothesis
        # minutes to build; test_limits sends exactly those sizes instead.
        "include-operation-id": ["createSenderPool", "addSenderPoolSenders", "sendMessages"],
        "phases": {"coverage": {"enabled": False}},
    },
    {
        # A schema-valid send (or Resolve) names a pool or a sender address the account may
        # not have, or a schedule time that has passed, which is rightly a 400 that JSON Schema
        # cannot express; test_messages and test_senders pin them.
        "include-operation-id": ["sendMessages", "resolveSenders"],
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", 400, 401, 403, 404, 409, 429]}
        },
    },
]

# Every target may rate limit: a 429 is "not processed", never a wrong answer.
ALWAYS_ACCEPTABLE_STATUSES = (429,)
