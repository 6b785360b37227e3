"""The generated client's version and CHANGELOG.md follow the spec (scripts/generator/release.py):
a breaking change needs a new major version, and every regeneration writes the changelog."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from comms_spec import load_spec
from scripts.generate import main
from scripts.generator.release import (
    CHANGELOG,
    PREVIOUS,
    SPEC,
    VersionError,
    compare,
    helper_changes,
    write_release_files,
)


@pytest.fixture
def spec() -> dict[str, Any]:
    """The spec as a 1.0.0 baseline, whatever version the checkout is at."""
    baseline = copy.deepcopy(load_spec())
    baseline["info"]["version"] = "1.0.0"
    return baseline


def _at(spec: dict[str, Any], version: str) -> dict[str, Any]:
    edited = copy.deepcopy(spec)
    edited["info"]["version"] = version
    return edited


def _without_delete(spec: dict[str, Any], version: str) -> dict[str, Any]:
    edited = _at(spec, version)
    del edited["paths"]["/SenderPools/{senderPoolId}"]["delete"]
    return edited


def _with_archive(spec: dict[str, Any], version: str) -> dict[str, Any]:
    edited = _at(spec, version)
    listing = edited["paths"]["/Senders"]["get"]
    edited["paths"]["/Archive/Senders"] = {"get": {**listing, "operationId": "listArchived"}}
    return edited


def test_the_first_version_lists_every_operation(spec: dict[str, Any]) -> None:
    changes = compare(None, spec)
    assert changes.required_bump == "none"
    assert "- `createSenderPool`" in changes.section()


def test_a_breaking_change_without_a_major_bump_is_refused(spec: dict[str, Any]) -> None:
    for version in ("1.0.0", "1.1.0", "1.0.1"):
        with pytest.raises(VersionError, match="need a new major version") as caught:
            compare(spec, _without_delete(spec, version))
        assert "deleteSenderPool: operation removed" in str(caught.value)


def test_a_breaking_change_with_a_major_bump_is_written_up(spec: dict[str, Any]) -> None:
    changes = compare(spec, _without_delete(spec, "2.0.0"))
    assert changes.required_bump == "major"
    section = changes.section()
    assert section.startswith("## 2.0.0\n\nChanges since 1.0.0 (least bump: major).")
    assert "### Breaking changes\n\n- deleteSenderPool: operation removed" in section
    assert "### Removed operations\n\n- deleteSenderPool" in section


def test_a_renamed_schema_is_breaking(spec: dict[str, Any]) -> None:
    """Generated clients name types after schemas: `Error` -> `CommsError` breaks imports."""
    old = copy.deepcopy(spec)
    schemas = old["components"]["schemas"]
    schemas["Error"] = schemas.pop("CommsError")
    text = yaml.safe_dump(old).replace(
        "#/components/schemas/CommsError", "#/components/schemas/Error"
    )
    old = yaml.safe_load(text)
    with pytest.raises(VersionError, match="need a new major version") as caught:
        compare(old, _at(spec, "1.1.0"))
    assert "schema Error: renamed to CommsError" in str(caught.value)
    assert compare(old, _at(spec, "2.0.0")).required_bump == "major"


def test_added_operations_and_inferred_to_documented_moves(spec: dict[str, Any]) -> None:
    edited = _with_archive(spec, "1.1.0")
    edited["paths"]["/Senders"]["get"]["parameters"][0]["x-provenance"] = "documented"
    changes = compare(spec, edited)
    assert changes.breaking == []
    assert changes.required_bump == "minor"
    assert changes.added == ["listArchived"]
    assert changes.now_documented == ["`/paths/~1Senders/get/parameters/0`"]
    assert "### Inferred, now documented" in changes.section()


@pytest.mark.parametrize("version", ["0.9.0", "1.0", "v1.0.0", None])
def test_a_lower_or_malformed_version_is_refused(spec: dict[str, Any], version: Any) -> None:
    with pytest.raises(VersionError):
        compare(spec, _at(spec, version))


def _dump(spec: dict[str, Any]) -> str:
    return yaml.safe_dump(spec, sort_keys=False)


def _regenerate(spec: dict[str, Any], generated: Path, tmp_path: Path, name: str) -> Path:
    fresh = tmp_path / name
    fresh.mkdir()
    write_release_files(_dump(spec), generated, fresh)
    return fresh


def test_regeneration_keeps_history_and_is_stable(spec: dict[str, Any], tmp_path: Path) -> None:
    empty = tmp_path / "none"
    empty.mkdir()
    first = _regenerate(spec, empty, tmp_path, "first")
    assert not (first / PREVIOUS).exists()
    again = _regenerate(spec, first, tmp_path, "again")  # same spec: byte for byte the same
    for name in (SPEC, CHANGELOG):
        assert (again / name).read_bytes() == (first / name).read_bytes()

    minor = _regenerate(_with_archive(spec, "1.1.0"), first, tmp_path, "minor")
    assert (minor / PREVIOUS).read_text() == (first / SPEC).read_text()
    log = (minor / CHANGELOG).read_text()
    assert log.index("## 1.1.0") < log.index("## 1.0.0")  # newest first, the old one kept
    assert "### Added operations\n\n- listArchived" in log

    # Another edit at 1.1.0 rewrites 1.1.0's section against 1.0.0, not against itself.
    more = _with_archive(spec, "1.1.0")
    more["paths"]["/Senders"]["get"]["parameters"][0]["x-provenance"] = "documented"
    amended = _regenerate(more, minor, tmp_path, "amended")
    log = (amended / CHANGELOG).read_text()
    assert log.count("## 1.1.0") == 1
    assert "- listArchived" in log
    assert "### Inferred, now documented" in log
    assert (amended / PREVIOUS).read_text() == (first / SPEC).read_text()

    # A breaking edit still at 1.1.0 is judged against 1.0.0 too, and refused.
    with pytest.raises(VersionError):
        _regenerate(_without_delete(spec, "1.1.0"), amended, tmp_path, "refused")


@pytest.mark.slow
def test_generate_check_fails_on_a_breaking_change_without_a_major_bump(
    spec: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A minor bump of the checkout's own version, which generated/ was made at.
    major = load_spec()["info"]["version"].split(".")[0]
    edited = tmp_path / "spec.yaml"
    edited.write_text(_dump(_without_delete(spec, f"{major}.1.0")), encoding="utf-8")
    monkeypatch.setenv("COMMS_SPEC_PATH", str(edited))
    assert main(["--check"]) == 1
    assert "need a new major version" in capsys.readouterr().err


def test_template_changes_are_listed_under_their_version(tmp_path: Path) -> None:
    notes = tmp_path / "helper_changes.yaml"
    notes.write_text('2.1.0:\n  - "a new helper"\n', encoding="utf-8")
    assert helper_changes("2.1.0", notes) == ["a new helper"]
    assert helper_changes("2.0.0", notes) == []
    notes.write_text("2.1.0: just a string\n", encoding="utf-8")
    with pytest.raises(VersionError, match="list of notes"):
        helper_changes("2.1.0", notes)
    assert helper_changes("2.0.0") != []  # the repository's file: this version's helpers
