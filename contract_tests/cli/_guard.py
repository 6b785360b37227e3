"""The guard around every command-line entry point of the suite: a usage error or a set-up
failure exits 2 with one line on stderr, never a traceback and never an exit code that reads
as "drift found" (1)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


def guarded_main(
    parser: argparse.ArgumentParser,
    argv: list[str],
    run: Callable[[argparse.Namespace], int],
    *,
    name: Callable[[argparse.Namespace], str],
    expected: tuple[type[Exception], ...] = (),
) -> int:
    """Parse `argv` and `run` it. `expected` errors are the user's to fix and read as their
    message alone; any other exception is a set-up failure and is named by its type too."""
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help exits 0; a usage error exits 2, as argparse says
        return EXIT_ERROR if exit_.code else EXIT_OK
    try:
        return run(args)
    except KeyboardInterrupt:  # Ctrl-C (or SIGTERM, where the command makes it one) outside a run
        return interrupted_before_the_run(name(args))
    except expected as error:
        print(f"{name(args)}: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:
        print(f"{name(args)}: error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_ERROR


def interrupted_before_the_run(command: str) -> int:
    """Say that a Ctrl-C or SIGTERM stopped `command` before any test ran; its exit code."""
    print(f"{command}: interrupted before the run started: no test ran", file=sys.stderr)
    return EXIT_ERROR


def nothing_checked(counts: Mapping[str, int]) -> str | None:
    """Why a run that found no drift still proves nothing, if it does not: no test passed and
    some could not tell (a target busy, or unreadable, throughout). A CI gate must not read
    that as a pass: the command exits 2 with this reason, and the report lists each test."""
    inconclusive = counts.get("inconclusive", 0)
    if counts.get("passed", 0) or not inconclusive:
        return None
    return (
        f"nothing was checked: no test passed and {inconclusive} could not tell (see the "
        "report's inconclusive tests: the target was busy or unreadable throughout)"
    )
