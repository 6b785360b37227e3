"""The kit's one entry point. Every session installs the locked toolchain (requirements/dev.txt).

nox -s conformance [-- --base-url URL --profile P --read-only]   the main job
nox -s parity -- --base-url A --against B   compare two targets exchange by exchange
nox -s parity -- replay FILE --base-url URL  replay a recorded transcript, print a parity score
nox -s tests                 everything offline: spec checks, emulator, contract suite,
                             drift detection and safety proofs
nox -s tests -- -m "not slow"  the fast inner loop (CI runs everything)
nox -s lint                  ruff, mypy --strict, import-linter layering, the spec checks
nox -s lock [-- --upgrade]   recompile requirements/dev.txt (hashed) from pyproject.toml
nox -s generate [-- --check] rewrite generated/ from spec/ (or fail if it is stale)
nox -s emulator [-- ARGS]    serve the emulator (comms-emulator ARGS)
nox -s bench                 print the performance tables
"""

from __future__ import annotations

import os
import subprocess

import nox

nox.options.default_venv_backend = "uv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["lint", "tests"]

PYTHON = "3.11"
LOCK = "requirements/dev.txt"


def _install(session: nox.Session) -> None:
    """The locked dependency set, every file checked against its hash; then the kit itself
    (editable, so spec/ is read in place; --no-deps, its dependencies are all in the lock)."""
    session.install("--require-hashes", "-r", LOCK)
    session.install("--no-deps", "-e", ".")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    _install(session)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    session.run("mypy", "--strict", "generated/twilio_comms_sender_pools")
    # The layering contracts in pyproject.toml; the generated client is a root package too.
    session.run("lint-imports", "--no-cache", env={"PYTHONPATH": "generated"})
    session.run("python", "-m", "scripts.check_spec")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    _install(session)
    session.run("python", "-m", "scripts.check_spec")
    session.run("python", "-m", "scripts.generate", "--check")
    session.run("pytest", *session.posargs)


@nox.session(venv_backend="none")
def lock(session: nox.Session) -> None:
    """Recompile the lock from pyproject.toml, keeping every pin it can; `-- --upgrade` bumps."""
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


@nox.session(python=PYTHON)
def conformance(session: nox.Session) -> None:
    """The suite against the built-in emulator, or `-- --base-url URL` with TWILIO_* set."""
    _install(session)
    python = os.path.join(session.bin, "python")
    code = subprocess.call([python, "-m", "scripts.conformance", *session.posargs])
    if code:
        # nox reports every failure as exit 1; keep the runner's 1 (drift) vs 2 (set-up).
        session.log(f"conformance exited {code}")
        os._exit(code)


@nox.session(python=PYTHON)
def parity(session: nox.Session) -> None:
    """`-- --base-url A --against B` (either may be `emulator`), or `-- replay FILE --base-url
    URL`: the runner's parity and replay subcommands, with its exit codes."""
    _install(session)
    python = os.path.join(session.bin, "python")
    command = [] if session.posargs[:1] == ["replay"] else ["parity"]
    code = subprocess.call([python, "-m", "scripts.conformance", *command, *session.posargs])
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
    session.run("python", "-m", "scripts.bench.emulator_bench")
    session.run("python", "-m", "scripts.bench.suite_bench")
