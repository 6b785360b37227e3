"""The kit's one entry point. Every session installs the locked toolchain (requirements/dev.txt).

nox -s conformance [-- --base-url URL --profile P --read-only]   the main job
nox -s parity -- --base-url A --against B   compare two targets exchange by exchange
nox -s parity -- replay FILE --base-url URL  replay a recorded transcript, print a parity score
nox -s tests                 everything offline: spec checks, emulator, contract suite,
                             drift detection and safety proofs
nox -s tests -- -m "not slow"  the fast inner loop (CI runs everything)
nox -s lint                  ruff, mypy --strict, import-linter layering, the spec checks
nox -s lock [-- --upgrade]   recompile requirements/dev.txt (hashed) from pyproject.toml
nox -s generate [-- --check] rewrite generated/ from spec/ (or fail if it is stale, or if a
                             breaking spec change comes without a major info.version bump)
nox -s generators            4 mainstream generators consume the published spec (matrix)
nox -s publish [-- --check]   write the published spec (spec/published/*.json, *.yaml)
nox -s spec_pr [-- --base REV] what the pull-request workflow checks on a spec change
nox -s tests_other_pythons   the fast tests and the wheel tests on 3.12 and 3.13, where present
nox -s emulator [-- ARGS]    serve the emulator (comms-emulator ARGS)
nox -s bench                 print the performance tables
nox -s ts_adapter            install the TypeScript sdk-check adapter, rewrite its scorecard
nox -s docs [-- build]       serve the docs site locally (or build it into .site/)
"""

from __future__ import annotations

import glob
import importlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import nox

nox.options.default_venv_backend = "uv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["lint", "tests"]

PYTHON = "3.11"
# The other Pythons the wheels claim (pyproject.toml classifiers); CI has 3.11 only.
OTHER_PYTHONS = ("3.12", "3.13")
LOCK = "requirements/dev.txt"
# Tests run on several workers (pytest-xdist): the slow tests mostly wait on servers, sleeps and
# polls rather than compute, so more workers than CI's 2 cores pay. `-- -n 0` runs serially.
# Workers steal queued tests from each other (worksteal), and conftest.py puts the longest
# first: with xdist's default (load), one worker was left running the last drift proofs alone
# for 10 minutes while five sat idle.
# (Not --dist loadgroup: xdist 3.8 cannot regroup pytest 9's node ids, so a costly shared
# fixture shares through a lock instead: tests/packaging/conftest.py.) The 15 slowest tests are
# printed: docs/contributors/ci-time-budget.md
PYTEST_ARGS = ("-n", "6", "--dist", "worksteal", "--durations=15")
# Python's bytecode caches are written during the tests even where the environment forbids it
# (PYTHONDONTWRITEBYTECODE=1, as on this kit's machines; an empty value allows it): the tests
# start many Python processes (emulators, runners, wheels' venvs), and each one compiled every
# module it imported, and pytest rewrote the suite's asserts, again: a quarter of the CPU of a
# drift proof.
WRITE_BYTECODE = {"PYTHONDONTWRITEBYTECODE": ""}


def _nox_tools() -> str:
    """The directory of the uv that nox itself runs on: the README installs nox and uv side by
    side in a venv it never puts on PATH (`.venv/bin/nox -s tests`), so that directory (else
    the interpreter's own) is where a session finds them by name."""
    try:
        return os.path.dirname(str(importlib.import_module("uv").find_uv_bin()))
    except (ImportError, FileNotFoundError):
        return os.path.dirname(sys.executable)


def _tools_path() -> str:
    """PATH with nox's tools appended: anything on PATH comes first (and nox puts a session's
    own venv before both)."""
    return os.pathsep.join(p for p in (os.environ.get("PATH", ""), _nox_tools()) if p)


def _with_tools(session: nox.Session) -> None:
    """What a session runs by name (uv; nox, which needs uv: tests/packaging/) is found even
    when the nox running it is not on PATH."""
    session.env["PATH"] = _tools_path()


@contextmanager
def _phase(session: nox.Session, name: str) -> Iterator[None]:
    """Log how long a step took, as `phase SESSION/NAME: N s` (.ci/run sums these up)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        session.log(f"phase {session.name}/{name}: {time.perf_counter() - started:.0f} s")


def _install(session: nox.Session) -> None:
    """The locked dependency set, every file checked against its hash; then the kit itself
    (editable, so spec/ is read in place; --no-deps, its dependencies are all in the lock)."""
    _with_tools(session)
    with _phase(session, "install"):
        session.install("--require-hashes", "-r", LOCK)
        session.install("--no-deps", "-e", ".")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    _install(session)
    with _phase(session, "ruff"):
        session.run("ruff", "check", ".")
        session.run("ruff", "format", "--check", ".")
    with _phase(session, "mypy"):
        session.run("mypy")
        session.run("mypy", "--strict", "generated/twilio_comms_sender_pools")
    # The layering contracts in pyproject.toml; the generated client is a root package too.
    with _phase(session, "lint-imports"):
        session.run("lint-imports", "--no-cache", env={"PYTHONPATH": "generated"})
    with _phase(session, "spec checks"):
        session.run("python", "-m", "scripts.check_spec")
    # The docs site: --strict fails on a broken link, a missing page or a page left out of nav.
    with _phase(session, "docs build"):
        session.run(
            "mkdocs",
            "build",
            "--strict",  # not --quiet: mkdocs then stops counting the warnings strict fails on
            "--site-dir",
            session.create_tmp(),
            env={"NO_MKDOCS_2_WARNING": "1"},  # Material's end-of-life notice, not a build problem
        )


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Serve the docs site on http://127.0.0.1:8000 (`-- build` writes it to .site/ instead)."""
    _install(session)
    if session.posargs[:1] == ["build"]:
        session.run("mkdocs", "build", "--strict")
    else:
        session.run("mkdocs", "serve", "--dev-addr", "127.0.0.1:8000")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    _install(session)
    with _phase(session, "spec checks"):
        session.run("python", "-m", "scripts.check_spec")
    with _phase(session, "generate --check"):
        session.run("python", "-m", "scripts.generate", "--check")
    with _phase(session, "publish --check"):
        session.run("python", "-m", "scripts.publish", "--check")
    with _phase(session, "typescript adapter"):
        _install_ts_adapter(session)
    with _phase(session, "prism"):
        _install_prism(session)
    with _phase(session, "pytest"):
        session.run("pytest", *PYTEST_ARGS, *session.posargs, env=WRITE_BYTECODE)


TS_ADAPTER = "adapters/typescript"


def _install_ts_adapter(session: nox.Session) -> None:
    """The TypeScript sdk-check adapter's pinned npm dependencies (package-lock.json, with
    integrity hashes; install scripts off), its types generated from spec/, type-checked.
    Without npm it is skipped with a message, and so is its scorecard test."""
    if shutil.which("npm") is None:
        session.log("npm not found: the TypeScript adapter and its scorecard test are skipped")
        return
    npm = ["npm", "--prefix", TS_ADAPTER, "--no-audit", "--no-fund"]
    session.run(*npm, "ci", "--ignore-scripts", external=True, silent=True)
    session.run(*npm, "run", "generate", "--silent", external=True, silent=True)
    session.run(*npm, "run", "typecheck", external=True)


PRISM = "scripts/prism"


def _install_prism(session: nox.Session) -> None:
    """Stoplight Prism's pinned npm install (package-lock.json, integrity hashes; install scripts
    off), as the TypeScript adapter's: its validation proxy test (tests/client/test_prism_proxy.py)
    and the bench's Prism yardstick run it. Without npm it is skipped with a message, and so is
    that test; with npm, the test fails if this install is missing."""
    if shutil.which("npm") is None:
        session.log("npm not found: Prism, its proxy test and its bench row are skipped")
        return
    npm = ["npm", "--prefix", PRISM, "--no-audit", "--no-fund"]
    session.run(*npm, "ci", "--ignore-scripts", external=True, silent=True)


@nox.session(python=PYTHON)
def ts_adapter(session: nox.Session) -> None:
    """Install the TypeScript sdk-check adapter and rewrite its committed scorecard
    (adapters/typescript/scorecard.{json,md}) from a run against the built-in emulator."""
    _install(session)
    _install_ts_adapter(session)
    adapter = f"{TS_ADAPTER}/node_modules/.bin/tsx {TS_ADAPTER}/src/adapter.ts"
    out = os.path.join(session.create_tmp(), "scorecard")
    code = subprocess.call(
        [os.path.join(session.bin, "comms-conformance"), "sdk-check", "--adapter", adapter,
         "--report-dir", out]
    )  # fmt: skip
    if code == 2:
        session.error("sdk-check could not run the TypeScript adapter")
    for name in ("scorecard.json", "scorecard.md"):
        shutil.copy(os.path.join(out, name), os.path.join(TS_ADAPTER, name))


@nox.session(venv_backend="none")
def lock(session: nox.Session) -> None:
    """Recompile the lock from pyproject.toml, keeping every pin it can; `-- --upgrade` bumps."""
    _with_tools(session)
    session.run(
        "uv",
        "pip",
        "compile",
        "pyproject.toml",
        "--extra",
        "dev",
        "--universal",
        "--generate-hashes",
        "--custom-compile-command",
        "nox -s lock",
        "--output-file",
        LOCK,
        *session.posargs,
        external=True,
    )


@nox.session(python=PYTHON)
def generate(session: nox.Session) -> None:
    """Rewrite generated/ from spec/; `-- --check` fails if it is stale."""
    _install(session)
    session.run("python", "-m", "scripts.generate", *session.posargs)


# The generators `nox -s generators` drives, pinned (scripts/generators/: package.json and
# package-lock.json pin the npm ones; openapi-generator-cli bundles its jar and runs it on Java).
OPENAPI_GENERATOR_CLI = "openapi-generator-cli==7.26.0"


@nox.session(python=PYTHON)
def generators(session: nox.Session) -> None:
    """Four mainstream generators (openapi-generator typescript-fetch and python,
    @hey-api/openapi-ts, openapi-typescript + openapi-fetch) generate from the published spec
    with default options, type-check or install, and run the docs' workflow against a fresh
    emulator; prints the matrix (docs/sdk-authors/generators.md). Installs are cached in the
    session's venv."""
    _install(session)
    session.install(OPENAPI_GENERATOR_CLI)
    here = os.path.join("scripts", "generators")
    node = os.path.join(session.virtualenv.location, "node")
    lock = os.path.join(here, "package-lock.json")
    stamp = os.path.join(node, "package-lock.json")
    with open(lock, encoding="utf-8") as handle:
        wanted = handle.read()
    installed = None
    if os.path.exists(stamp):
        with open(stamp, encoding="utf-8") as handle:
            installed = handle.read()
    if installed != wanted:  # npm ci only when the lock changed: the install is cached
        os.makedirs(node, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(os.path.join(here, name), node)
        session.run("npm", "ci", "--no-fund", "--no-audit", "--prefix", node, external=True)
    session.run(
        "python",
        "-m",
        "scripts.generators.run",
        "--node-modules",
        os.path.join(node, "node_modules"),
        "--work",
        os.path.join(session.virtualenv.location, "work"),
        *session.posargs,
    )


@nox.session(python=PYTHON)
def publish(session: nox.Session) -> None:
    """Write the published, generator-ready spec (spec/published/, JSON and YAML) for a release;
    `-- --check` fails if it is stale."""
    _install(session)
    session.run("python", "-m", "scripts.publish", *session.posargs)


@nox.session(python=PYTHON)
def conformance(session: nox.Session) -> None:
    """The suite against the built-in emulator, or `-- --base-url URL` with TWILIO_* set."""
    _install(session)
    # A thin wrapper: the installed console script is the runner, as other repositories run it.
    code = subprocess.call([os.path.join(session.bin, "comms-conformance"), *session.posargs])
    if code:
        # nox reports every failure as exit 1; keep the runner's 1 (drift) vs 2 (set-up).
        session.log(f"conformance exited {code}")
        os._exit(code)


@nox.session(python=PYTHON)
def parity(session: nox.Session) -> None:
    """`-- --base-url A --against B` (either may be `emulator`), or `-- replay FILE --base-url
    URL`: the runner's parity and replay subcommands, with its exit codes."""
    _install(session)
    command = [] if session.posargs[:1] == ["replay"] else ["parity"]
    runner = os.path.join(session.bin, "comms-conformance")
    code = subprocess.call([runner, *command, *session.posargs])
    if code:
        session.log(f"parity exited {code}")
        os._exit(code)


@nox.session(python=PYTHON)
def emulator(session: nox.Session) -> None:
    """Serve the emulator: `nox -s emulator -- --port 8080 --account SID:TOKEN ...`."""
    _install(session)
    session.run("comms-emulator", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Print performance tables (BENCH_SECONDS per row, default 3). Asserts nothing."""
    _install(session)
    _install_prism(session)  # the emulator bench's Prism-mock row
    session.run("python", "-m", "scripts.bench.emulator_bench")
    session.run("python", "-m", "scripts.bench.suite_bench")
    session.run("python", "-m", "scripts.bench.retention_bench")
    session.run("python", "-m", "scripts.bench.journal_bench")


@nox.session(python=PYTHON)
def spec_pr(session: nox.Session) -> None:
    """The pull-request checks for a spec or template change (.github/workflows/spec-pr.yml):
    the spec checks, generated/ current (and its version honest), and the version bump the
    change needs against `-- --base REV` (default origin/main), summarised as Markdown (to
    $GITHUB_STEP_SUMMARY on GitHub)."""
    _install(session)
    session.run("python", "-m", "scripts.check_spec")
    session.run("python", "-m", "scripts.generate", "--check")
    session.run("python", "-m", "scripts.spec_review", *session.posargs)


def _interpreter(version: str) -> str | None:
    """A working `pythonX.Y`: as uv finds it (never downloading), else a pyenv install."""
    uv = shutil.which("uv", path=_tools_path())
    if uv:
        found = subprocess.run(
            [uv, "python", "find", "--no-python-downloads", version],
            capture_output=True,
            text=True,
        )
        if found.returncode == 0:
            return found.stdout.strip()
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    for candidate in sorted(glob.glob(f"{root}/versions/{version}.*/bin/python{version}")):
        return candidate
    return None


@nox.session(venv_backend="none")
def tests_other_pythons(session: nox.Session) -> None:
    """The fast tests and the wheel tests (built and installed in a fresh venv of that Python)
    on each of OTHER_PYTHONS found here; one missing is skipped with a message, not failed.
    `-- ARGS` replaces the pytest arguments."""
    _with_tools(session)
    found = {v: exe for v in OTHER_PYTHONS if (exe := _interpreter(v))}
    for version in OTHER_PYTHONS:
        if version not in found:
            session.log(f"Python {version}: no interpreter on this machine; skipped")
    if not found:
        session.skip(f"none of Python {', '.join(OTHER_PYTHONS)} is installed here")
    for version, exe in found.items():
        venv = os.path.abspath(f".nox/tests-py{version}")
        env = {"VIRTUAL_ENV": venv, "UV_PYTHON": os.path.join(venv, "bin", "python")}
        session.run(
            "uv", "venv", "--quiet", "--allow-existing", "--python", exe, venv, external=True
        )
        session.run("uv", "pip", "install", "--require-hashes", "-r", LOCK, env=env, external=True)
        session.run("uv", "pip", "install", "--no-deps", "-e", ".", env=env, external=True)
        pytest = os.path.join(venv, "bin", "pytest")
        args = session.posargs or ["-m", "not slow", "-p", "no:cacheprovider"]
        session.run(pytest, *args, external=True)
        if not session.posargs:
            session.run(
                pytest, "-p", "no:cacheprovider", "tests/packaging/test_wheels.py", external=True
            )
