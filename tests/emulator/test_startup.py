"""Start-up stays cheap: nothing that only validation needs is imported before the first request.

(The time itself is printed by `nox -s bench`, never asserted: tests run on busy machines.)
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from comms_emulator import EmulatorConfig, create_app
from comms_spec import Contract
app = create_app(EmulatorConfig(), Contract.load())
late = [m for m in ("jsonschema", "referencing", "openapi_spec_validator") if m in sys.modules]
print(",".join(late))
"""


def test_building_an_app_imports_no_validation_library() -> None:
    """Schemas compile on first use and the spec is not re-validated at start-up (lint and
    tests/spec do that), so a launch pays for neither."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""
