"""`--workers K`: one run in K processes on this machine, each a shard of it, merged into one
report. A worker is a shard in every way (its own built-in emulator, its own run tag and rate
limit share, its own cleanup), so the run keeps what shards keep: the same seed gives the same
findings, and each worker's exchange sequence replays. (pytest-xdist hands tests to whichever
worker is free, so the sequence each sends would change from run to run, and its workers would
share one emulator whose state the stateful test resets.) With `--shard I/N` as well, the
workers are shards I, I+N, ... of N*K: together exactly shard I/N.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from contract_tests._options import RunConfig
from contract_tests._shard import Shard
from contract_tests.cli.merge import finish
from contract_tests.reporting._baseline import load_baseline
from contract_tests.reporting._history import load_history
from contract_tests.reporting._merge import load_report, merge_reports

# Seconds the workers have, once told to stop, to clean up and write their reports (each ends
# its waits at once and writes within a few); past them they are killed.
REPORT_WAIT = 30.0
_Started = list[tuple["subprocess.Popen[bytes]", IO[str]]]  # each worker, and its log

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
    started: _Started = []
    for shard in worker_shards(settings):
        directory = report_dir / "workers" / shard.tag
        directory.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "contract_tests", "--seed", str(settings.seed)]
        command += ["--shard", str(shard), "--report-dir", str(directory)]
        log = (directory / "run.log").open("w", encoding="utf-8")
        print(f"conformance: worker {shard} -> {directory}/ (log: run.log)", flush=True)
        # In a process group of its own: a terminal's Ctrl-C reaches this process alone, which
        # passes each signal on once (a worker seeing two would stop without its cleanup).
        worker = subprocess.Popen([*command, *rest], stdout=log, stderr=log, process_group=0)
        started.append((worker, log))
    codes, interrupted = _wait(started)
    for _, opened in started:
        opened.close()
    if interrupted:
        print(
            f"conformance: interrupted: the workers were stopped; their reports of what was "
            f"done are in {report_dir}/workers/",
            file=sys.stderr,
        )
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
    return 2 if interrupted or any(c not in (0, 1) for c in codes) else code


def _wait(started: _Started) -> tuple[list[int], bool]:
    """The workers' exit codes, and whether a Ctrl-C or SIGTERM stopped them: each is then
    told to stop (a second interrupt is passed on as a second: stop at once) and given
    REPORT_WAIT seconds to write its report. Never returns with a worker still running (an
    interrupted runner once left its workers sending to the target on their own)."""
    try:
        return [process.wait() for process, _ in started], False
    except KeyboardInterrupt:
        pass
    ends = time.monotonic() + REPORT_WAIT
    for _ in range(2):
        for process, _ in started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        try:
            for process, _ in started:
                process.wait(timeout=max(0.0, ends - time.monotonic()))
            break
        except KeyboardInterrupt:
            continue
        except subprocess.TimeoutExpired:
            break
    for process, _ in started:
        if process.poll() is None:
            process.kill()
            process.wait()
    return [process.returncode for process, _ in started], True
