"""`comms-conformance sdk-check`: the reference adapter (the generated Python client) passes
every behaviour it supports, the TypeScript adapter reproduces its committed scorecard, a
faulty adapter fails exactly its faults, and a misbehaving adapter is a clear, bounded error.
All of them share one emulator (`--emulator-url`)."""

from __future__ import annotations

import json
import shlex
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from comms_emulator import EmulatorConfig, create_app
from comms_emulator.threaded import ThreadedEmulator
from comms_spec import Contract
from contract_tests._sdk import main
from contract_tests._sdk.catalogue import CATALOGUE
from contract_tests._sdk.emulator import ACCOUNT, API_KEY

pytestmark = [pytest.mark.slow, pytest.mark.loopback]

ROOT = Path(__file__).resolve().parents[2]
PYTHON = shlex.quote(sys.executable)
REFERENCE = f"{PYTHON} {ROOT / 'adapters/python/adapter.py'}"
FAULTY = f"{PYTHON} {Path(__file__).with_name('faulty_adapter.py')}"
TYPESCRIPT = ROOT / "adapters/typescript"
TSX = TYPESCRIPT / "node_modules/.bin/tsx"
# The rows faulty_adapter.py's five faults break, and only those.
FAULTS = {
    "pages.keeps-filters",
    "retry.retry-after",
    "retry.no-blind-create",
    "errors.html-body",
    "tolerant.unknown-enum",
}


@pytest.fixture(scope="module")
def emulator_url() -> Iterator[str]:
    config = EmulatorConfig(
        accounts=dict([ACCOUNT]), api_keys={API_KEY[0]: (API_KEY[1], ACCOUNT[0])}, self_check=True
    )
    with ThreadedEmulator(create_app(config, Contract.load())) as server:
        yield server.url


def _check(url: str, adapter: str, out: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    code = main(
        [
            "--adapter", adapter,
            "--emulator-url", url,
            "--account", ":".join(ACCOUNT),
            "--api-key", ":".join(API_KEY),
            "--report-dir", str(out),
            *extra,
        ]
    )  # fmt: skip
    card: dict[str, Any] = json.loads((out / "scorecard.json").read_text())
    return code, card


def _valid(card: dict[str, Any]) -> None:
    schema = resources.files("contract_tests._sdk").joinpath("scorecard.schema.json")
    Draft202012Validator(json.loads(schema.read_text())).validate(card)


def _outcomes(card: dict[str, Any]) -> dict[str, str]:
    return {row["id"]: row["outcome"] for row in card["behaviours"]}


def test_the_generated_client_passes_every_behaviour(emulator_url: str, tmp_path: Path) -> None:
    code, card = _check(emulator_url, REFERENCE, tmp_path)
    outcomes = _outcomes(card)
    assert list(outcomes) == [b.id for b in CATALOGUE]
    assert set(outcomes.values()) == {"pass"}
    assert code == 0
    # The three formats: JSON valid against its schema, JUnit, Markdown; credentials redacted.
    _valid(card)
    suite = ET.parse(tmp_path / "scorecard.xml").getroot()
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("21", "0", "0")
    markdown = (tmp_path / "scorecard.md").read_text()
    assert all(f"`{b.id}`" in markdown for b in CATALOGUE)
    for written in tmp_path.iterdir():
        assert ACCOUNT[1] not in written.read_text()
        assert API_KEY[1] not in written.read_text()
    # Each verdict carries the journal lines behind it.
    retry = next(r for r in card["behaviours"] if r["id"] == "retry.retry-after")
    assert any("-> 429 (injected fault)" in line for line in retry["evidence"])
    assert all(r["restsOn"] for r in card["behaviours"])


def test_a_faulty_sdk_fails_exactly_its_faults(emulator_url: str, tmp_path: Path) -> None:
    code, card = _check(emulator_url, FAULTY, tmp_path)
    _valid(card)
    outcomes = _outcomes(card)
    assert {i for i, o in outcomes.items() if o == "fail"} == FAULTS
    assert {o for i, o in outcomes.items() if i not in FAULTS} == {"pass"}
    assert code == 1


@pytest.mark.skipif(not TSX.exists(), reason="npm dependencies not installed: nox -s ts_adapter")
def test_the_typescript_adapter_reproduces_its_committed_scorecard(
    emulator_url: str, tmp_path: Path
) -> None:
    committed = json.loads((TYPESCRIPT / "scorecard.json").read_text())
    _valid(committed)
    code, card = _check(emulator_url, f"{TSX} {TYPESCRIPT / 'src/adapter.ts'}", tmp_path)
    assert _outcomes(card) == _outcomes(committed)
    assert code == (1 if "fail" in _outcomes(committed).values() else 0)


MISBEHAVING = {
    "silent at hello": ("import time; time.sleep(60)", "did not answer hello within 1 s"),
    "crash after hello": (
        "import json,sys; r=json.loads(sys.stdin.readline()); "
        "print(json.dumps({'id': r['id'], 'result': {'actions': ['fetchSenderPool'], "
        "'features': []}}), flush=True); sys.exit(3)",
        "exited with status 3",
    ),
    "hang at an action": (
        "import json,sys,time; r=json.loads(sys.stdin.readline()); "
        "print(json.dumps({'id': r['id'], 'result': {'actions': ['fetchSenderPool'], "
        "'features': []}}), flush=True); sys.stdin.readline(); time.sleep(60)",
        "did not answer fetchSenderPool within 6 s",
    ),
    "garbage": ("print('hello there', flush=True); import time; time.sleep(60)", "is not JSON"),
    "no kind": (
        "import json,sys; r=json.loads(sys.stdin.readline()); "
        "print(json.dumps({'id': r['id'], 'result': {'actions': ['fetchSenderPool'], "
        "'features': []}}), flush=True); r=json.loads(sys.stdin.readline()); "
        "print(json.dumps({'id': r['id'], 'error': {'status': 404}}), flush=True)",
        "without a kind",
    ),
    "not a program": ("", "cannot start the adapter"),
}


@pytest.mark.parametrize("case", sorted(MISBEHAVING))
def test_a_misbehaving_adapter_is_a_clear_bounded_error(
    emulator_url: str, tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    script, message = MISBEHAVING[case]
    adapter = f"{PYTHON} -c {shlex.quote(script)}" if script else "/nonexistent/adapter"
    code, card = _check(
        emulator_url, adapter, tmp_path, "--only", "errors.404", "--answer-timeout", "1"
    )
    assert code == 2
    _valid(card)
    assert message in card["problem"]
    assert message in capsys.readouterr().err
    assert _outcomes(card)["errors.404"] in ("error", "not run")


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--report-dir", str(tmp_path)]) == 2  # no --adapter
    assert main(["--adapter", "x", "--only", "no.such", "--report-dir", str(tmp_path)]) == 2
    assert "no behaviour 'no.such'" in capsys.readouterr().err
    assert main(["--adapter", "x", "--emulator-url", "http://127.0.0.1:9", "--account", "bad"]) == 2
    # The runner's subcommand is this command line.
    from contract_tests.cli import main as runner

    assert runner(["sdk-check", "--adapter", "x", "--only", "nope"]) == 2
    assert "no behaviour 'nope'" in capsys.readouterr().err
