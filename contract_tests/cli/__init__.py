"""The command lines: the runner (`comms-conformance`), parity and replay."""

from contract_tests.cli.runner import main

__all__ = ["main"]
