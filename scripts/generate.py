"""Regenerate generated/ from spec/ (`nox -s generate`), or check it is current
(`nox -s generate -- --check`: exit 1 and a summary of what differs when it is stale).

The generator reads the client's view of the spec (`scripts/generator/client_view.py`), never
`spec/` directly. Output depends only on the spec, the view's rules, the config and the pinned
tools: openapi-python-client and the ruff it runs as a post-hook are both locked in
requirements/dev.txt, and the ruff used is the one installed beside this interpreter, never
another one on PATH.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import yaml

from comms_spec import parse_spec, spec_path
from scripts.generator.client_view import client_view
from scripts.generator.release import VersionError, write_release_files

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
CONFIG = Path(__file__).resolve().parent / "generator" / "config.yaml"
TEMPLATES = CONFIG.parent / "templates"
# The custom templates are copies of this generator version's, changed; another version must not
# run with them until they are re-based on its templates (see templates/README.md).
TEMPLATES_FROM = "0.29.1"
# Tool caches that appear when generated/ is type-checked or tested; never part of the output.
CACHES = {"__pycache__", ".ruff_cache", ".mypy_cache", ".pytest_cache"}
DIFF_LINES = 60  # per file in the --check summary


def render(destination: Path) -> None:
    installed = metadata.version("openapi-python-client")
    if installed != TEMPLATES_FROM:
        raise RuntimeError(
            f"openapi-python-client {installed} is installed, but scripts/generator/templates "
            f"were written for {TEMPLATES_FROM}: install the locked version "
            "(requirements/dev.txt), or re-base the templates and update TEMPLATES_FROM"
        )
    # The generator reads the client's view of the spec (scripts/generator/client_view.py: open
    # enums and tolerated inferred fields in responses), written to a temporary file.
    spec = parse_spec(spec_path().read_text(encoding="utf-8"))  # a fresh copy: the view edits it
    text = yaml.safe_dump(client_view(spec), sort_keys=False, allow_unicode=True)
    with tempfile.TemporaryDirectory() as tmp:
        view = Path(tmp) / "client-view.yaml"
        view.write_text(text, encoding="utf-8")
        _generate(view, destination)


def _generate(view: Path, destination: Path) -> None:
    tools = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [
        str(tools / "openapi-python-client"),
        "generate",
        "--path",
        str(view),
        "--config",
        str(CONFIG),
        "--custom-template-path",
        str(TEMPLATES),
        "--meta",
        "uv",
        "--fail-on-warning",
        "--output-path",
        str(destination),
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"openapi-python-client failed:\n{result.stdout}{result.stderr}")
    shutil.rmtree(destination / ".ruff_cache", ignore_errors=True)


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not CACHES & set(p.relative_to(root).parts)
    }


def differences(current: Path, fresh: Path) -> list[str]:
    old, new = _files(current) if current.exists() else {}, _files(fresh)
    lines: list[str] = []
    for name in sorted(old.keys() | new.keys()):
        if name not in old:
            lines.append(f"+ {name} (missing from generated/)")
        elif name not in new:
            lines.append(f"- {name} (no longer generated)")
        elif old[name] != new[name]:
            diff = list(
                difflib.unified_diff(
                    old[name].decode(errors="replace").splitlines(),
                    new[name].decode(errors="replace").splitlines(),
                    f"generated/{name}",
                    f"fresh/{name}",
                    lineterm="",
                    n=1,
                )
            )
            lines.append(f"~ {name}")
            lines += [f"    {d}" for d in diff[:DIFF_LINES]]
            if len(diff) > DIFF_LINES:
                lines.append(f"    ... {len(diff) - DIFF_LINES} more diff lines")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if generated/ is stale")
    parser.add_argument("--generated-dir", type=Path, default=GENERATED)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "generated"
        try:
            render(fresh)
        except RuntimeError as error:
            print(error, file=sys.stderr)
            return 2
        # The version and CHANGELOG.md (scripts/generator/release.py): a breaking change without
        # a major bump stops here, before generated/ is touched or declared current.
        try:
            release = write_release_files(
                spec_path().read_text(encoding="utf-8"), args.generated_dir, fresh
            )
        except VersionError as error:
            print(f"generate: {error}", file=sys.stderr)
            return 1
        print(f"client version {release.version} (least bump needed: {release.required_bump})")
        changes = differences(args.generated_dir, fresh)
        if args.check:
            if changes:
                print(f"{args.generated_dir} is stale: run `nox -s generate` and commit.\n")
                print("\n".join(changes))
                return 1
            print(f"{args.generated_dir} is current.")
            return 0
        shutil.rmtree(args.generated_dir, ignore_errors=True)
        shutil.copytree(fresh, args.generated_dir)
    summary = [c for c in changes if not c.startswith("    ")]
    print(f"regenerated {args.generated_dir}: {len(summary)} file(s) changed")
    print("\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
