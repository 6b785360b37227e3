"""One handler per operationId. Each takes a `Call` and returns a `Reply`; no HTTP objects."""

from __future__ import annotations

from comms_emulator.http.handlers import messages, operations, pools, senders
from comms_emulator.http.handlers._call import Call, Handler
from comms_emulator.http.reply import Reply

HANDLERS: dict[str, Handler] = {
    "listSenderPools": pools.list_sender_pools,
    "createSenderPool": pools.create_sender_pool,
    "fetchSenderPool": pools.fetch_sender_pool,
    "updateSenderPool": pools.update_sender_pool,
    "deleteSenderPool": pools.delete_sender_pool,
    "listSenderPoolSenders": pools.list_sender_pool_senders,
    "addSenderPoolSenders": pools.add_sender_pool_senders,
    "removeSenderPoolSender": pools.remove_sender_pool_sender,
    "listSenderPoolOperations": operations.list_sender_pool_operations,
    "fetchSenderPoolOperation": operations.fetch_sender_pool_operation,
    "listSenders": senders.list_senders,
    "fetchSender": senders.fetch_sender,
    "searchSenders": senders.search_senders,
    "resolveSenders": senders.resolve_senders,
    "sendMessages": messages.send_messages,
    "listMessages": messages.list_messages,
    "fetchMessage": messages.fetch_message,
    "listMessageOperations": messages.list_message_operations,
    "fetchMessageOperation": messages.fetch_message_operation,
}

__all__ = ["HANDLERS", "Call", "Handler", "Reply"]
