"""`--workers K`: one run in K processes on this machine, each a shard of it, merged into one
report. A worker is a shard in every way (its own built-in emulator, its own run tag and rate
limit share, its own cleanup), so the run keeps what shards keep: the same seed gives the same
findings, and each worker's exchange sequence replays. (pytest-xdist hands tests to whichever
worker is free, so the sequence each sends would change from run to run, and its workers would
share one emulator whose state the stateful test resets.) With `--shard I/N` as well, the
workers are shards I, I+N, ... of N*K: together exactly shard I/N.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from contract_tests._options import RunConfig
from contract_tests._shard import Shard
from contract_tests.cli.merge import finish
from contract_tests.reporting._baseline import load_baseline
from contract_tests.reporting._history import load_history
from contract_tests.reporting._merge import load_report, merge_reports

# What the runner sets for each worker itself; the rest of the command line is passed on.
_DECIDED = ("--workers", "--shard", "--report-dir", "--seed", "--baseline", "--history")


def worker_shards(settings: RunConfig) -> list[Shard]:
    whole = settings.shard or Shard(1, 1)
    total = whole.count * settings.workers
    return [Shard(whole.index + whole.count * w, total) for w in range(settings.workers)]


def passed_on(argv: list[str]) -> list[str]:
    """The command line without the options the runner decides for each worker."""
    kept: list[str] = []
    skip = False
    for i, token in enumerate(argv):
        if skip:
            skip = False
        elif token == "--":
            return [*kept, *argv[i:]]
        elif token in _DECIDED:
            skip = True
        elif not token.startswith(tuple(f"{flag}=" for flag in _DECIDED)):
            kept.append(token)
    return kept


def run_workers(settings: RunConfig, argv: list[str], report_dir: Path) -> int:
    previous = load_baseline(settings.baseline) if settings.baseline else None
    if settings.history:
        load_history(settings.history)
    rest = passed_on(argv)
    started = []
    for shard in worker_shards(settings):
        directory = report_dir / "workers" / shard.tag
        directory.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "contract_tests", "--seed", str(settings.seed)]
        command += ["--shard", str(shard), "--report-dir", str(directory)]
        log = (directory / "run.log").open("w", encoding="utf-8")
        print(f"conformance: worker {shard} -> {directory}/ (log: run.log)", flush=True)
        started.append((subprocess.Popen([*command, *rest], stdout=log, stderr=log), log))
    codes = []
    for process, log in started:
        codes.append(process.wait())
        log.close()
    reports = []
    for shard in worker_shards(settings):
        path = report_dir / "workers" / shard.tag / "report.json"
        if not path.exists():
            print(f"conformance: worker {shard} wrote no report (see its run.log)", file=sys.stderr)
            return 2
        reports.append(load_report(path))
    data = merge_reports(
        reports, fail_on=settings.fail_on, part_of=settings.shard, rerun=settings.rerun_command()
    )
    code = finish(data, report_dir, settings.baseline, previous, settings.history)
    return 2 if any(c not in (0, 1) for c in codes) else code
