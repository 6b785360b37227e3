"""The import-linter contracts in pyproject.toml hold on the real tree, and each one breaks.

Each contract is proved on a copy of the kit with one forbidden import added (a new module, so
renames elsewhere do not break the proof); `lint-imports --contract ID` must then fail, naming
the module that broke it. A contract without a probe here fails `test_every_contract_has_a_probe`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("comms_spec", "comms_emulator", "contract_tests", "scripts", "tests")
GENERATED = Path("generated") / "twilio_comms_sender_pools"

# contract id -> (new module in the copy, the forbidden import it makes)
PROBES: dict[str, tuple[str, str]] = {
    "spec-stands-alone": ("comms_spec/_probe.py", "import comms_emulator"),
    "emulator-models-below-http": ("comms_emulator/models/_probe.py", "import comms_emulator.http"),
    "emulator-knows-no-suite": ("comms_emulator/_probe.py", "import contract_tests"),
    "generated-stands-alone": (f"{GENERATED}/_probe.py", "import comms_spec"),
    "suite-target-agnostic": ("contract_tests/_probe.py", "import comms_emulator"),
    "engine-below-suite-and-cli": (
        "contract_tests/reporting/_probe.py",
        "import contract_tests.cli",
    ),
    "suite-below-cli": ("contract_tests/suite/_probe.py", "import contract_tests.cli.runner"),
    "tests-not-shipped": ("scripts/_probe.py", "import tests"),
}


def _contract_ids() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {contract["id"] for contract in config["tool"]["importlinter"]["contracts"]}


def _lint_imports(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run lint-imports as `nox -s lint` does: from the tree's root, generated/ on the path."""
    script = Path(sys.executable).with_name("lint-imports")
    command = [str(script)] if script.exists() else ["lint-imports"]
    env = {**os.environ, "PYTHONPATH": str(cwd / "generated")}
    return subprocess.run(
        [*command, "--no-cache", "--no-logo", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _copy_kit(destination: Path) -> Path:
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, destination / package, ignore=skip)
    shutil.copytree(ROOT / GENERATED, destination / GENERATED, ignore=skip)
    shutil.copy2(ROOT / "pyproject.toml", destination / "pyproject.toml")
    return destination


def test_every_contract_has_a_probe() -> None:
    assert _contract_ids() == set(PROBES)


def test_every_engine_module_is_held_below_the_rooms() -> None:
    """The engine is the private modules at the package root (and `_parity/`): a new one is
    named in `engine-below-suite-and-cli`, or the contract would not hold it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = (
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if c["id"] == "engine-below-suite-and-cli"
    )
    package = ROOT / "contract_tests"
    engine = {
        f"contract_tests.{path.stem}"
        for path in package.iterdir()
        if path.name.startswith("_")
        and not path.name.startswith("__")
        and (path.suffix == ".py" or (path / "__init__.py").exists())
    }
    assert engine, "no engine modules found"
    assert engine <= set(contract["source_modules"]), engine - set(contract["source_modules"])


def test_the_real_tree_keeps_every_contract() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(PROBES)} kept, 0 broken." in result.stdout


@pytest.mark.slow  # a copy of the kit and a lint-imports process per contract
@pytest.mark.parametrize("contract_id", sorted(PROBES))
def test_a_forbidden_import_breaks_the_contract(contract_id: str, tmp_path: Path) -> None:
    kit = _copy_kit(tmp_path)
    module, statement = PROBES[contract_id]
    (kit / module).write_text(f"{statement}  # the probe\n", encoding="utf-8")

    result = _lint_imports(kit, "--contract", contract_id)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
    importer = ".".join(Path(module.removeprefix("generated/")).with_suffix("").parts)
    assert importer in result.stdout, result.stdout
