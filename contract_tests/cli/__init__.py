"""The command lines: the runner (`comms-conformance`), parity and replay."""

from __future__ import annotations

import signal
from typing import Any

from contract_tests.cli._guard import interrupted_before_the_run


def main(argv: list[str] | None = None) -> int:
    """`comms-conformance`. SIGTERM is Ctrl-C from the first instant: its default ended the
    process silently (exit 143, no line) while the runner's modules loaded, seconds on a
    busy machine; either, before the runner is loaded, exits 2 saying so, as in its set-up."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        try:
            from contract_tests.cli.runner import main as run
        except KeyboardInterrupt:
            return interrupted_before_the_run("conformance")
        return run(argv)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


__all__ = ["main"]
