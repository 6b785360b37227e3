"""Header and query formats the API defines outside JSON Schema."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """The wait a `Retry-After` header asks for, in seconds (RFC 9110: delta-seconds or an
    HTTP date); None when it is absent or unusable."""
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():  # str.isdigit takes "²", which float refuses
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # an HTTP date is GMT by definition
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def parse_tag_filter(text: str) -> dict[str, str]:
    """The `tags` list filter, `key:value;` pairs (its pattern is in the spec), as a dict.
    A pair without `:` is skipped: validation rejects it before a handler sees it."""
    return dict(pair.split(":", 1) for pair in text.split(";") if ":" in pair)
