"""Join the reports of a run's shards into one report, in every format.

    comms-conformance merge SHARD/report.json ... [--report-dir reports]
                            [--baseline PREVIOUS/report.json] [--history HISTORY_JSON]
                            [--fail-on breaking|inferred|additive]

Each shard ran `comms-conformance --seed N --shard I/K`; the merged report (report.json,
report.md, report.html, junit.xml) is what one unsharded run with that seed reports, and is
the one to compare with a baseline and to add to the finding history.

Exit codes: 0 no finding that fails the run under --fail-on, 1 drift found, 2 usage error.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from contract_tests._finding import Finding
from contract_tests.cli._guard import EXIT_ERROR, EXIT_FOUND, EXIT_OK, guarded_main, nothing_checked
from contract_tests.reporting._baseline import Baseline, compare, load_baseline
from contract_tests.reporting._formats import write_reports
from contract_tests.reporting._history import load_history, record_night
from contract_tests.reporting._impact import IMPACTS
from contract_tests.reporting._merge import load_report, merge_reports
from contract_tests.reporting._writer import render_markdown

SUBCOMMANDS = ("merge",)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="comms-conformance merge",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("reports", nargs="+", type=Path, metavar="REPORT_JSON")
    parser.add_argument("--report-dir", type=Path, default=Path("reports"))
    parser.add_argument("--baseline", type=Path, metavar="REPORT_JSON")
    parser.add_argument("--history", type=Path, metavar="HISTORY_JSON")
    parser.add_argument("--fail-on", choices=IMPACTS, help="default: the shards' own")
    return parser


def main(argv: list[str]) -> int:
    return guarded_main(
        build_parser(), argv[1:], _main, name=lambda _: "merge", expected=(ValueError,)
    )


def _main(args: argparse.Namespace) -> int:
    shards = [load_report(path) for path in args.reports]
    previous = load_baseline(args.baseline) if args.baseline else None
    if args.history:
        load_history(args.history)  # fail before writing anything
    data = merge_reports(shards, fail_on=args.fail_on)
    return finish(data, args.report_dir, args.baseline, previous, args.history)


def finish(
    data: dict[str, Any],
    report_dir: Path,
    baseline_path: Path | None,
    previous: Baseline | None,
    history: Path | None,
) -> int:
    """The merged report compared with the baseline, added to the history, written in every
    format and printed; the exit code it reads as."""
    if previous is not None:
        findings = [Finding.from_json(f) for f in data["findings"]]
        diff = compare(findings, data["tests"], previous)
        data["findings"] = [f.to_json() for f in diff.findings]
        data["baseline"] = {
            "path": str(baseline_path),
            "previousStartedAt": diff.previous_started_at,
            **{
                name: [f.to_json() for f in items]
                for name, items in (
                    ("new", diff.new()),
                    ("stillPresent", diff.still_present()),
                    ("fixed", diff.fixed),
                    ("notRechecked", diff.not_rechecked),
                )
            },
        }
    if history:
        data["history"] = record_night(history, data)
    write_reports(report_dir, data, render_markdown, junit=True)
    report = report_dir / "report.md"
    print(render_markdown(data))
    unchecked = None if data["failed"] else nothing_checked(data.get("counts", {}))
    verdict = "DRIFT FOUND" if data["failed"] else (unchecked or "no drift")
    print(f"merge: {data['mergedFrom']} report(s) merged: {verdict}. Report: {report}")
    if unchecked:
        return EXIT_ERROR
    return EXIT_FOUND if data["failed"] else EXIT_OK
