"""Credentials never reach output: every text the suite writes passes through here."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable

REDACTED = "[REDACTED]"
_AUTH_HEADER = re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(basic|bearer)\s+[^\s'\",}]+")


class Redactor:
    def __init__(self, secrets: Iterable[str]) -> None:
        values = {s for s in secrets if s and len(s) >= 4}
        # Also the Basic-auth encodings a request log might contain.
        pairs = list(values)
        for user in pairs:
            for password in pairs:
                values.add(base64.b64encode(f"{user}:{password}".encode()).decode())
        self._values = sorted(values, key=len, reverse=True)

    def redact(self, text: str) -> str:
        text = _AUTH_HEADER.sub(lambda m: f"{m.group(1)}{m.group(2)} {REDACTED}", text)
        for value in self._values:
            text = text.replace(value, REDACTED)
        return text
