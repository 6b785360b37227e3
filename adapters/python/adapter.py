"""The sdk-check adapter for the kit's generated Python client (`generated/`): the reference.

    comms-conformance sdk-check --adapter "python adapters/python/adapter.py"

It reads one JSON request per line on stdin and answers one line on stdout
(docs/sdk-authors/sdk-check.md). Every action is one call of the generated client's own API:
its retry policy, timeouts, pagination (`sync_all`), Operation wait (`sync_wait`) and the
re-read of a lagging list (`sync_find`); nothing here adds behaviour the client lacks.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

# From a checkout: the generated client lives in generated/, beside the kit.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "generated"))

import httpx
from twilio_comms_sender_pools import ApiError, AuthenticatedClient, RetryPolicy
from twilio_comms_sender_pools.api.messages import send_messages
from twilio_comms_sender_pools.api.sender_pools import (
    add_sender_pool_senders,
    create_sender_pool,
    fetch_sender_pool,
    fetch_sender_pool_operation,
    list_sender_pools,
)
from twilio_comms_sender_pools.api.senders import list_senders
from twilio_comms_sender_pools.errors import NotListed, OperationTimeout
from twilio_comms_sender_pools.models import (
    AddressRecipient,
    CreateSenderPoolRequest,
    MessageContentTextWithMedia,
    SenderPoolFrom,
    SenderReference,
    SendMessagesRequest,
)
from twilio_comms_sender_pools.types import UNSET, present

ACTIONS = [
    "listSenders",
    "listAllSenderPools",
    "fetchSenderPool",
    "createSenderPool",
    "addSenders",
    "sendMessage",
    "waitForOperation",
    "findSenderPool",
]
# The client's RetryPolicy retries 429/503 on reads (honouring Retry-After), never a POST by
# default; every request has a timeout.
FEATURES = ["retries", "timeouts"]
POLL_INTERVAL = 0.1  # sync_wait's first interval; the emulator answers at once


def _client(request: dict[str, Any]) -> AuthenticatedClient:
    credentials = request["credentials"]
    return AuthenticatedClient(
        base_url=request["baseUrl"],
        username=credentials["username"],
        password=credentials["password"],
        timeout=httpx.Timeout(float(request.get("timeout", 10))),
        retry=RetryPolicy(),  # the client's defaults: 3 retries of reads
    )


def _value(field: Any) -> Any:
    return getattr(field, "value", field)  # an enum member, or a value the client did not know


def _act(action: str, args: dict[str, Any], client: AuthenticatedClient) -> dict[str, Any]:
    page_size = args.get("pageSize", UNSET)
    if action == "listSenders":
        senders = list_senders.sync_all(
            client=client,
            channel=args.get("channel", UNSET),
            status=args.get("status", UNSET),
            page_size=page_size,
        )
        return {"ids": [s.id for s in senders]}
    if action == "listAllSenderPools":
        pools = list_sender_pools.sync_all(
            client=client, operation_id=args.get("operationId", UNSET), page_size=page_size
        )
        return {"ids": [p.id for p in pools]}
    if action == "fetchSenderPool":
        pool = fetch_sender_pool.call(args["senderPoolId"], client=client)
        return {"id": pool.id, "name": pool.name}
    if action == "createSenderPool":
        body = CreateSenderPoolRequest(
            name=args.get("name", UNSET),
            tags=args.get("tags", UNSET),
            senders=[SenderReference(sender_id=i) for i in args.get("senderIds", [])] or UNSET,
        )
        accepted = create_sender_pool.call(client=client, body=body)
        return {"operationId": present(accepted.operation_id)}
    if action == "addSenders":
        references = [SenderReference(sender_id=i) for i in args["senderIds"]]
        accepted = add_sender_pool_senders.call(
            args["senderPoolId"], client=client, body=references
        )
        return {"operationId": present(accepted.operation_id)}
    if action == "sendMessage":
        message = SendMessagesRequest(
            from_=SenderPoolFrom(sender_pool_id=args["senderPoolId"]),
            to=[AddressRecipient(address=args["to"]["address"], channel=args["to"]["channel"])],
            content=MessageContentTextWithMedia(text=args["text"]),
        )
        accepted = send_messages.call(client=client, body=message)
        return {"operationId": present(accepted.operation_id)}
    if action == "waitForOperation":
        operation = fetch_sender_pool_operation.sync_wait(
            args["operationId"],
            client=client,
            timeout=float(args["deadline"]),
            poll_interval=POLL_INTERVAL,
        )
        return {"status": _value(operation.status)}
    if action == "findSenderPool":
        found = list_sender_pools.sync_find(
            args["operationId"], client=client, timeout=float(args["deadline"])
        )
        return {"id": found[0].id}
    raise LookupError(action)


def answer(request: dict[str, Any]) -> dict[str, Any]:
    action = request.get("action")
    if action == "hello":
        return {
            "result": {"name": "generated Python client", "actions": ACTIONS, "features": FEATURES}
        }
    if action not in ACTIONS:
        return {"unsupported": f"the generated client has no helper for {action}"}
    try:
        with _client(request) as client:
            return {"result": _act(str(action), request.get("args", {}), client)}
    except ApiError as error:
        return {
            "error": {
                "kind": "api",
                "status": error.status_code,
                "code": error.code,
                "message": error.message,
                "headers": dict(error.headers),
            }
        }
    except (OperationTimeout, NotListed, httpx.TimeoutException) as error:
        return {"error": {"kind": "timeout", "message": str(error)}}
    except httpx.TransportError as error:
        return {"error": {"kind": "transport", "message": f"{type(error).__name__}: {error}"}}
    except Exception as error:  # the client itself failed: what sdk-check calls a client error
        return {"error": {"kind": "client", "message": f"{type(error).__name__}: {error}"}}


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("action") == "bye":
            return
        print(json.dumps({"id": request["id"], **answer(request)}), flush=True)


if __name__ == "__main__":
    main()
