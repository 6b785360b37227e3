from __future__ import annotations

import copy
from typing import Any

import pytest

from comms_spec import load_spec


@pytest.fixture
def spec() -> dict[str, Any]:
    """A private deep copy: tests break it freely without touching the cached original."""
    return copy.deepcopy(load_spec())
