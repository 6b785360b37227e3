"""One sdk-check run: start the adapter, run each behaviour of the catalogue on a freshly reset
emulator, collect the verdicts. An adapter that hangs, crashes or breaks the protocol, or an
emulator that refuses a set-up call, stops the run: that row is an `error`, the rest `not run`,
and the scorecard says why (exit 2)."""

from __future__ import annotations

import contextlib
import time
from typing import IO

from contract_tests._sdk.adapter import Adapter, AdapterFailed
from contract_tests._sdk.catalogue import (
    CATALOGUE,
    DEFAULT_SLACK,
    FAIL,
    UNSUPPORTED,
    Behaviour,
    Ctx,
    Verdict,
)
from contract_tests._sdk.emulator import EmulatorControl, SetupFailed
from contract_tests._sdk.scorecard import ERROR, NOT_RUN, Row, Scorecard


def select(only: list[str]) -> list[Behaviour]:
    """The behaviours named (an id, or a prefix such as `retry.`), in catalogue order."""
    if not only:
        return list(CATALOGUE)
    unknown = [o for o in only if not any(b.id.startswith(o) for b in CATALOGUE)]
    if unknown:
        known = ", ".join(b.id for b in CATALOGUE)
        raise ValueError(f"no behaviour {unknown[0]!r} (known: {known})")
    return [b for b in CATALOGUE if any(b.id.startswith(o) for o in only)]


def run_check(
    command: str,
    emulator: EmulatorControl,
    behaviours: list[Behaviour],
    error_codes: dict[int, int],
    *,
    slack: float = DEFAULT_SLACK,
    stderr: IO[str] | None = None,
) -> Scorecard:
    card = Scorecard({"command": command}, emulator.url)
    try:
        adapter = Adapter(command, stderr=stderr)
    except AdapterFailed as error:
        return _stopped(card, behaviours, str(error))
    try:
        try:
            hello = adapter.hello(timeout=max(slack, 1.0))
        except AdapterFailed as error:
            return _stopped(card, behaviours, str(error))
        card.adapter |= {
            "name": hello.name,
            "actions": sorted(hello.actions),
            "features": sorted(hello.features),
        }
        declared = hello.actions | hello.features
        for index, behaviour in enumerate(behaviours):
            missing = [r for r in behaviour.requires if r not in declared]
            if missing:
                why = f"the adapter does not declare {', '.join(missing)}"
                card.rows.append(_row(behaviour, Verdict(UNSUPPORTED, why), 0.0))
                continue
            started = time.monotonic()
            try:
                emulator.reset()
                verdict = behaviour.judge(Ctx(emulator, adapter, error_codes, slack))
            except (AdapterFailed, SetupFailed) as error:
                card.rows.append(_row(behaviour, Verdict(ERROR, str(error)), 0.0))
                return _stopped(card, behaviours[index + 1 :], f"{behaviour.id}: {error}")
            card.rows.append(_row(behaviour, verdict, time.monotonic() - started))
    finally:
        adapter.close()
        # Leave the emulator as clean as each behaviour found it (strong, no rules).
        with contextlib.suppress(SetupFailed):
            emulator.reset()
    return card


def failed(card: Scorecard) -> bool:
    return any(row.outcome == FAIL for row in card.rows)


def _row(behaviour: Behaviour, verdict: Verdict, seconds: float) -> Row:
    return Row(
        behaviour.id,
        behaviour.title,
        behaviour.rests_on,
        verdict.outcome,
        verdict.reason,
        verdict.evidence,
        seconds,
    )


def _stopped(card: Scorecard, rest: list[Behaviour], problem: str) -> Scorecard:
    card.problem = problem
    card.rows += [_row(b, Verdict(NOT_RUN, "the run stopped before it"), 0.0) for b in rest]
    return card
