"""The pull-request workflow only calls nox sessions, and those sessions, run here, judge a spec
change as the workflow would."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from scripts.spec_review import main as review
from tests.packaging.conftest import ROOT

WORKFLOW = yaml.safe_load((ROOT / ".github" / "workflows" / "spec-pr.yml").read_text())
STEPS = WORKFLOW["jobs"]["spec"]["steps"]


def test_it_runs_on_spec_and_template_changes() -> None:
    paths = WORKFLOW[True]["pull_request"]["paths"]  # YAML reads the key `on` as True
    assert {"spec/**", "scripts/generator/**"} <= set(paths)


def test_it_only_calls_nox_sessions() -> None:
    commands = [step["run"] for step in STEPS if "run" in step]
    assert commands[0].startswith("python -m pip install nox==")
    for command in commands[1:]:
        assert re.fullmatch(r"nox -s [\w-]+( -- .*)?", command), command
    assert "${{" not in " ".join(commands)  # the base ref reaches the shell through env only


def _spec_with(version: str, drop_delete: bool, tmp_path: Path, name: str) -> Path:
    spec = yaml.safe_load((ROOT / "spec" / "comms-sender-pools.yaml").read_text())
    spec["info"]["version"] = version
    if drop_delete:
        del spec["paths"]["/SenderPools/{senderPoolId}"]["delete"]
    path = tmp_path / name
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


def test_the_summary_names_the_bump_and_fails_a_dishonest_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = _spec_with("1.0.0", False, tmp_path, "old.yaml")
    summary = tmp_path / "summary.md"
    honest = _spec_with("2.0.0", True, tmp_path, "honest.yaml")
    assert review([str(old), str(honest), "--summary", str(summary)]) == 0
    assert "required bump: **major**; 1 breaking" in summary.read_text()
    dishonest = _spec_with("1.1.0", True, tmp_path, "dishonest.yaml")
    assert review([str(old), str(dishonest), "--summary", str(summary)]) == 1
    assert "need a new major version" in summary.read_text()
    assert review([str(old), str(tmp_path / "missing.yaml")]) == 2
    capsys.readouterr()


@pytest.mark.slow
@pytest.mark.long_running
def test_the_workflows_nox_steps_pass_here(tmp_path: Path) -> None:
    """`nox -s spec_pr` as the workflow calls it (against HEAD: this checkout's own change);
    `nox -s tests` is the run this test is part of."""
    nox = shutil.which("nox")
    if nox is None:
        pytest.fail("nox is not on PATH")
    [step] = [s for s in STEPS if "spec_pr" in s.get("run", "")]
    command = step["run"].replace('"$BASE"', "HEAD").split()
    summary = tmp_path / "summary.md"
    result = subprocess.run(
        [nox, *command[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)},
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "required bump" in summary.read_text()
