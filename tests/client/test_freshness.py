"""generated/ is exactly what the pinned generator makes from spec/, and a stale copy is named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts.generate import GENERATED, main


def test_generated_code_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0, capsys.readouterr().out


def test_a_stale_copy_is_reported_with_a_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "generated"
    shutil.copytree(GENERATED, stale)
    (stale / "twilio_comms_sender_pools" / "models" / "tags.py").write_text("# edited by hand\n")
    (stale / "twilio_comms_sender_pools" / "extra.py").write_text("")
    assert main(["--check", "--generated-dir", str(stale)]) == 1
    out = capsys.readouterr().out
    assert "is stale: run `nox -s generate`" in out
    assert "~ twilio_comms_sender_pools/models/tags.py" in out
    assert "-# edited by hand" in out
    assert "- twilio_comms_sender_pools/extra.py (no longer generated)" in out
