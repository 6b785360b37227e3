"""The conformance suite: fuzz and probe any target against spec/ and report every drift.

The same test bodies (`contract_tests/suite/`) run against the emulator in-process, the
emulator over HTTP, and any base URL with credentials (the real API). The rooms:

- `suite/`   the pytest plugin (`conftest.py`), the tests and `_suite.ini`;
- `cli/`     the command lines: the runner (`comms-conformance`), parity and replay;
- `reporting/` findings, impact classes, the baseline and the report writers;
- `_parity/` parity and replay between two targets;
- the engine: the private modules beside this file (target, run, session, safety, fuzzing).

The names below are what a caller uses; everything else is private and may change shape.
Importing this package is cheap: each name loads its module when first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from contract_tests._parity import ParityRun, TranscriptError, run_parity, run_replay
    from contract_tests._parity import load as load_transcript
    from contract_tests._profiles import PROFILES, Profile
    from contract_tests._target import (
        Credentials,
        Target,
        TargetError,
        in_process_target,
        url_target,
    )
    from contract_tests.cli.runner import main
    from contract_tests.reporting._writer import render_markdown

# name -> (module, attribute)
_EXPORTS = {
    "main": ("contract_tests.cli.runner", "main"),
    "Target": ("contract_tests._target", "Target"),
    "TargetError": ("contract_tests._target", "TargetError"),
    "Credentials": ("contract_tests._target", "Credentials"),
    "url_target": ("contract_tests._target", "url_target"),
    "in_process_target": ("contract_tests._target", "in_process_target"),
    "PROFILES": ("contract_tests._profiles", "PROFILES"),
    "Profile": ("contract_tests._profiles", "Profile"),
    "ParityRun": ("contract_tests._parity", "ParityRun"),
    "TranscriptError": ("contract_tests._parity", "TranscriptError"),
    "run_parity": ("contract_tests._parity", "run_parity"),
    "run_replay": ("contract_tests._parity", "run_replay"),
    "load_transcript": ("contract_tests._parity", "load"),
    "render_markdown": ("contract_tests.reporting._writer", "render_markdown"),
}

__all__ = [
    "PROFILES",
    "Credentials",
    "ParityRun",
    "Profile",
    "Target",
    "TargetError",
    "TranscriptError",
    "in_process_target",
    "load_transcript",
    "main",
    "render_markdown",
    "run_parity",
    "run_replay",
    "url_target",
]


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'contract_tests' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # looked up once
    return value
