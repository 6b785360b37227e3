"""The control-plane probe: a target is taken for the kit's emulator (its emulator-only tests
run, their control-plane calls sent) only when GET /_emulator/ answers exactly the emulator's
summary, as JSON, listing the run's own account; never for a Twilio host; a server posing as
the emulator with any other answer is an ordinary target."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from comms_emulator import EmulatorConfig, create_app
from comms_emulator.threaded import ThreadedEmulator
from comms_spec import Contract
from contract_tests._target import EMULATOR_ACCOUNTS, _probe_control_plane, is_emulator_summary
from tests.contract.hostile_targets import LOOKALIKE_ACCOUNT, LOOKALIKE_SUMMARY, hostile

JSON = "application/json"


def _body(summary: Any) -> bytes:
    return json.dumps(summary).encode()


def _changed(change: Any) -> dict[str, Any]:
    summary = copy.deepcopy(LOOKALIKE_SUMMARY)
    change(summary)
    return summary


def test_the_exact_summary_listing_the_runs_account_is_the_emulator() -> None:
    assert is_emulator_summary(JSON, _body(LOOKALIKE_SUMMARY), LOOKALIKE_ACCOUNT)
    assert is_emulator_summary("application/json; charset=utf-8", _body(LOOKALIKE_SUMMARY), "SK1")


@pytest.mark.parametrize(
    "body",
    [
        _body({"accounts": []}),  # what the old probe took: anything mentioning "accounts"
        _body(_changed(lambda s: s.update(extra=1))),
        _body(_changed(lambda s: s.pop("faults"))),
        _body(_changed(lambda s: s.update(accounts=[]))),
        _body(_changed(lambda s: s["accounts"][0].update(sid="AC" + "X" * 32))),
        _body(_changed(lambda s: s["accounts"][0].update(senders=True))),
        _body(_changed(lambda s: s["accounts"][0].update(senders=-1))),
        _body(_changed(lambda s: s["accounts"][0].update(senders=1.5))),
        _body(_changed(lambda s: s["accounts"][0].update(note="hi"))),
        _body(_changed(lambda s: s["accounts"].append(s["accounts"][0]))),  # a SID twice
        _body(_changed(lambda s: s.update(faults={}))),
        _body([LOOKALIKE_SUMMARY]),
        _body(LOOKALIKE_SUMMARY).replace(b'"faults"', b'"faults": 1, "faults"', 1),  # dup key
        b"{" * 100_000,
        b"not json",
    ],
)
def test_anything_else_is_not(body: bytes) -> None:
    assert not is_emulator_summary(JSON, body, LOOKALIKE_ACCOUNT)


def test_the_summary_not_listing_the_runs_account_or_not_as_json_is_not() -> None:
    assert not is_emulator_summary(JSON, _body(LOOKALIKE_SUMMARY), "AC" + "0" * 32)
    assert not is_emulator_summary("text/html", _body(LOOKALIKE_SUMMARY), LOOKALIKE_ACCOUNT)


def test_a_twilio_host_is_never_probed() -> None:
    # Nothing is sent: comms.twilio.com is not on loopback, and the probe returns first.
    assert _probe_control_plane("https://comms.twilio.com", LOOKALIKE_ACCOUNT) is None
    assert _probe_control_plane("https://x.Twilio.COM.", LOOKALIKE_ACCOUNT) is None


@pytest.mark.slow  # a loopback server, and the emulator over HTTP: under a second
def test_over_sockets_a_lookalike_is_refused_and_the_emulator_found() -> None:
    with hostile("lookalike") as server:
        origin = server.url.rsplit("/", 1)[0]  # its url is the API base, .../v1
        assert _probe_control_plane(origin, "AC" + "0" * 32) is None
        assert _probe_control_plane(origin, LOOKALIKE_ACCOUNT) == origin + "/_emulator"
    contract = Contract.load()
    app = create_app(EmulatorConfig(accounts=dict(EMULATOR_ACCOUNTS)), contract)
    with ThreadedEmulator(app) as emulator:
        sid = next(iter(EMULATOR_ACCOUNTS))
        assert _probe_control_plane(emulator.url, sid) == emulator.url + "/_emulator"
        assert _probe_control_plane(emulator.url, "AC" + "0" * 32) is None
