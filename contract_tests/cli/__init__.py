"""The command lines: the runner (`comms-conformance`), parity and replay."""

from __future__ import annotations

import signal
import sys
from typing import Any

# SIGTERM (what CI sends on cancel) and Ctrl-C; SIGTERM first: before its handler its default
# kills silently, where Ctrl-C's raises KeyboardInterrupt, which the entry catches.
_STOP = (signal.SIGTERM, signal.SIGINT)
_EXIT_INTERRUPTED = 2  # the runner's set-up-error code (cli._guard.EXIT_ERROR), not yet loaded


def main(argv: list[str] | None = None) -> int:
    """`comms-conformance`. Called as the command (`argv` None: the console script, `python -m
    contract_tests`) it owns the process: Ctrl-C and SIGTERM are taken from its first
    statement, and once the exit code is decided they are ignored to the exit, so a signal at
    either end of a run exits 2 with a line saying so (or with the run's verdict, when it came
    after), never 130/143 by the signal's default. (Only a signal before the interpreter
    reaches this function, its first tens of milliseconds, still meets the default.) Called
    with `argv` (from Python) it puts the caller's handlers back instead."""
    if argv is not None:
        previous = {signum: signal.signal(signum, _interrupt) for signum in _STOP}
        try:
            return _main(argv)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
    try:  # a signal landing between the two installations is caught too
        for signum in _STOP:
            signal.signal(signum, _interrupt)
        code = _main(sys.argv[1:])
        _ignore_stops()  # inside the try: a signal before it is caught below
    except KeyboardInterrupt:  # landed outside every guard inside (before or after the run)
        _ignore_stops()
        print("conformance: interrupted", file=sys.stderr)
        code = _EXIT_INTERRUPTED
    return code


def _main(argv: list[str]) -> int:
    try:
        from contract_tests.cli.runner import main as run
    except KeyboardInterrupt:
        from contract_tests.cli._guard import interrupted_before_the_run

        return interrupted_before_the_run("conformance")
    return run(argv)


def _ignore_stops() -> None:
    for signum in _STOP:
        signal.signal(signum, signal.SIG_IGN)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


__all__ = ["main"]
