"""generated/ is exactly what the pinned generator makes from spec/, and a stale copy is named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from comms_spec import DEFAULT_SPEC_PATH
from scripts.generate import GENERATED, differences, main, render
from scripts.generator import release


@pytest.mark.slow
def test_generated_code_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0, capsys.readouterr().out


@pytest.mark.slow
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


@pytest.mark.slow
def test_a_new_optional_field_changes_one_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = yaml.safe_load(DEFAULT_SPEC_PATH.read_text(encoding="utf-8"))
    pool = spec["components"]["schemas"]["SenderPool"]["properties"]
    pool["description"] = {"type": "string", "description": "A longer description."}
    edited = tmp_path / "spec.yaml"
    edited.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("COMMS_SPEC_PATH", str(edited))
    fresh = tmp_path / "fresh"
    render(fresh)
    changed = [line for line in differences(GENERATED, fresh) if not line.startswith("    ")]
    changed = [line for line in changed if line.split()[1] not in release.FILES]  # main() adds
    assert changed == ["~ twilio_comms_sender_pools/models/sender_pool.py"]


@pytest.mark.slow
def test_a_new_list_operation_gets_paging_helpers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = yaml.safe_load(DEFAULT_SPEC_PATH.read_text(encoding="utf-8"))
    listing = spec["paths"]["/Senders"]["get"]
    spec["paths"]["/Archive/Senders"] = {"get": {**listing, "operationId": "listArchivedSenders"}}
    edited = tmp_path / "spec.yaml"
    edited.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("COMMS_SPEC_PATH", str(edited))
    fresh = tmp_path / "fresh"
    render(fresh)
    module = fresh / "twilio_comms_sender_pools" / "api" / "senders" / "list_archived_senders.py"
    source = module.read_text(encoding="utf-8")
    assert "def sync_all(" in source
    assert "async def asyncio_all(" in source
    assert '"url": "/Archive/Senders"' in source
    readme = (fresh / "README.md").read_text(encoding="utf-8")
    assert "`api.senders.list_archived_senders` | `sync_all`, `asyncio_all` |" in readme


def test_another_generator_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("scripts.generate.metadata.version", lambda name: "9.9.9")
    with pytest.raises(RuntimeError, match=r"9\.9\.9 is installed.*written for 0\.29\.1"):
        render(Path("unused"))
