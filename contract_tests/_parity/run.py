"""Parity runs and replays, end to end: sessions with the conformance run's safety, the
workflow script recorded against the reference, the replay against the other, cleanup."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from comms_spec import Contract
from contract_tests._parity.normalise import Normaliser, Vocabulary
from contract_tests._parity.replay import Replayer
from contract_tests._parity.report import ParityRun
from contract_tests._parity.script import ScriptStopped, Workflows
from contract_tests._parity.transcript import Entry, Recorder, save
from contract_tests._redaction import Redactor
from contract_tests._safety import Ledger
from contract_tests._session import ApiSession
from contract_tests._target import Target
from contract_tests._timer import SYSTEM_TIMER, Timer

Report = Callable[[str], None]


def open_session(contract: Contract, target: Target, timer: Timer = SYSTEM_TIMER) -> ApiSession:
    """A session with the conformance run's transport and guard; no run behind it (a parity
    run has no coverage, additive findings or profile)."""
    return ApiSession(contract, target, Ledger(), Redactor(target.secrets), timer=timer)


def start_recording(api: ApiSession, vocabulary: Vocabulary | None = None) -> Recorder:
    """Record every exchange `api` sends from now on, in normal form."""
    normaliser = Normaliser(
        vocabulary or Vocabulary(api.contract),
        api.target.api_base,
        api.target.secrets,
        api.ledger.run_id,
    )
    recorder = Recorder(api.contract, api.target, normaliser)
    api.observer = recorder
    return recorder


def finish(api: ApiSession, say: Report) -> None:
    """Stop recording, delete what the session created, close it."""
    api.observer = None
    try:
        failed = api.cleanup()
    finally:
        api.close()
    if failed:
        say(
            f"could not delete {len(failed)} pool(s) created on {api.target.name} "
            f"(tagged {api.ledger.run_id}): {', '.join(failed)}"
        )


def run_parity(
    contract: Contract,
    reference: Target,
    other: Target,
    *,
    record: Path | None = None,
    say: Report = print,
    timer: Timer = SYSTEM_TIMER,
) -> ParityRun:
    """The workflow script against `reference` (recorded), then replayed against `other`."""
    started = time.time()
    vocabulary = Vocabulary(contract)
    sends = reference.may_send and other.may_send
    if not sends:
        say("sends are left out: both targets must allow sending (--allow-sending --send-to)")
    first = open_session(contract, reference, timer)
    second = open_session(contract, other, timer)
    stopped = ""
    try:
        recorder = start_recording(first, vocabulary)
        try:
            Workflows(first, recorder, sends=sends).run()
        except ScriptStopped as error:
            stopped = f"the workflows stopped on {reference.name}: {error}"
        finally:
            finish(first, say)
        if record is not None:
            save(record, reference.name, recorder.entries)
        replayer = Replayer(second, start_recording(second, vocabulary))
        outcomes = replayer.replay(recorder.entries)
    finally:
        finish(second, say)
    requests = first.requests_sent + second.requests_sent
    return ParityRun(reference.name, other.name, outcomes, started, requests, stopped)


def run_replay(
    contract: Contract,
    entries: list[Entry],
    target: Target,
    *,
    name: str,
    say: Report = print,
    timer: Timer = SYSTEM_TIMER,
) -> ParityRun:
    """A transcript's requests re-sent to `target`, its answers compared with the recorded."""
    started = time.time()
    api = open_session(contract, target, timer)
    try:
        outcomes = Replayer(api, start_recording(api)).replay(entries)
    finally:
        finish(api, say)
    return ParityRun(name, target.name, outcomes, started, api.requests_sent)
