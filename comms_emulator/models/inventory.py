"""Each account's sender inventory: a realistic default, or a JSON file of the user's.

The default has 14 senders over all five channels, three of them DEACTIVATED, with IDs derived
from the account SID, so the same account gets the same sender IDs on every start.

A file holds either a list of senders (given to every account) or an object mapping account SIDs
to lists. Each sender is written as the API returns it; `id`, `tags`, `displayName`, `createdAt`
and `updatedAt` may be left out. Entries are validated against the spec's Sender schema.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from comms_emulator.models.ids import stable_id
from comms_emulator.models.records import MAX_STRING, Sender
from comms_spec import Contract, parse_rfc3339_ms

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

# (channel, address, displayName, status, createdAt)
DEFAULT_SENDERS: tuple[tuple[str, str, str | None, str, str], ...] = (
    ("SMS", "+14155550100", "Acme Alerts", "ACTIVATED", "2024-02-01T10:00:00Z"),
    ("SMS", "+14155550101", "Acme Alerts", "ACTIVATED", "2024-02-01T10:05:00Z"),
    ("SMS", "+442071838750", "Acme UK", "ACTIVATED", "2024-03-12T08:30:00Z"),
    ("SMS", "+14155550199", None, "DEACTIVATED", "2024-03-20T16:45:00Z"),
    ("RCS", "acme_support_agent", "Acme Support", "ACTIVATED", "2024-04-02T09:00:00Z"),
    ("RCS", "acme_offers_agent", "Acme Offers", "DEACTIVATED", "2024-04-09T11:20:00Z"),
    ("EMAIL", "support@acme.example.com", "Acme Support", "ACTIVATED", "2024-05-15T13:00:00Z"),
    ("EMAIL", "news@acme.example.com", "Acme News", "ACTIVATED", "2024-05-15T13:10:00Z"),
    ("EMAIL", "billing@acme.example.com", "Acme Billing", "ACTIVATED", "2024-06-01T07:55:00Z"),
    ("WHATSAPP", "+14155550123", "Acme", "ACTIVATED", "2024-07-07T12:00:00Z"),
    ("WHATSAPP", "+5511987650001", "Acme Brasil", "DEACTIVATED", "2024-07-21T18:30:00Z"),
    ("PUSH", "acme_app", "acme_app", "ACTIVATED", "2024-08-30T15:15:00Z"),
    ("PUSH", "acme_app_beta", "acme_app_beta", "ACTIVATED", "2024-09-02T09:40:00Z"),
    ("SMS", "+61255501234", "Acme AU", "ACTIVATED", "2025-01-10T22:10:00Z"),
)


def default_inventory() -> list[dict[str, Any]]:
    return [
        {"channel": c, "address": a, "displayName": d, "status": s, "createdAt": t}
        for c, a, d, s, t in DEFAULT_SENDERS
    ]


class SenderFactory:
    """Inventory entries to Senders: checked against the spec's Sender schema, with IDs that
    carry the spec's Sender prefix.

    The built-in default inventory is not re-checked at every start (that would compile the
    Sender schema, and import jsonschema, before the emulator answers anything);
    tests/emulator/models/test_inventory.py proves it valid against the spec instead."""

    def __init__(self, contract: Contract, prefix: str) -> None:
        self._contract = contract
        self._prefix = prefix

    @functools.cached_property
    def _validator(self) -> Draft202012Validator:
        return self._contract.validator({"$ref": "#/components/schemas/Sender"})

    def build(
        self, account_sid: str, entries: list[dict[str, Any]], *, check: bool | None = None
    ) -> list[Sender]:
        """Senders for `entries`; ValueError on an entry the spec refuses (checked unless they
        are the built-in default, or `check` says otherwise)."""
        if check is None:
            check = entries != default_inventory()
        validator = self._validator if check else None
        return _build_senders(validator, self._prefix, account_sid, entries)


def _build_senders(
    validator: Draft202012Validator | None,
    prefix: str,
    account_sid: str,
    entries: list[dict[str, Any]],
) -> list[Sender]:
    senders: list[Sender] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        try:
            senders.append(_build_sender(validator, prefix, account_sid, index, entry, seen))
        except (TypeError, AttributeError, KeyError, OverflowError) as error:
            # What the schema check (skipped for the default) would have said more clearly.
            raise ValueError(f"sender #{index}: not a valid Sender entry ({error})") from None
    return senders


def _build_sender(
    validator: Draft202012Validator | None,
    prefix: str,
    account_sid: str,
    index: int,
    entry: dict[str, Any],
    seen: set[str],
) -> Sender:
    if not isinstance(entry, dict):
        raise ValueError(f"sender #{index}: expected an object, got {type(entry).__name__}")
    created = entry.get("createdAt", "2024-01-01T00:00:00Z")
    created_ms = _date_ms(index, "createdAt", created)  # the ID is derived from it
    seed = hashlib.sha256(f"{account_sid}/{index}".encode()).digest()
    full = {
        "id": stable_id(prefix, created_ms, seed),
        "displayName": None,
        "tags": {},
        "createdAt": created,
        "updatedAt": created,
        **entry,
    }
    errors = (
        sorted(validator.iter_errors(full), key=lambda e: list(e.absolute_path))
        if validator is not None
        else []
    )
    if errors:
        where = "/".join(map(str, errors[0].absolute_path)) or "(root)"
        raise ValueError(
            f"sender #{index} ({full.get('address')!r}) at {where}: {errors[0].message}"
        )
    long = _long_string(full)
    if long is not None:
        raise ValueError(
            f"sender #{index} at {long}: a string longer than the emulator's limit of "
            f"{MAX_STRING:,} characters"
        )
    if full["id"] in seen:
        raise ValueError(f"sender #{index}: duplicate id {full['id']}")
    seen.add(full["id"])
    return Sender(
        id=full["id"],
        display_name=full["displayName"],
        address=full["address"],
        channel=full["channel"],
        status=full["status"],
        tags=dict(full["tags"]),
        created_ms=created_ms,
        updated_ms=_date_ms(index, "updatedAt", full["updatedAt"]),
    )


def _long_string(entry: dict[str, Any]) -> str | None:
    """Where the entry holds a string longer than the emulator stores (the schema has no limit
    for most of its strings), if anywhere."""
    for name, value in entry.items():
        values = [*value, *value.values()] if isinstance(value, dict) else [value]
        if any(isinstance(v, str) and len(v) > MAX_STRING for v in values):
            return name
    return None


def _date_ms(index: int, name: str, value: Any) -> int:
    try:
        if isinstance(value, str):
            return parse_rfc3339_ms(value)
    except (ValueError, OverflowError):
        pass
    raise ValueError(f"sender #{index} at {name}: {str(value)[:64]!r} is not an RFC 3339 date-time")


def load_inventory_file(path: Path) -> list[dict[str, Any]] | dict[str, list[dict[str, Any]]]:
    """Read and shape-check a sender file; raises ValueError with a readable message."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:  # ValueError: not UTF-8, or not JSON
        raise ValueError(f"cannot read sender file {path}: {error}") from error
    except RecursionError:  # nested past the parser's stack
        raise ValueError(f"cannot read sender file {path}: nested too deeply") from None
    if isinstance(data, list) or (
        isinstance(data, dict) and all(isinstance(v, list) for v in data.values())
    ):
        return data
    raise ValueError(f"{path}: expected a list of senders or an object of account SID -> list")


def inventory_for(
    account_sid: str, source: list[dict[str, Any]] | dict[str, list[dict[str, Any]]] | None
) -> list[dict[str, Any]]:
    if source is None:
        return default_inventory()
    if isinstance(source, list):
        return source
    return source.get(account_sid, default_inventory())


__all__ = [
    "SenderFactory",
    "default_inventory",
    "inventory_for",
    "load_inventory_file",
]
