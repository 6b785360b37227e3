"""Records to JSON, as the spec's schemas shape them, and the URLs the API hands out."""

from __future__ import annotations

from typing import Any

from comms_emulator.models.clock import to_rfc3339
from comms_emulator.models.pagination import Page
from comms_emulator.models.records import Operation, Sender, SenderPool


def pool_json(pool: SenderPool) -> dict[str, Any]:
    return {
        "id": pool.id,
        "name": pool.name,
        "tags": dict(pool.tags),
        "createdAt": to_rfc3339(pool.created_ms),
        "updatedAt": to_rfc3339(pool.updated_ms),
    }


def sender_json(sender: Sender) -> dict[str, Any]:
    return {
        "id": sender.id,
        "displayName": sender.display_name,
        "address": sender.address,
        "channel": sender.channel,
        "status": sender.status,
        "tags": dict(sender.tags),
        "createdAt": to_rfc3339(sender.created_ms),
        "updatedAt": to_rfc3339(sender.updated_ms),
    }


def operation_json(operation: Operation) -> dict[str, Any]:
    return {
        "id": operation.id,
        "status": operation.status,
        "stats": {
            "total": operation.total,
            "queued": operation.queued,
            "created": operation.created,
            "failed": operation.failed,
        },
        "createdAt": to_rfc3339(operation.created_ms),
        "updatedAt": to_rfc3339(operation.updated_ms),
    }


def page_json(collection: str, page: Page[Any], item_json: Any) -> dict[str, Any]:
    return {
        collection: [item_json(item) for item in page.items],
        "pagination": {"next": page.next_token, "self": page.self_token},
    }


def pool_url(api_base: str, pool_id: str) -> str:
    return f"{api_base}/SenderPools/{pool_id}"


def sender_url(api_base: str, sender_id: str) -> str:
    return f"{api_base}/Senders/{sender_id}"


def operation_url(api_base: str, operation_id: str) -> str:
    # One fetch route for every SenderPool Operation (an inferred decision, see the spec).
    return f"{api_base}/SenderPools/Operations/{operation_id}"
