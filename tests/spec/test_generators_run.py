"""`nox -s generators`' report: the matrix marks how far each client got, and an "Inferred:"
note in any generated file is found. (The session itself runs the generators; CI runs it.)"""

from __future__ import annotations

from pathlib import Path

from scripts.generators.run import GENERATORS, STEPS, Outcome, inferred_notes, matrix


def test_the_matrix_shows_each_stage_and_step() -> None:
    ts_fetch, python = GENERATORS[0], GENERATORS[1]
    passed = Outcome(ts_fetch, stage="run", steps=dict.fromkeys(STEPS, True))
    broken = Outcome(python, stage="build")
    rows = matrix([passed, broken]).splitlines()
    assert rows[0] == "| step | typescript-fetch | python |"
    assert rows[2] == "| generate (default options) | pass | pass |"
    assert rows[3] == "| type-check / install | pass | FAIL |"
    assert rows[4] == f"| {STEPS[0]} | pass | - |"
    assert passed.passed
    assert not broken.passed


def test_an_inferred_note_in_a_generated_client_is_found(tmp_path: Path) -> None:
    client = tmp_path / "hey-api" / "client"
    client.mkdir(parents=True)
    (client / "types.gen.ts").write_text("/** Inferred: ours. */\n", encoding="utf-8")
    (client / "sdk.gen.ts").write_text("/** Lists pools. */\n", encoding="utf-8")
    assert inferred_notes(tmp_path) == ["hey-api/client/types.gen.ts"]
