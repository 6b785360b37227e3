"""`comms-conformance sdk-check --adapter CMD`: a behaviour scorecard for any SDK, in any
language, driven through a JSON-lines adapter process against the emulator
(docs/sdk-authors/sdk-check.md).

    comms-conformance sdk-check --adapter "python adapters/python/adapter.py"
                                [--emulator-url URL --account SID:TOKEN [--api-key KEY:SECRET]]
                                [--only ID ...] [--report-dir reports/sdk-check]

Without --emulator-url it starts the kit's emulator for the run. Exit codes: 0 every behaviour
the adapter supports passed, 1 a behaviour failed, 2 usage or set-up error (the adapter hung,
crashed or broke the protocol, or the emulator refused a set-up call).
"""

from contract_tests._sdk.cli import main

__all__ = ["main"]
