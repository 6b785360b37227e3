"""`python -m contract_tests`: the conformance runner (the `comms-conformance` console script)."""

import sys

from contract_tests.cli import main

sys.exit(main())
