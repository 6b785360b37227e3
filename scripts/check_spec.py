"""Check the spec: `python -m scripts.check_spec [PATH]`. Exit 0 clean, 1 findings, 2 unreadable."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

from comms_spec import load_spec, spec_path
from comms_spec.checks import SPEC_CHECKS, count_claims, run_spec_checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", type=Path, help="spec file (default: the kit's own)")
    args = parser.parse_args(argv)
    path: Path = args.path or spec_path()
    started = time.perf_counter()
    try:
        spec = load_spec(path)
    except (OSError, ValueError, yaml.YAMLError) as error:
        print(f"error: cannot read {path}: {error}", file=sys.stderr)
        return 2
    findings = run_spec_checks(spec)
    for finding in findings:
        print(finding)
    if not any(f.check == "openapi-3.1-valid" for f in findings):
        print(f"claims: {count_claims(spec)}")
    elapsed = time.perf_counter() - started
    verdict = f"{len(findings)} finding(s)" if findings else "all checks passed"
    print(f"{path}: {verdict} ({', '.join(SPEC_CHECKS)}; {elapsed:.1f}s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
