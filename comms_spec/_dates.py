"""RFC 3339 date-times, as the API writes them and its date filters take them."""

from __future__ import annotations

from datetime import datetime


def parse_rfc3339(text: str) -> datetime:
    """An aware datetime; ValueError on anything but an RFC 3339 date-time with an offset."""
    moment = datetime.fromisoformat(text.replace("z", "Z"))
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone offset")
    return moment


def parse_rfc3339_ms(text: str) -> int:
    """Milliseconds since the epoch (ValueError or OverflowError on a bad date-time)."""
    return int(parse_rfc3339(text).timestamp() * 1000)


def rfc3339_ms_or_none(value: object) -> int | None:
    """For judging answers: a value that is not a valid date-time is some other check's
    business, so it reads as None here instead of raising."""
    if not isinstance(value, str):
        return None
    try:
        return parse_rfc3339_ms(value)
    except (ValueError, OverflowError):
        return None
