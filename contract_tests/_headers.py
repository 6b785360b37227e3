"""Reading responses of either kind the suite handles: httpx's and Schemathesis' (whose headers
are a dict of lists)."""

from __future__ import annotations

from typing import Any


def header(response: Any, name: str) -> str | None:
    """One header value, matched case-insensitively."""
    for key, value in response.headers.items():
        if key.lower() == name.lower():
            return value[0] if isinstance(value, list) else str(value)
    return None
