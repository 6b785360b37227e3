"""The built distributions, installed in a fresh venv, do what the README promises."""

from __future__ import annotations

import re
import tarfile
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.packaging.conftest import ROOT, Installed

pytestmark = [pytest.mark.slow, pytest.mark.long_running]

EXAMPLE = re.compile(r"<!-- example: (\S+) -->\n```python\n(.*?)```", re.DOTALL)
TOUR = re.compile(r"<!-- tour -->\n```python\n(.*?)```", re.DOTALL)


def test_the_kit_wheel_carries_the_spec_and_no_checkout_tooling(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheels["kit"]) as wheel:
        names = wheel.namelist()
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        declared = wheel.read(entry_points).decode()
        packaged = wheel.read("comms_spec/data/comms-sender-pools.yaml")
    tops = {name.split("/")[0] for name in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {
        "comms_spec",
        "comms_emulator",
        "contract_tests",
    }
    assert "comms_spec/data/comms-sender-pools.yaml" in names
    assert "contract_tests/suite/_suite.ini" in names
    assert "contract_tests/suite/conftest.py" in names
    assert "comms-conformance = contract_tests.cli:main" in declared
    # The suite's overlay, and the published spec SDK authors feed to their generators.
    assert "comms_spec/data/overlays/suite.yaml" in names
    assert "comms_spec/data/published/comms-sender-pools.json" in names
    assert "comms_spec/data/published/comms-sender-pools.yaml" in names
    assert "comms-emulator = comms_emulator.cli:main" in declared
    assert "comms-docs-check = comms_spec.docs_check.cli:main" in declared
    assert "comms_spec/docs_check/facts.py" in names
    assert "[pytest11]" in declared
    assert packaged == (ROOT / "spec" / "comms-sender-pools.yaml").read_bytes()


def test_the_sdist_builds_the_same_packages(installed: Installed) -> None:
    with tarfile.open(installed.sdist) as sdist:
        names = sdist.getnames()
    assert any(n.endswith("/spec/comms-sender-pools.yaml") for n in names)
    assert not any("/scripts/" in n or "/tests/" in n for n in names), names


def test_every_claimed_python_is_declared(installed: Installed) -> None:
    metadata = (
        zipfile.ZipFile(installed.wheels["kit"])
        .read(
            next(
                n
                for n in zipfile.ZipFile(installed.wheels["kit"]).namelist()
                if n.endswith("METADATA")
            )
        )
        .decode()
    )
    assert "Requires-Python: >=3.11" in metadata
    claimed = set(re.findall(r"Programming Language :: Python :: (3\.\d+)$", metadata, re.M))
    assert claimed == {"3.11", "3.12", "3.13"}  # what `nox -s tests_other_pythons` covers


def test_installed_packages_come_from_the_venv_not_the_checkout(
    installed: Installed, workdir: Path
) -> None:
    probe = (
        "import comms_spec, comms_emulator, contract_tests, twilio_comms_sender_pools\n"
        "for m in (comms_spec, comms_emulator, contract_tests, twilio_comms_sender_pools):\n"
        "    print(m.__file__)\n"
        "print(comms_spec.spec_path())\n"
        "import importlib.util; print(importlib.util.find_spec('scripts'))\n"
    )
    result = installed.run(installed.bin("python"), "-c", probe, cwd=workdir)
    assert result.returncode == 0, result.stderr
    *modules, spec, scripts = result.stdout.splitlines()
    site = str(installed.venv)
    assert all(path.startswith(site) for path in modules), modules
    assert spec.startswith(site)
    assert spec.endswith("comms_spec/data/comms-sender-pools.yaml")
    assert scripts == "None"


def test_the_docs_check_console_script_reads_the_seeds(installed: Installed, workdir: Path) -> None:
    """The wheel's spec and index (with the seeds' copy names) are all comms-docs-check needs."""
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"no seed pages at {seeds}")
    result = installed.run(installed.bin("comms-docs-check"), str(seeds), cwd=workdir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no change found" in result.stdout


def test_the_emulator_console_script_answers(installed: Installed, workdir: Path) -> None:
    with installed.emulator("--account", "AC1:tok1", cwd=workdir) as url:
        assert httpx.get(f"{url}/v1/Senders", auth=("AC1", "tok1"), timeout=10).status_code == 200
        assert httpx.get(f"{url}/v1/Senders", auth=("AC1", "no"), timeout=10).status_code == 401
    for module in ("comms_emulator", "contract_tests"):
        result = installed.run(installed.bin("python"), "-m", module, "--help", cwd=workdir)
        assert result.returncode == 0, result.stderr
        assert "usage:" in result.stdout


def test_comms_conformance_against_the_built_in_emulator(
    installed: Installed, workdir: Path
) -> None:
    """The issue's definition of done, exactly: no arguments, exit 0, reports/ written."""
    started = time.perf_counter()
    result = installed.run(installed.bin("comms-conformance"), cwd=workdir)
    print(f"\ncomms-conformance (default profile) took {time.perf_counter() - started:.1f} s")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "conformance: no drift" in result.stdout
    # Collected from site-packages, with the package's own conftest and settings.
    assert "site-packages/contract_tests/suite/test_auth.py::" in result.stdout
    reports = workdir / "reports"
    assert {p.name for p in reports.iterdir()} >= {"report.md", "report.json", "junit.xml"}
    assert "No drift found" in (reports / "report.md").read_text(encoding="utf-8")


def test_the_runner_ignores_the_callers_pytest_settings(
    installed: Installed, workdir: Path
) -> None:
    """pytest looks for its configuration above the directories it is given, and a venv often
    lives inside the user's repository: that repository's pytest.ini (here, above the venv, one
    that would fail every run) must change no verdict, nor one in the working directory."""
    bad = "[pytest]\naddopts = --no-such-option\n"
    above = installed.venv.parent / "pytest.ini"
    above.write_text(bad)
    (workdir / "pytest.ini").write_text(bad)
    try:
        result = installed.run(
            installed.bin("comms-conformance"),
            "--profile",
            "quick",
            "--",
            "-k",
            "test_no_credentials_is_401",
            cwd=workdir,
        )
    finally:
        above.unlink()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "passed" in result.stdout


def test_the_readme_plugin_example_passes(installed: Installed, workdir: Path) -> None:
    page = (ROOT / "docs" / "sdk-authors" / "pytest-plugin.md").read_text(encoding="utf-8")
    examples = dict(EXAMPLE.findall(page))
    assert set(examples) == {"acme_comms.py", "test_acme_comms.py"}
    for name, source in examples.items():
        (workdir / name).write_text(source, encoding="utf-8")
    result = installed.run(
        installed.bin("python"), "-m", "pytest", "-p", "no:cacheprovider", "-q", cwd=workdir
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "4 passed" in result.stdout


def test_the_client_wheel_imports_and_round_trips(installed: Installed, workdir: Path) -> None:
    """The generated client's own README tour, against the installed emulator."""
    tour = TOUR.search((ROOT / "generated" / "README.md").read_text(encoding="utf-8"))
    assert tour
    script = workdir / "tour.py"
    script.write_text(
        tour.group(1)
        + "\nimport sys\n"
        + "from twilio_comms_sender_pools import AuthenticatedClient\n"
        + "with AuthenticatedClient(sys.argv[1], username='AC1', password='tok1') as client:\n"
        + "    tour(client, '+12025550100')\n",
        encoding="utf-8",
    )
    with installed.emulator("--account", "AC1:tok1", cwd=workdir) as url:
        result = installed.run(installed.bin("python"), str(script), f"{url}/v1", cwd=workdir)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "created: COMPLETED 3 failed: 0" in result.stdout
