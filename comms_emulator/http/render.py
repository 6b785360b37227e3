"""Records to JSON, as the spec's schemas shape them, and the URLs the API hands out."""

from __future__ import annotations

from typing import Any

from comms_emulator.models.clock import to_rfc3339
from comms_emulator.models.pagination import Page
from comms_emulator.models.records import (
    Message,
    MessageOperation,
    PoolOperation,
    Sender,
    SenderPool,
)
from comms_emulator.models.routing import Recipient

NOT_YET_ATTEMPTED = frozenset({"SCHEDULED", "QUEUED"})


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


def resolved_sender_json(sender: Sender, recipient: Recipient, priority: int) -> dict[str, Any]:
    """One result of Resolve: the Sender, the recipient it would serve, and its rank."""
    return {
        "from": {
            "senderId": sender.id,
            "displayName": sender.display_name,
            "channel": sender.channel,
            "address": sender.address,
        },
        "to": {"address": recipient.address, "channel": recipient.channel},
        "priority": priority,
    }


def operation_json(operation: PoolOperation) -> dict[str, Any]:
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


def message_operation_url(api_base: str, operation_id: str) -> str:
    return f"{api_base}/Messages/Operations/{operation_id}"


def message_json(message: Message, api_base: str) -> dict[str, Any]:
    """A Message as lists show it (the spec's MessageMetadata)."""
    sender: dict[str, Any] = {"senderId": message.sender_id}
    if message.sender_pool_id is not None:
        sender["senderPoolId"] = message.sender_pool_id
    sender |= {"address": message.from_address, "channel": message.from_channel}
    return {
        "id": message.id,
        "from": sender,
        # An array (the Message resource: "of size 1, except for Group Messaging").
        "to": [_recipient_json(message)],
        "status": message.status,
        "related": [
            {
                "name": "OPERATION",
                "id": message.operation_id,
                "uri": message_operation_url(api_base, message.operation_id),
            }
        ],
        "tags": dict(message.tags),
        "scheduledFor": None if message.scheduled_ms is None else to_rfc3339(message.scheduled_ms),
        "createdAt": to_rfc3339(message.created_ms),
        "updatedAt": to_rfc3339(message.updated_ms),
        "deletedAt": None,
    }


def _recipient_json(message: Message) -> dict[str, Any]:
    """Who the Message went to, as the send named them: the address used, and the profile and
    variables when the send gave them."""
    recipient: dict[str, Any] = {"address": message.to_address, "channel": message.to_channel}
    if message.to_profile is not None:
        recipient["profileId"], recipient["memoryStoreId"] = message.to_profile
    if message.to_variables is not None:
        recipient["variables"] = dict(message.to_variables)
    return recipient


def full_message_json(message: Message, api_base: str) -> dict[str, Any]:
    """A Message as a fetch shows it: with its content and delivery attempts."""
    attempt = {
        "id": message.attempt_id,
        "status": message.status,
        "createdAt": to_rfc3339(message.updated_ms),
    }
    return {
        **message_json(message, api_base),
        "content": dict(message.content),
        # A Message still waiting for its schedule (or queued after it) has not been tried yet.
        "attempts": [] if message.status in NOT_YET_ATTEMPTED else [attempt],
    }


def message_operation_json(operation: MessageOperation) -> dict[str, Any]:
    return {
        "id": operation.id,
        "status": operation.status,
        "stats": dict(operation.stats),  # the spec's counters, in its order
        "createdAt": to_rfc3339(operation.created_ms),
        "updatedAt": to_rfc3339(operation.updated_ms),
    }
