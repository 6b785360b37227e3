"""The account's sender inventory (read-only, as in the API)."""

from __future__ import annotations

from comms_emulator.http.handlers._call import Call, Reply, list_reply
from comms_emulator.http.render import sender_json


def list_senders(call: Call) -> Reply:
    return list_reply(call, call.account.list_senders(call.filters), sender_json)


def fetch_sender(call: Call) -> Reply:
    return Reply(200, sender_json(call.account.sender(call.path("senderId"))))
