"""The emulator answers every committed transcript (tests/parity/*.json) exactly as recorded:
a transcript recorded against the real API is a regression test of the emulator's parity with
it, and one recorded from the emulator pins its own behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest

from comms_spec import Contract
from contract_tests._parity import load, run_replay
from contract_tests._target import in_process_target

TRANSCRIPTS = sorted((Path(__file__).resolve().parents[1] / "parity").glob("*.json"))


def test_there_are_transcripts_to_replay() -> None:
    assert TRANSCRIPTS, "tests/parity/ holds no transcript"


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
def test_the_emulator_replays_the_transcript_exactly(path: Path, contract: Contract) -> None:
    entries = load(path)
    run = run_replay(contract, entries, in_process_target(contract), name=path.name, say=print)
    differences = [
        f"{o.reference.label}: {d.check} {d.describe()}"
        for o in run.outcomes
        for d in o.differences
    ]
    assert run.score == (len(entries), len(entries)), "\n".join(differences[:20])
