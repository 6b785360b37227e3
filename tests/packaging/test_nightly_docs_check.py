"""The nightly's docs check, run here as GitHub would run its shell steps: before the
conformance run, its Markdown first in the step summary, and one `docs-changed` issue opened
or updated (`gh` and `comms-docs-check` are stand-ins on PATH that record what they were given)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.packaging.conftest import ROOT

WORKFLOW = yaml.safe_load(
    (ROOT / ".github" / "workflows" / "nightly-conformance.yml").read_text(encoding="utf-8")
)
STEPS: list[dict[str, Any]] = WORKFLOW["jobs"]["plan"]["steps"]
REPORT = "## Docs check\n\n- **value-changed** maximum 1000 changed on the page: 500\n"
JSON = '{"claimsToRevisit": ["/components/parameters/PageSize"], "changed": true}'


def _step(name: str) -> dict[str, Any]:
    [step] = [s for s in STEPS if s.get("name") == name]
    return step


def _fake(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text("#!/usr/bin/env bash\n" + body, encoding="utf-8")
    path.chmod(0o755)


def _run(script: str, cwd: Path, bin_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    bash = shutil.which("bash")
    assert bash is not None
    return subprocess.run(
        [bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env={"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_the_docs_check_runs_online_before_the_conformance_run() -> None:
    names = [s.get("name", s.get("uses")) for s in STEPS]
    assert "Docs check (the cited pages, read online)" in names
    assert WORKFLOW["jobs"]["shard"]["needs"] == "plan"  # the shards run after the plan job
    assert "comms-docs-check --fetch" in _step("Docs check (the cited pages, read online)")["run"]


@pytest.mark.slow  # subprocesses
@pytest.mark.parametrize("open_issue", ["", "7"], ids=["opens", "updates"])
def test_a_docs_change_heads_the_summary_and_files_one_issue(
    tmp_path: Path, open_issue: str
) -> None:
    if shutil.which("jq") is None:
        pytest.skip("jq is not installed (GitHub's runners have it)")
    bin_dir, work = tmp_path / "bin", tmp_path / "work"
    bin_dir.mkdir()
    work.mkdir()
    _fake(
        bin_dir,
        "comms-docs-check",
        f'[ "$1 $2 $3" = "--fetch --reports reports/docs" ] || exit 9\n'
        f"mkdir -p reports/docs\nprintf '%s' '{REPORT}' > reports/docs/docs-check.md\n"
        f"printf '%s' '{JSON}' > reports/docs/docs-check.json\nexit 1\n",
    )
    calls = tmp_path / "gh-calls"
    _fake(
        bin_dir,
        "gh",
        f'echo "$*" >> {calls}\n[ "$1 $2" = "issue list" ] && echo "{open_issue}"\nexit 0\n',
    )
    output, summary = tmp_path / "output", tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    files = {"GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary)}

    docs = _run(_step("Docs check (the cited pages, read online)")["run"], work, bin_dir, **files)
    assert docs.returncode == 0, docs.stderr  # a docs change never fails the job
    assert output.read_text(encoding="utf-8") == "exit-code=1\n"
    assert summary.read_text(encoding="utf-8").startswith("## Docs check")

    issue_step = _step("Open or update the docs-changed issue")
    assert issue_step["if"] == "steps.docs.outputs.exit-code == '1'"
    filed = _run(issue_step["run"], work, bin_dir, RUN_URL="https://run", GH_TOKEN="t")
    assert filed.returncode == 0, filed.stderr
    log = calls.read_text(encoding="utf-8")
    assert "label create docs-changed" in log
    if open_issue:
        assert "issue edit 7 --body-file docs-issue.md" in log
        assert "issue create" not in log
    else:
        assert "issue create --label docs-changed" in log
    body = (work / "docs-issue.md").read_text(encoding="utf-8")
    assert body.startswith("The cited docs changed (https://run): 1 claim(s) of the spec")
    assert "maximum 1000 changed" in body


@pytest.mark.slow  # a subprocess
def test_a_set_up_error_warns_and_carries_on(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake(bin_dir, "comms-docs-check", "exit 2\n")
    output, summary = tmp_path / "output", tmp_path / "summary.md"
    result = _run(
        _step("Docs check (the cited pages, read online)")["run"],
        tmp_path,
        bin_dir,
        GITHUB_OUTPUT=str(output),
        GITHUB_STEP_SUMMARY=str(summary),
    )
    assert result.returncode == 0
    assert "::warning::docs-check could not read the docs" in result.stdout
    assert output.read_text(encoding="utf-8") == "exit-code=2\n"
