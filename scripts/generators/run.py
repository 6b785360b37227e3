"""Four mainstream generators, default options, driven through the docs' workflow.

`nox -s generators` installs the pinned tools (openapi-generator-cli from PyPI, which bundles
its jar and runs it on the machine's Java 17; the npm packages of `package.json`, locked by
`package-lock.json`), then runs this: for each generator, generate a client from the published
spec with default options, type-check or install it, and run its driver
(`drivers/`, the same steps for all four) against a fresh emulator. It prints the matrix
(generator x step) as Markdown, writes it with the versions to `WORK/report.json`, and exits 1
when any step fails. docs/sdk-authors/generators.md shows the matrix.

python -m scripts.generators.run --node-modules DIR [--work DIR] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from scripts.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
DRIVERS = HERE / "drivers"
SPEC = ROOT / "spec" / "published" / "comms-sender-pools.json"
ACCOUNT = ("AC" + "0" * 32, "generators-token")
OPENAPI_GENERATOR = "7.26.0"  # openapi-generator-cli on PyPI; noxfile.py installs this pin
STEPS = (
    "list ACTIVATED senders",
    "create a pool with tags",
    "wait for its Operation",
    "find it by operationId",
    "fetch",
    "PATCH",
    "add two senders",
    "list its senders by channel, status, dates",
    "remove one",
    "walk all pools with pageSize=1",
    "send a Message and wait for its Operation",
    "delete",
    "404 after delete",
    "401 with wrong credentials",
)
TSCONFIG = {
    "compilerOptions": {
        "target": "ES2022",
        "module": "commonjs",
        "moduleResolution": "node10",
        "lib": ["ES2022", "DOM", "DOM.Iterable"],
        "strict": True,
        "skipLibCheck": True,
        "outDir": "out",
        "rootDir": ".",
    },
    "include": ["*.ts", "client/**/*.ts"],
}


@dataclass(frozen=True)
class Generator:
    name: str
    tool: str  # what the matrix names, with its pinned version
    driver: str


GENERATORS = (
    Generator("typescript-fetch", f"openapi-generator {OPENAPI_GENERATOR}", "typescript_fetch.ts"),
    Generator("python", f"openapi-generator {OPENAPI_GENERATOR}", "openapi_generator_python.py"),
    Generator("hey-api", "@hey-api/openapi-ts", "hey_api.ts"),
    Generator("openapi-fetch", "openapi-typescript + openapi-fetch", "openapi_fetch.ts"),
)


@dataclass
class Outcome:
    generator: Generator
    stage: str = "generate"  # how far it got: generate, build, run
    steps: dict[str, bool] | None = None
    detail: str = ""
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.steps is not None and all(self.steps.get(s) for s in STEPS)


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])}...: {(done.stdout + done.stderr)[-1500:]}")
    return done.stdout


def _bin(node_modules: Path, name: str) -> str:
    return str(node_modules / ".bin" / name)


def generate(gen: Generator, out: Path, node_modules: Path) -> None:
    """The generator's own CLI with default options: only input, generator and output."""
    client = out / "client"
    if gen.name in ("typescript-fetch", "python"):
        cli = str(Path(sys.executable).parent / "openapi-generator-cli")
        _run([cli, "generate", "-i", str(SPEC), "-g", gen.name, "-o", str(client)], out)
    elif gen.name == "hey-api":
        _run([_bin(node_modules, "openapi-ts"), "-i", str(SPEC), "-o", str(client)], out)
    else:
        client.mkdir(parents=True)
        _run([_bin(node_modules, "openapi-typescript"), str(SPEC), "-o", "client/schema.d.ts"], out)


def build(gen: Generator, out: Path, node_modules: Path) -> None:
    """Type-check (TypeScript, `strict`) or install (Python) the generated client."""
    shutil.copy(DRIVERS / gen.driver, out)
    if gen.name == "python":
        uv = shutil.which("uv") or "uv"
        _run([uv, "pip", "install", "--python", sys.executable, "./client"], out)
        return
    shutil.copy(DRIVERS / "_steps.ts", out)
    (out / "tsconfig.json").write_text(json.dumps(TSCONFIG), encoding="utf-8")
    (out / "package.json").write_text('{"type": "commonjs"}', encoding="utf-8")
    link = out / "node_modules"
    if not link.exists():
        link.symlink_to(node_modules)
    _run([_bin(node_modules, "tsc"), "-p", "tsconfig.json"], out)


def drive(gen: Generator, out: Path, base_url: str) -> dict[str, bool]:
    env = {
        **os.environ,
        "COMMS_BASE_URL": base_url,
        "COMMS_SID": ACCOUNT[0],
        "COMMS_TOKEN": ACCOUNT[1],
    }
    if gen.name == "python":
        command = [sys.executable, gen.driver]
    else:
        command = ["node", f"out/{Path(gen.driver).with_suffix('.js').name}"]
    done = subprocess.run(command, cwd=out, env=env, capture_output=True, text=True, timeout=120)
    steps: dict[str, bool] = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            steps[record["step"]] = bool(record["ok"])
            if not record["ok"]:
                raise _StepFailed(steps, f"{record['step']}: {record.get('detail', '')}")
    if done.returncode != 0 or set(steps) != set(STEPS):
        raise _StepFailed(steps, (done.stdout + done.stderr)[-1500:])
    return steps


class _StepFailed(RuntimeError):
    def __init__(self, steps: dict[str, bool], detail: str) -> None:
        super().__init__(detail)
        self.steps = steps


@contextmanager
def emulator() -> Iterator[str]:
    """A fresh emulator for one client: its /v1 base URL."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "comms-emulator"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--account",
        ":".join(ACCOUNT),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if httpx.get(f"{base}/openapi.json", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        else:
            raise RuntimeError("the emulator did not start")
        yield f"{base}/v1"
    finally:
        process.terminate()
        process.wait(timeout=10)


def run_one(gen: Generator, work: Path, node_modules: Path) -> Outcome:
    outcome = Outcome(gen)
    out = work / gen.name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    started = time.perf_counter()
    try:
        generate(gen, out, node_modules)
        outcome.stage = "build"
        build(gen, out, node_modules)
        outcome.stage = "run"
        with emulator() as base_url:
            outcome.steps = drive(gen, out, base_url)
    except _StepFailed as failed:
        outcome.steps, outcome.detail = failed.steps, str(failed)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
        outcome.detail = str(error)
    outcome.seconds = time.perf_counter() - started
    return outcome


def inferred_notes(work: Path) -> list[str]:
    """Generated files that carry an "Inferred:" note (descriptions must be for users)."""
    return sorted(
        str(path.relative_to(work))
        for path in work.glob("*/client/**/*")
        if path.is_file() and "Inferred:" in path.read_text(encoding="utf-8", errors="replace")
    )


def matrix(outcomes: list[Outcome]) -> str:
    head = "| step | " + " | ".join(f"{o.generator.name}" for o in outcomes) + " |"
    rows = [head, "|---" * (len(outcomes) + 1) + "|"]
    stages = (("generate (default options)", "build"), ("type-check / install", "run"))
    for label, reached in stages:
        # A stage passed when the run got past it (to the next stage, or further).
        order = ("generate", "build", "run")
        cells = [_mark(order.index(o.stage) >= order.index(reached)) for o in outcomes]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    for step_name in STEPS:
        cells = [_mark((o.steps or {}).get(step_name)) for o in outcomes]
        rows.append(f"| {step_name} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _mark(ok: bool | None) -> str:
    return {True: "pass", False: "FAIL", None: "-"}[ok]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--node-modules", type=Path, required=True)
    parser.add_argument("--work", type=Path, default=ROOT / ".nox" / "generators-work")
    parser.add_argument("--only", nargs="*", choices=[g.name for g in GENERATORS])
    args = parser.parse_args(argv)
    chosen = [g for g in GENERATORS if not args.only or g.name in args.only]
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    outcomes = [run_one(gen, work, args.node_modules.resolve()) for gen in chosen]
    notes = inferred_notes(work)
    print(matrix(outcomes))
    for outcome in outcomes:
        verdict = "passed" if outcome.passed else f"FAILED at {outcome.stage}"
        detail = f": {outcome.detail}" if outcome.detail else ""
        name = f"{outcome.generator.name} ({outcome.generator.tool})"
        print(f"- {name}: {verdict}, {outcome.seconds:.1f} s{detail}")
    print(f"- generated files with an 'Inferred:' note: {len(notes)} {notes[:5]}")
    report = {
        "generators": {
            o.generator.name: {
                "tool": o.generator.tool,
                "passed": o.passed,
                "stage": o.stage,
                "steps": o.steps,
                "seconds": round(o.seconds, 1),
                "detail": o.detail,
            }
            for o in outcomes
        },
        "inferred_notes": notes,
    }
    (work / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0 if all(o.passed for o in outcomes) and not notes else 1


if __name__ == "__main__":
    sys.exit(main())
