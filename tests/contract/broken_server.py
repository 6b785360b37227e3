"""An emulator with one deliberate drift, served over HTTP, for proving the suite catches it.

    python -m tests.contract.broken_server VARIANT   (VARIANT: see DRIFTS, DIFFERENCES, "intact")
    python -m tests.contract.broken_server VARIANT [--variance]
        (VARIANT: see DRIFTS, or "intact")

Prints {"url": ...} when ready. Self-check is off: the point is to let the drift through.
`--variance` turns on the conforming variance of a busy, eventually consistent API (VARIANCE):
the drift must still be caught, and the intact emulator must still have no findings.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import uvicorn

from comms_emulator import EmulatorConfig, create_app
from comms_emulator._net import bind_socket
from comms_emulator._serve import GracefulServer
from comms_emulator.http import auth as auth_module
from comms_emulator.http import dispatch
from comms_emulator.http import errors as errors_module
from comms_emulator.http.handlers import HANDLERS, Call, Reply, pools
from comms_emulator.http.handlers._call import list_reply
from comms_emulator.http.render import sender_json
from comms_emulator.models import pagination
from comms_emulator.models.consistency import Consistency
from comms_spec import Contract
from contract_tests._target import EMULATOR_ACCOUNTS


def _missing_required_field() -> None:
    def fetch(call: Call) -> Reply:
        reply = pools.fetch_sender_pool(call)
        # A new body (the emulator's is a shared, reused rendering), sent as it is.
        body = {k: v for k, v in reply.body.items() if k != "updatedAt"}
        return Reply(reply.status, body, reply.headers)

    HANDLERS["fetchSenderPool"] = fetch


def _undeclared_status() -> None:
    def delete(call: Call) -> Reply:
        reply = pools.delete_sender_pool(call)
        return Reply(200, reply.body)  # the spec declares 202

    HANDLERS["deleteSenderPool"] = delete


def _delete_does_not_delete() -> None:
    def delete(call: Call) -> Reply:
        pool_id = call.path("senderPoolId")
        call.account.pool(pool_id)  # 404 for unknown pools, as before
        return Reply(
            202,
            {"resourceId": pool_id, "resourceLocation": f"{call.api_base}/SenderPools/{pool_id}"},
        )

    HANDLERS["deleteSenderPool"] = delete


def _ignored_filters() -> None:
    def list_all(call: Call) -> Reply:
        return list_reply(call, call.account.list_senders({}), sender_json)

    HANDLERS["listSenders"] = list_all


def _auth_not_enforced() -> None:
    original = auth_module.authenticate

    def lenient(world: Any, authorization: str | None) -> Any:
        if not authorization:
            return world.account(world.account_sids[0])
        return original(world, authorization)

    auth_module.authenticate = lenient  # what the dispatcher's credential cache calls


def _broken_pagination() -> None:
    original = pagination.paginate

    def skipping(index: Any, **kwargs: Any) -> Any:
        page = original(index, **kwargs)
        if page.next_token is None:
            return page
        # Off by one: the next page starts one item too late.
        key = kwargs["codec"].decode(kwargs["scope"], page.next_token)
        later = original(index, **{**kwargs, "cursor": key, "page_size": 1})
        return pagination.Page(page.items, page.self_token, later.next_token)

    pagination.paginate = skipping
    import comms_emulator.http.handlers._call as call_module

    call_module.paginate = skipping  # type: ignore[attr-defined]


def _uses_deactivated_senders() -> None:
    from comms_emulator.models import messaging, routing

    original = routing.rank_senders

    def careless(recipients: Any, candidates: Any, *rest: Any, **options: Any) -> Any:
        awake = [replace(s, status="ACTIVATED") for s in candidates]
        return original(recipients, awake, *rest, **options)

    messaging.rank_senders = careless  # type: ignore[attr-defined]


def _resolve_disagrees_with_sends() -> None:
    from comms_emulator.models import messaging

    original = messaging.MessageBook.resolve

    def reversed_ranking(self: Any, *args: Any, **kwargs: Any) -> Any:
        # Ranks the right Senders, but not in the order a send picks them.
        return [ranking[::-1] for ranking in original(self, *args, **kwargs)]

    messaging.MessageBook.resolve = reversed_ranking  # type: ignore[method-assign]


def _search_ignores_channel() -> None:
    def search(call: Call) -> Reply:
        found = call.account.list_senders({"address": call.body["address"]})
        return list_reply(call, found, sender_json)

    HANDLERS["searchSenders"] = search


# Behavioural differences the spec may allow but the real API would not show: for parity.


def _delete_answers_204() -> None:
    def delete(call: Call) -> Reply:
        pools.delete_sender_pool(call)
        return Reply(204, None)

    HANDLERS["deleteSenderPool"] = delete
    original = dispatch._send_json

    async def send_json(
        send: Any, status: int, body: Any, headers: dict[str, str], encoded: Any = None
    ) -> None:
        if status != 204:
            await original(send, status, body, headers, encoded)
            return
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    dispatch._send_json = send_json


def _errors_in_another_shape() -> None:
    def body(self: Any, status: int, message: str, details: Any = None) -> dict[str, Any]:
        return {"error": {"httpStatus": status, "description": message}}

    errors_module.ErrorBodies.body = body  # type: ignore[method-assign]


def _tags_merged() -> None:
    def update(call: Call) -> Reply:
        tags = call.body.get("tags")
        if isinstance(tags, dict):
            call.body["tags"] = {**call.account.pool(call.path("senderPoolId")).tags, **tags}
        return pools.update_sender_pool(call)

    HANDLERS["updateSenderPool"] = update


DIFFERENCES: dict[str, Callable[[], None]] = {
    "delete-answers-204": _delete_answers_204,
    "errors-in-another-shape": _errors_in_another_shape,
    "tags-merged": _tags_merged,
}


def _ignores_the_pool() -> None:
    """Sends "from a pool" using any sender of the account, with the pool's id on the Message:
    only a pool holding a strict subset of the account's senders can tell."""
    from comms_emulator.models import messaging

    original = messaging.MessageBook._candidates

    def anywhere(self: Any, source: Any, *args: Any, **kwargs: Any) -> Any:
        original(self, source, *args, **kwargs)  # an unknown pool is still rejected
        senders = list(self._senders.all_senders())
        return senders[::-1]  # prefer the senders a correct server would not use

    messaging.MessageBook._candidates = anywhere  # type: ignore[method-assign]


def _added_field() -> None:
    """Additive drift: the API grew a field and a header the spec does not declare yet."""

    def fetch(call: Call) -> Reply:
        reply = pools.fetch_sender_pool(call)
        return Reply(
            reply.status,
            {**reply.body, "region": "us1"},
            {**reply.headers, "X-Shard": "7"},
        )

    HANDLERS["fetchSenderPool"] = fetch


def _accepts_a_wrong_typed_name() -> None:
    """Validation drift: a pool `name` that is not a string is taken (as its text) instead of
    refused with 400. Only a body with that field of the wrong type can tell."""
    from comms_emulator.http.validation import RequestValidator

    original = RequestValidator.validate

    def lenient(self: Any, path: Any, query: Any, content_type: Any, raw_body: bytes) -> Any:
        if self.operation.operation_id == "createSenderPool":
            try:
                body = json.loads(raw_body)
            except ValueError:
                body = None
            if isinstance(body, dict) and "name" in body and not isinstance(body["name"], str):
                raw_body = json.dumps({**body, "name": json.dumps(body["name"])}).encode()
        return original(self, path, query, content_type, raw_body)

    RequestValidator.validate = lenient  # type: ignore[method-assign]


def _preview_vanishes() -> None:
    """A declared server gone: `/preview` answers 404 to everything, `/v1` is intact."""
    original = dispatch.Api.match

    def v1_only(self: Any, path: str) -> Any:
        return None if path.startswith("/preview/") else original(self, path)

    dispatch.Api.match = v1_only  # type: ignore[method-assign]


DRIFTS: dict[str, Callable[[], None]] = {
    "missing-required-field": _missing_required_field,
    "undeclared-status": _undeclared_status,
    "delete-does-not-delete": _delete_does_not_delete,
    "ignored-filters": _ignored_filters,
    "auth-not-enforced": _auth_not_enforced,
    "broken-pagination": _broken_pagination,
    "uses-deactivated-senders": _uses_deactivated_senders,
    "resolve-disagrees-with-sends": _resolve_disagrees_with_sends,
    "search-ignores-channel": _search_ignores_channel,
    "added-field": _added_field,
    "ignores-the-pool": _ignores_the_pool,
    "accepts-a-wrong-typed-name": _accepts_a_wrong_typed_name,
    "preview-vanishes": _preview_vanishes,
}
# What a busy, eventually consistent API does, all of it conforming: lists lag writes by a
# second, 1 request in 12 answers 429 or 503 (seeded), no answer is instant. (The latency was
# 10 ms: the suite has no timeout near either value, so over ~3,000 requests a run the larger
# one only cost 20 s a run.)
VARIANCE: dict[str, Any] = {
    "consistency": Consistency.parse("eventual:1"),
    "fault_rate": 1 / 12,
    "fault_seed": 14,
    # Retry-After 0: the suite must still wait out every fault, but a run is not mostly sleeping.
    "fault_retry_after": 0,
    "latency": 0.003,
}


def main() -> None:
    variant = sys.argv[1]
    variance: dict[str, Any] = VARIANCE if "--variance" in sys.argv[2:] else {}
    if variant != "intact":
        {**DRIFTS, **DIFFERENCES}[variant]()
    config = EmulatorConfig(accounts=dict(EMULATOR_ACCOUNTS), self_check=False, **variance)
    app = create_app(config, Contract.load())
    sock = bind_socket("127.0.0.1", 0)
    sock.listen(128)
    ready = json.dumps({"url": f"http://127.0.0.1:{sock.getsockname()[1]}"})
    GracefulServer(uvicorn.Config(app, log_level="warning", lifespan="off"), ready).run(
        sockets=[sock]
    )


if __name__ == "__main__":
    main()
