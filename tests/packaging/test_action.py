"""The GitHub Action (action.yml), run here as GitHub would run its shell steps: the installed
wheel on PATH, inputs through env, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY as files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.packaging.conftest import ROOT, Installed

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*(inputs\.[\w-]+|github\.action_path)\s*\}\}")


def _steps_with(key: str) -> list[dict[str, Any]]:
    return [step for step in ACTION["runs"]["steps"] if key in step]


def test_the_action_is_composite_with_the_documented_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    inputs = ACTION["inputs"]
    assert {"base-url", "profile", "read-only"} <= set(inputs)
    page = (ROOT / "docs/platform-teams/from-your-repository.md").read_text(encoding="utf-8")
    [shown] = re.findall(r"```yaml\n(- uses: <owner>.*?)```", page, re.DOTALL)
    [step] = yaml.safe_load(shown)
    assert set(step["with"]) <= set(inputs)
    assert set(step["env"]) == {"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"}
    for script in _steps_with("run"):  # inputs reach scripts through env only
        assert "${{" not in script["run"], script["name"]
    [upload] = [s for s in _steps_with("uses") if s["uses"].startswith("actions/upload-artifact")]
    assert upload["if"] == "always()"
    assert upload["with"]["path"] == "${{ inputs.report-dir }}"


def test_the_nightly_workflow_uses_the_action() -> None:
    workflow = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "nightly-conformance.yml").read_text(encoding="utf-8")
    )
    [step] = [s for s in workflow["jobs"]["shard"]["steps"] if s.get("uses") == "./"]
    assert set(step["with"]) <= set(ACTION["inputs"])
    assert step["env"]["TWILIO_AUTH_TOKEN"] == "${{ secrets.TWILIO_AUTH_TOKEN }}"


def _run_action(
    installed: Installed, workdir: Path, given: dict[str, str], secrets: dict[str, str]
) -> tuple[str, str, str]:
    """Every shell step after the install one (the wheel is installed already), in order; a
    failed step skips the rest but `if: always()` ones. The step outputs, summary, log."""
    values = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    values.update(given)

    def expand(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            return str(ROOT) if name == "github.action_path" else values[name.split(".", 1)[1]]

        return EXPRESSION.sub(one, text)

    output, summary = workdir / "output.txt", workdir / "summary.md"
    output.touch()
    summary.touch()
    log, failed = "", False
    for step in _steps_with("run")[1:]:
        if failed and step.get("if") != "always()":
            continue
        env = {k: expand(str(v)) for k, v in step.get("env", {}).items()}
        result = installed.run(
            "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"],
            cwd=workdir,
            env={
                "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary),
                **env, **secrets,
            },
        )  # fmt: skip
        log += result.stdout + result.stderr
        failed = failed or result.returncode != 0
    return output.read_text(), summary.read_text(), log


@pytest.mark.slow
@pytest.mark.long_running
def test_the_action_checks_a_server_and_writes_the_summary(
    installed: Installed, workdir: Path
) -> None:
    with installed.emulator("--account", "AC1:tok1", cwd=workdir) as url:
        outputs, summary, log = _run_action(
            installed,
            workdir,
            # A local emulator needs no share of the real API's 5 requests/s (that took 4 min).
            {"base-url": f"{url}/v1", "profile": "quick", "read-only": "true", "rate-limit": "0"},
            {"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "tok1"},
        )
    assert "exit-code=0" in outputs, log[-3000:]
    assert "No drift found" in summary
    assert "(read-only)" in summary  # the input reached the runner as --read-only
    assert "tok1" not in summary  # secrets stay out of the summary
    assert (workdir / "reports" / "report.md").exists()  # what upload-artifact picks up


@pytest.mark.slow
def test_a_failing_run_fails_the_step_and_still_summarises(
    installed: Installed, workdir: Path
) -> None:
    outputs, summary, log = _run_action(
        installed,
        workdir,
        {"base-url": "http://127.0.0.1:9/v1"},
        {},  # no credentials
    )
    assert "exit-code=2" in outputs, log[-3000:]
    assert "no credentials" in log
    assert "wrote no report" in summary  # the summary step ran after the failed one


@pytest.mark.slow
def test_a_bad_read_only_value_is_refused(installed: Installed, workdir: Path) -> None:
    outputs, summary, log = _run_action(installed, workdir, {"read-only": "yes please"}, {})
    assert "read-only must be true or false" in log
    assert "exit-code" not in outputs  # refused before the runner started
    assert "wrote no report" in summary
