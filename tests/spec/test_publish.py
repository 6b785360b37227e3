"""The published spec: current with spec/, generator-ready, and free of maintainer notes."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from comms_spec import load_spec, published_document
from comms_spec.checks import check_generator_ready
from scripts.publish import OUT, main


def test_the_published_files_are_current() -> None:
    assert main(["--check"]) == 0, "spec/published is stale: run `nox -s publish`"


def test_json_and_yaml_hold_the_same_generator_ready_document() -> None:
    as_json = json.loads((OUT / "comms-sender-pools.json").read_text(encoding="utf-8"))
    as_yaml = yaml.safe_load((OUT / "comms-sender-pools.yaml").read_text(encoding="utf-8"))
    assert as_json == as_yaml == published_document(load_spec())
    assert check_generator_ready(as_json) == []
    assert "x-provenance-rules" not in as_json["info"]
    assert as_json["servers"][0]["url"] == "https://comms.twilio.com/v1"
    assert "docs.comms.twilio.com" in as_json["info"]["description"]


def test_a_stale_copy_is_reported(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path)]) == 0
    (tmp_path / "comms-sender-pools.json").write_text("{}\n", encoding="utf-8")
    assert main(["--check", "--out", str(tmp_path)]) == 1
