"""The note mover (for merging old-style spec edits): a description keeps its user text, the
"Inferred:" part becomes `x-inferred-reason`, and the kit's own spec has nothing left to move."""

from __future__ import annotations

from comms_spec import DEFAULT_SPEC_PATH
from scripts.move_inferred_notes import FIRST_LINE, move


def test_a_note_moves_beside_its_description() -> None:
    text = [""] * (FIRST_LINE + 1) + [
        "    get:",
        "      description: |",
        "        Lists pools.",
        "        Inferred: sorted by",
        "        `createdAt`.",
        "      x-provenance: documented",
        "          description: 'Inferred: non-empty.'",
    ]
    lines, moved = move(text)
    assert moved == 2
    assert lines[FIRST_LINE + 1 :] == [
        "    get:",
        "      description: |",
        "        Lists pools.",
        "      x-inferred-reason: 'sorted by `createdAt`.'",
        "      x-provenance: documented",
        "          x-inferred-reason: 'non-empty.'",
    ]


def test_the_spec_has_no_note_left_to_move() -> None:
    assert move(DEFAULT_SPEC_PATH.read_text(encoding="utf-8").split("\n"))[1] == 0
