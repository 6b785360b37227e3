"""The generated client documents the API for its users: no maintainer notes in its sources.

Descriptions become docstrings and the README; the spec keeps its provenance ("Inferred: ..."
reasons) in `x-` fields, which no generator prints. The `generator-ready` spec check keeps them
out of the spec's descriptions; this proves nothing else brings them into the client.
"""

from __future__ import annotations

from scripts.generate import GENERATED


def test_no_inferred_note_reaches_the_generated_client() -> None:
    sources = [
        path
        for path in sorted(GENERATED.rglob("*"))
        if path.is_file() and path.suffix in (".py", ".md", ".toml")
    ]
    assert len(sources) > 40  # the whole client, not an empty directory
    offenders = [
        str(path.relative_to(GENERATED))
        for path in sources
        if "Inferred:" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
