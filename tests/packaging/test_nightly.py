"""The nightly workflow (.github/workflows/nightly-conformance.yml), its shell steps run here as
GitHub would run them: the plan job chooses the seed, each matrix shard runs the Action's steps
(tests/packaging/test_action.py's runner) against a local emulator, the artifacts are copied
where download-artifact puts them, and the merge job's steps run twice, as two nights sharing
the Actions cache (the baseline and the finding history). `uses:` steps are what GitHub
provides; `gh` is a stand-in that records its arguments."""

from __future__ import annotations

import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.packaging.conftest import ROOT, Installed
from tests.packaging.test_action import ACTION, _run_action

WORKFLOW = yaml.safe_load(
    (ROOT / ".github" / "workflows" / "nightly-conformance.yml").read_text(encoding="utf-8")
)
JOBS = WORKFLOW["jobs"]
RUN_ID = "4242"
STATE = "conformance-state"
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_HASH_FILES = re.compile(r"hashFiles\('([^']+)'\) != ''")


def test_the_nightly_is_a_matrix_of_shards_and_a_merge() -> None:
    shards = JOBS["shard"]["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, int(WORKFLOW["env"]["SHARDS"]) + 1))
    assert JOBS["shard"]["strategy"]["fail-fast"] is False
    [step] = [s for s in JOBS["shard"]["steps"] if s.get("uses") == "./"]
    assert set(step["with"]) <= set(ACTION["inputs"])
    assert step["with"]["seed"] == "${{ needs.plan.outputs.seed }}"  # one seed for all
    assert step["env"]["TWILIO_AUTH_TOKEN"] == "${{ secrets.TWILIO_AUTH_TOKEN }}"
    merge = JOBS["merge"]
    assert merge["needs"] == ["plan", "shard"]
    assert "always()" in merge["if"]
    uses = {s["uses"].split("@")[0]: s for s in merge["steps"] if "uses" in s}
    restore, save = uses["actions/cache/restore"], uses["actions/cache/save"]
    assert restore["with"]["path"] == save["with"]["path"] == f"{STATE}/"
    download = uses["actions/download-artifact"]["with"]
    assert download["pattern"] == "conformance-shard-*-${{ github.run_id }}"
    assert (
        step["with"]["artifact-name"]
        == "conformance-shard-${{ matrix.shard }}-${{ github.run_id }}"
    )
    uploads = [s["with"]["path"] for s in merge["steps"] if "upload-artifact" in s.get("uses", "")]
    assert f"{STATE}/history.json" in uploads  # the history is an artifact as well


def _shell(installed: Installed, job: str, cwd: Path, values: dict[str, str]) -> dict[str, Any]:
    """Every step of `job` in order, as GitHub runs them: a failed step skips the rest but
    `always()` ones; `uses:` steps are simulated (cache, artifacts) or skipped (checkout,
    setup-python, uploads); the wheel is installed already. Returns outputs, summary, log."""
    cwd.mkdir(parents=True, exist_ok=True)
    outputs: dict[str, str] = {}
    summary, log, failed = "", "", False
    for step in JOBS[job]["steps"]:
        condition = str(step.get("if", ""))
        if failed and "always()" not in condition:
            continue
        if any(not (cwd / path).exists() for path in _HASH_FILES.findall(condition)):
            continue
        uses = str(step.get("uses", ""))
        if uses:
            _simulate(uses, cwd, values)
            continue
        if step["run"].startswith("python -m pip install"):
            continue  # the installed wheel stands in for it
        if "docs" in str(step.get("name", "")).lower():
            continue  # reads the docs online: tests/packaging/test_nightly_docs_check.py
        output, step_summary = cwd / "output.txt", cwd / "summary.md"
        output.write_text("")
        step_summary.write_text("")

        def expand(text: str) -> str:
            return _EXPRESSION.sub(lambda m: _value(m.group(1), values, outputs), text)

        env = {k: expand(str(v)) for k, v in step.get("env", {}).items()}
        result = installed.run(
            "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"],
            cwd=cwd,
            env={"GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(step_summary),
                 "PATH": f"{values['fake_bin']}:{installed.env()['PATH']}", **env},
        )  # fmt: skip
        log += f"--- {step.get('name')}\n{result.stdout}{result.stderr}"
        failed = failed or result.returncode != 0
        summary += step_summary.read_text()
        for line in output.read_text().splitlines():
            name, _, value = line.partition("=")
            outputs[f"steps.{step.get('id')}.outputs.{name}"] = value
    return {"outputs": outputs, "summary": summary, "log": log, "failed": failed}


def _value(expression: str, values: dict[str, str], outputs: dict[str, str]) -> str:
    if expression in outputs:
        return outputs[expression]
    known = {
        "github.run_id": RUN_ID,
        "github.token": "fake-token",
        "github.server_url": "https://github.invalid",
        "github.repository": "owner/repo",
        "inputs.seed": values.get("seed_input", ""),
    }
    assert expression in known, f"the test does not know ${{{{ {expression} }}}}"
    return known[expression]


def _simulate(uses: str, cwd: Path, values: dict[str, str]) -> None:
    cache = Path(values["cache"])
    if uses.startswith("actions/cache/restore") and cache.exists():
        shutil.copytree(cache, cwd / STATE, dirs_exist_ok=True)
    elif uses.startswith("actions/cache/save"):
        shutil.rmtree(cache, ignore_errors=True)
        shutil.copytree(cwd / STATE, cache)
    elif uses.startswith("actions/download-artifact"):
        for report_dir in Path(values["artifacts"]).iterdir():
            shutil.copytree(report_dir, cwd / "shards" / report_dir.name, dirs_exist_ok=True)


@pytest.mark.slow
@pytest.mark.long_running
def test_a_night_runs_its_shards_and_merges_them_into_one_report(
    installed: Installed, workdir: Path
) -> None:
    fake_bin = workdir / "bin"
    fake_bin.mkdir()
    gh_log = workdir / "gh.log"
    (fake_bin / "gh").write_text(f'#!/bin/sh\necho "gh $*" >> "{gh_log}"\n')
    (fake_bin / "gh").chmod(0o755)
    values = {
        "fake_bin": str(fake_bin),
        "cache": str(workdir / "cache"),
        "artifacts": str(workdir / "artifacts"),
    }
    plan = _shell(installed, "plan", workdir / "plan", {**values, "seed_input": "77"})
    assert plan["outputs"]["steps.seed.outputs.seed"] == "77"
    bad = _shell(installed, "plan", workdir / "plan", {**values, "seed_input": "7; rm -rf /"})
    assert bad["failed"]
    assert "seed must be a whole number" in bad["log"]
    chosen = _shell(installed, "plan", workdir / "plan", values)["outputs"]
    assert chosen["steps.seed.outputs.seed"].isdigit()

    [step] = [s for s in JOBS["shard"]["steps"] if s.get("uses") == "./"]
    shards = JOBS["shard"]["strategy"]["matrix"]["shard"]
    count = WORKFLOW["env"]["SHARDS"]
    with installed.emulator("--account", "AC1:tok1", cwd=workdir) as url:

        def one_shard(index: int) -> tuple[str, str, str]:
            shard_dir = workdir / f"shard-job-{index}"
            shard_dir.mkdir()
            given = {
                **step["with"],
                "base-url": f"{url}/v1",  # the local emulator stands in for comms.twilio.com
                "profile": "quick",
                "read-only": "true",
                "rate-limit": "0",  # a local emulator: no need to share 5/s
                "seed": "77",
                "shard": f"{index}/{count}",
                "report-dir": f"reports/shard-{index}",
            }
            assert _EXPRESSION.search(str(step["with"]["report-dir"]))
            return _run_action(
                installed,
                shard_dir,
                given,
                {"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "tok1"},
            )

        with ThreadPoolExecutor(len(shards)) as pool:  # matrix jobs run side by side
            results = list(pool.map(one_shard, shards))
    for index, (outputs, summary, log) in zip(shards, results, strict=True):
        assert "exit-code=0" in outputs, log[-3000:]
        assert f"shard {index}/{count}" in summary
        artifact = workdir / "artifacts" / f"conformance-shard-{index}-{RUN_ID}"
        shutil.copytree(workdir / f"shard-job-{index}" / "reports" / f"shard-{index}", artifact)

    nights = []
    for night in (1, 2):
        merge_dir = workdir / f"merge-night-{night}"
        nights.append(_shell(installed, "merge", merge_dir, values))
        assert not nights[-1]["failed"], nights[-1]["log"][-3000:]
    first, second = nights
    assert first["outputs"]["steps.merge.outputs.exit-code"] == "0"
    assert "No drift found" in first["summary"]
    assert "Since the baseline" not in first["summary"]
    assert "Since the baseline" in second["summary"]  # night 2 restored night 1's report
    report = json.loads((workdir / "merge-night-2" / "reports" / "report.json").read_text())
    assert report["mergedFrom"] == len(shards)
    assert report["replay"]["seed"] == 77
    assert [d["shard"] for d in report["replay"]["shardDigests"]] == [
        f"{i}/{count}" for i in shards
    ]
    assert len(report["history"]["trend"]) == 2  # the history came through the cache
    for name in ("report.html", "report.md", "junit.xml"):
        assert (workdir / "merge-night-2" / "reports" / name).exists()
    assert "no new breaking drift" in second["log"]
    assert not gh_log.exists()  # no issue opened for a night without drift
    assert "tok1" not in second["summary"]
