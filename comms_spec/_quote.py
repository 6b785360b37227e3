"""Quoting a client's input in a message, boundedly: an error about a 10,000-item body must
not repeat the body. The head shows what the value was; the tail keeps the end of a message
that says what was wrong with it ("... is too long")."""

from __future__ import annotations

QUOTE_LIMIT = 200


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """`text` if it is at most `limit` characters, else its head and tail around a marker."""
    if len(text) <= limit:
        return text
    tail = limit // 4
    return f"{text[: limit - tail]}…[{len(text) - limit} more characters]…{text[-tail:]}"
