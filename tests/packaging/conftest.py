"""The kit and the client as other repositories get them: wheels built from this checkout,
installed (not editable) into a fresh venv, run from a temporary directory with nothing of the
checkout on sys.path. One build and one install serve every test here, on every worker."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "dev.txt"


def uv() -> str:
    found = shutil.which("uv")
    if not found:
        pytest.fail("uv is not on PATH: these tests build and install wheels with it")
    return found


def run_uv(*args: str, cwd: Path) -> None:
    """uv, from its cache when it can (offline machines), else from the index."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    offline = subprocess.run(
        [uv(), *args, "--offline"], cwd=cwd, env=env, capture_output=True, text=True
    )
    if offline.returncode == 0:
        return
    online = subprocess.run([uv(), *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert online.returncode == 0, offline.stderr[-2000:] + online.stderr[-2000:]


@dataclass
class Installed:
    """A fresh venv holding the kit's and the client's wheels."""

    venv: Path
    wheels: dict[str, Path]
    sdist: Path
    install_seconds: float

    def bin(self, name: str) -> str:
        return str(self.venv / "bin" / name)

    def env(self, **extra: str) -> dict[str, str]:
        """The caller's environment minus anything that would point back at the checkout."""
        drop = ("PYTHONPATH", "VIRTUAL_ENV", "COMMS_SPEC_PATH", "PYTEST_ADDOPTS")
        clean = {k: v for k, v in os.environ.items() if k not in drop}
        clean = {k: v for k, v in clean.items() if not k.startswith("TWILIO_")}
        return {**clean, "PATH": f"{self.venv / 'bin'}{os.pathsep}{clean['PATH']}", **extra}

    def run(
        self, *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args),
            cwd=cwd,
            env=self.env(**(env or {})),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    @contextmanager
    def emulator(self, *args: str, cwd: Path) -> Iterator[str]:
        """`comms-emulator --port 0 ARGS` from the venv; its URL while it runs."""
        with subprocess.Popen(
            [self.bin("comms-emulator"), "--port", "0", *args],
            cwd=cwd,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        ) as process:
            assert process.stdout is not None
            first = process.stdout.readline()
            try:
                found = re.search(r"listening on (http://\S+)", first)
                assert found, first + (process.stdout.read() if process.poll() is not None else "")
                yield found.group(1)
            finally:
                process.terminate()
                process.wait(timeout=15)


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Installed:
    """Built and installed once per run. Under pytest-xdist (`nox -s tests` runs on workers)
    the first worker to get here builds, in the run's shared temporary directory, under a
    lock; the others wait for it and use the same venv (the tests only read it)."""
    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent  # every worker's basetemp's parent
    with (shared / "wheels.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        done = shared / "wheels" / "installed.json"
        if not done.exists():
            _build_and_install(shared / "wheels", done)
        found = json.loads(done.read_text())
    return Installed(
        Path(found["venv"]),
        {name: Path(path) for name, path in found["wheels"].items()},
        Path(found["sdist"]),
        found["install_seconds"],
    )


def _build_and_install(root: Path, done: Path) -> None:
    dist = root / "dist"
    dist.mkdir(parents=True, exist_ok=True)
    run_uv("build", "--wheel", "--sdist", "--out-dir", str(dist), str(ROOT), cwd=ROOT)
    run_uv("build", "--wheel", "--out-dir", str(dist), str(ROOT / "generated"), cwd=ROOT)
    [kit] = dist.glob("comms_conformance_kit-*.whl")
    [client] = dist.glob("twilio_comms_sender_pools-*.whl")
    [sdist] = dist.glob("comms_conformance_kit-*.tar.gz")
    venv = root / "venv0" / "venv"
    venv.parent.mkdir()
    run_uv("venv", "--quiet", "--python", sys.executable, str(venv), cwd=dist)
    started = time.perf_counter()
    # The lock as constraints: the fresh venv gets the versions CI tests (and uv's cache has).
    run_uv(
        "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"),
        "-c", str(LOCK), str(kit), str(client), cwd=dist,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    print(f"\ninstalling both wheels into a fresh venv took {seconds:.1f} s")
    wheels = {"kit": str(kit), "client": str(client)}
    record = {"venv": str(venv), "wheels": wheels, "sdist": str(sdist), "install_seconds": seconds}
    done.write_text(json.dumps(record))


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """Somewhere that is not the checkout, as a user's repository would be."""
    return tmp_path
