from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from comms_spec import DEFAULT_SPEC_PATH
from scripts.check_spec import main


def test_the_kits_spec_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "all checks passed" in capsys.readouterr().out


def test_a_broken_copy_fails_with_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What `nox -s lint` does with a deliberately broken spec: exit 1 and say why."""
    spec = yaml.safe_load(DEFAULT_SPEC_PATH.read_text(encoding="utf-8"))
    responses = spec["paths"]["/SenderPools/{senderPoolId}"]["delete"]["responses"]
    responses["202"]["links"]["FetchDeletedSenderPool"]["operationId"] = "getSenderPool"
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(spec), encoding="utf-8")
    assert main([str(broken)]) == 1
    out = capsys.readouterr().out
    assert "[links-resolve]" in out
    assert "'getSenderPool' does not exist" in out
    assert "1 finding(s)" in out


def test_an_unreadable_file_is_a_setup_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: [unclosed", encoding="utf-8")
    assert main([str(bad)]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_a_limit_that_disagrees_with_its_source_fails_the_lint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 11: change one documented limit and the check names the node by JSON pointer."""
    spec = yaml.safe_load(DEFAULT_SPEC_PATH.read_text(encoding="utf-8"))
    spec["components"]["schemas"]["SendMessagesRequest"]["properties"]["to"]["maxItems"] = 9999
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(spec), encoding="utf-8")
    assert main([str(broken)]) == 1
    out = capsys.readouterr().out
    assert (
        "[claims-sourced] /components/schemas/SendMessagesRequest/properties/to: "
        "maxItems is 9999 but its source states 10000"
    ) in out


def test_the_claim_counts_are_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert ", 0 unlabelled" in capsys.readouterr().out
