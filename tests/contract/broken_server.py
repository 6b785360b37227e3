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
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import uvicorn

from comms_emulator import EmulatorConfig, Progression, create_app
from comms_emulator._net import bind_socket
from comms_emulator._serve import GracefulServer
from comms_emulator.http import auth as auth_module
from comms_emulator.http import dispatch
from comms_emulator.http import errors as errors_module
from comms_emulator.http import reply as reply_module
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
    # The name the dispatcher sends every JSON answer through (`reply.json_messages`).
    original = reply_module.json_messages

    def messages(status: int, body: Any, headers: Mapping[str, str], encoded: Any) -> Any:
        if status != 204:
            return original(status, body, headers, encoded)
        return (
            {"type": "http.response.start", "status": 204, "headers": []},
            {"type": "http.response.body", "body": b""},
        )

    setattr(dispatch, "json_messages", messages)  # noqa: B010  # its own global, not the module's


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
        if self.operation.op_id == "createSenderPool":
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
# --- breakages of the promise catalogue's entry kinds (contract_tests/_promises.py) -----------
# Grouped: each group breaks several kinds at once, each seen by its own check, so one run
# proves them all (PROMISE_GROUPS; the verdicts stay distinguishable by kind and operation).


def _self_token_is_next() -> None:
    """`self` reads the next page, not this one again."""
    original = pagination.paginate

    def wrong_self(index: Any, **kwargs: Any) -> Any:
        page = original(index, **kwargs)
        return pagination.Page(page.items, page.next_token or page.self_token, page.next_token)

    pagination.paginate = wrong_self
    import comms_emulator.http.handlers._call as call_module

    call_module.paginate = wrong_self  # type: ignore[attr-defined]


def _names_cut_short() -> None:
    """A pool's name is stored cut to 255 characters (a column too narrow)."""
    for op_id in ("createSenderPool", "updateSenderPool"):
        original = HANDLERS[op_id]

        def cut(call: Call, original: Callable[[Call], Reply] = original) -> Reply:
            if isinstance(call.body, dict) and isinstance(call.body.get("name"), str):
                call.body["name"] = call.body["name"][:255]
            return original(call)

        HANDLERS[op_id] = cut


def _members_listed_twice() -> None:
    """A Sender added again to a pool it is in is listed once more."""
    readded: dict[str, set[str]] = {}
    add, listing = HANDLERS["addSenderPoolSenders"], HANDLERS["listSenderPoolSenders"]

    def add_again(call: Call) -> Reply:
        pool_id = call.path("senderPoolId")
        members = {s.id for s in call.account.pool(pool_id).members}
        again = {r["senderId"] for r in call.body if r["senderId"] in members}
        readded.setdefault(pool_id, set()).update(again)
        return add(call)

    def list_twice(call: Call) -> Reply:
        reply = listing(call)
        twice = readded.get(call.path("senderPoolId"), set())
        senders = [*reply.body["senders"], *(s for s in reply.body["senders"] if s["id"] in twice)]
        return Reply(reply.status, {**reply.body, "senders": senders}, reply.headers)

    HANDLERS["addSenderPoolSenders"], HANDLERS["listSenderPoolSenders"] = add_again, list_twice


def _remove_empties_the_pool() -> None:
    """Removing one member removes every member."""
    original = HANDLERS["removeSenderPoolSender"]

    def remove_all(call: Call) -> Reply:
        reply = original(call)
        pool = call.account.pool(call.path("senderPoolId"))
        for sender in list(pool.members):
            call.account.remove_sender(pool.id, sender.id)
        return reply

    HANDLERS["removeSenderPoolSender"] = remove_all


def _patch_location_misspelt() -> None:
    """A PATCH hands out a resourceLocation that does not resolve."""
    original = HANDLERS["updateSenderPool"]

    def misspelt(call: Call) -> Reply:
        reply = original(call)
        location = reply.body["resourceLocation"].replace("/SenderPools/", "/SenderPool/")
        return Reply(
            reply.status,
            {**reply.body, "resourceLocation": location},
            {**reply.headers, "Location": location},
        )

    HANDLERS["updateSenderPool"] = misspelt


def _resolve_ranks_deactivated() -> None:
    """Resolve without a pool ranks a DEACTIVATED Sender of the channel first."""
    from comms_emulator.models import messaging

    original = messaging.MessageBook.resolve

    def careless(self: Any, recipients: Any, source: Any, *args: Any, **kwargs: Any) -> Any:
        rankings = original(self, recipients, source, *args, **kwargs)
        if source.sender_pool_id is not None:
            return rankings
        asleep = [s for s in self._senders.all_senders() if s.status == "DEACTIVATED"]
        return [
            [*[s for s in asleep if s.channel == ranking[0].channel][:1], *ranking]
            if ranking
            else ranking
            for ranking in rankings
        ]

    messaging.MessageBook.resolve = careless  # type: ignore[method-assign]


def _pool_sender_dates_ignored() -> None:
    """A pool's Senders ignore startDate and endDate."""
    original = HANDLERS["listSenderPoolSenders"]

    def listing(call: Call) -> Reply:
        call.request.start_ms = call.request.end_ms = None  # the dates parsed, then dropped
        return original(call)

    HANDLERS["listSenderPoolSenders"] = listing


def _unknown_operation_is_400() -> None:
    """An unknown (well-formed) Operation ID answers 400, not 404."""
    from comms_emulator.http.errors import bad_request
    from comms_emulator.models.errors import ResourceNotFound

    original = HANDLERS["fetchSenderPoolOperation"]

    def fetch(call: Call) -> Reply:
        try:
            return original(call)
        except ResourceNotFound:
            raise bad_request("no such Operation") from None

    HANDLERS["fetchSenderPoolOperation"] = fetch


def _malformed_message_id_is_404() -> None:
    """A malformed Message ID is looked up (404) instead of refused (400)."""
    from comms_emulator.http.validation import RequestValidator

    original = RequestValidator.validate

    def lenient(self: Any, path: Any, query: Any, content_type: Any, raw_body: bytes) -> Any:
        if self.operation.op_id == "fetchMessage":
            path = {**path, "messageId": "comms_message_01h9krwprkeee8fzqspvwy6nq8"}
        return original(self, path, query, content_type, raw_body)

    RequestValidator.validate = lenient  # type: ignore[method-assign]


def _patch_takes_eleven_tags() -> None:
    """A PATCH with more than 10 tags is taken (the first 10 kept) instead of refused."""
    from comms_emulator.http.validation import RequestValidator

    original = RequestValidator.validate

    def lenient(self: Any, path: Any, query: Any, content_type: Any, raw_body: bytes) -> Any:
        if self.operation.op_id == "updateSenderPool":
            try:
                body = json.loads(raw_body)
            except ValueError:
                body = None
            if isinstance(body, dict) and isinstance(body.get("tags"), dict):
                body["tags"] = dict(list(body["tags"].items())[:10])
                raw_body = json.dumps(body).encode()
        return original(self, path, query, content_type, raw_body)

    RequestValidator.validate = lenient  # type: ignore[method-assign]


def _long_tag_values_taken() -> None:
    """A create's tag values past 256 characters are taken (cut to 256) instead of refused."""
    from comms_emulator.http.validation import RequestValidator

    original = RequestValidator.validate

    def lenient(self: Any, path: Any, query: Any, content_type: Any, raw_body: bytes) -> Any:
        if self.operation.op_id == "createSenderPool":
            try:
                body = json.loads(raw_body)
            except ValueError:
                body = None
            if isinstance(body, dict) and isinstance(body.get("tags"), dict):
                body["tags"] = {k: str(v)[:256] for k, v in body["tags"].items()}
                raw_body = json.dumps(body).encode()
        return original(self, path, query, content_type, raw_body)

    RequestValidator.validate = lenient  # type: ignore[method-assign]


def _ten_thousand_senders_refused() -> None:
    """A create with exactly the documented 10,000 Senders is refused."""
    from comms_emulator.http.errors import bad_request

    original = HANDLERS["createSenderPool"]

    def strict(call: Call) -> Reply:
        if isinstance(call.body, dict) and len(call.body.get("senders") or []) >= 10_000:
            raise bad_request("too many senders")
        return original(call)

    HANDLERS["createSenderPool"] = strict


def _pool_operation_filter_ignored() -> None:
    """GET /SenderPools?operationId= lists every pool, not the one the Operation made."""
    original = HANDLERS["listSenderPools"]

    def every_pool(call: Call) -> Reply:
        # A copy without it: a request's query is read-only (it may be shared).
        query = {k: v for k, v in call.request.query.items() if k != "operationId"}
        call.request = replace(call.request, query=query)
        return original(call)

    HANDLERS["listSenderPools"] = every_pool


def _wrong_secret_accepted() -> None:
    """A known account SID with any secret is let in."""
    original = auth_module.authenticate

    def lenient(world: Any, authorization: str | None) -> Any:
        import base64

        if authorization and authorization.startswith("Basic "):
            user = base64.b64decode(authorization[6:]).decode().partition(":")[0]
            if user in world.account_sids:
                return world.account(user)
        return original(world, authorization)

    auth_module.authenticate = lenient


def _senders_seen_across_accounts() -> None:
    """A Sender of another account is fetched by its ID."""
    from comms_emulator.models.errors import ResourceNotFound

    original = HANDLERS["fetchSender"]

    def fetch(call: Call) -> Reply:
        try:
            return original(call)
        except ResourceNotFound:
            for sid in call.world.account_sids:
                try:
                    sender = call.world.account(sid).sender(call.path("senderId"))
                except ResourceNotFound:
                    continue
                return Reply(200, sender_json(sender))
            raise

    HANDLERS["fetchSender"] = fetch


def _busy_without_retry_after() -> None:
    """429 and 503 answers say when to try again in no form a client can read."""
    original = dispatch._injected

    def unreadable(fault: Any) -> Any:
        error = original(fault)
        error.headers["Retry-After"] = "soon"
        return error

    dispatch._injected = unreadable


def _one_recipient_twice() -> None:
    """A send to several recipients messages the first of them twice."""
    from comms_emulator.models import messaging

    original = messaging.MessageBook.send

    def twice(self: Any, recipients: list[Any], *args: Any, **kwargs: Any) -> Any:
        extra = recipients[:1] if len(recipients) > 1 else []
        return original(self, [*recipients, *extra], *args, **kwargs)

    messaging.MessageBook.send = twice  # type: ignore[method-assign]


def _content_cut_short() -> None:
    """A Message's text is stored cut to 160 characters."""
    original = HANDLERS["sendMessages"]

    def cut(call: Call) -> Reply:
        content = call.body.get("content")
        if isinstance(content, dict) and isinstance(content.get("text"), str):
            call.body["content"] = {**content, "text": content["text"][:160]}
        return original(call)

    HANDLERS["sendMessages"] = cut


def _schedule_ignored() -> None:
    """A scheduled send goes out at once."""
    original = HANDLERS["sendMessages"]

    def now(call: Call) -> Reply:
        if isinstance(call.body, dict):
            call.body.pop("schedule", None)
        return original(call)

    HANDLERS["sendMessages"] = now


def _resolve_ignores_the_pool() -> None:
    """Resolve with a pool ranks every Sender of the account."""
    from comms_emulator.models import messaging

    original = messaging.MessageBook.resolve

    def anywhere(self: Any, recipients: Any, source: Any, *args: Any, **kwargs: Any) -> Any:
        if source.sender_pool_id is not None:
            source = messaging.From(None, None, None)
        return original(self, recipients, source, *args, **kwargs)

    messaging.MessageBook.resolve = anywhere  # type: ignore[method-assign]


def _pool_operations_stuck() -> None:
    """SenderPool Operations never leave PROCESSING."""
    from comms_emulator.models.account import AccountState

    def never(self: Any, operation: Any, apply: Any, progression: Any) -> Any:
        return operation

    AccountState._accept = never  # type: ignore[method-assign]


def _message_locations_lost() -> None:
    """A send's operationLocation names an Operation that is not there (404)."""
    original = HANDLERS["sendMessages"]

    def lost(call: Call) -> Reply:
        reply = original(call)
        location = reply.body["operationLocation"]
        # Another well-formed ID: the last character swapped within the alphabet.
        wrong = location[:-1] + ("0" if location[-1] != "0" else "1")
        return Reply(
            reply.status,
            {**reply.body, "operationLocation": wrong},
            {**reply.headers, "Location": wrong},
        )

    HANDLERS["sendMessages"] = lost


PROMISE_GROUPS: dict[str, list[Callable[[], None]]] = {
    "promises-pools": [
        _self_token_is_next,
        _names_cut_short,
        _pool_sender_dates_ignored,  # before the next, which wraps the list it leaves
        _members_listed_twice,
        _remove_empties_the_pool,
        _patch_location_misspelt,
        _resolve_ranks_deactivated,
        _unknown_operation_is_400,
        _malformed_message_id_is_404,
        _patch_takes_eleven_tags,
        _wrong_secret_accepted,
        _senders_seen_across_accounts,
        _busy_without_retry_after,
        _long_tag_values_taken,
        _ten_thousand_senders_refused,
    ],
    "pools-not-found-by-operation": [_pool_operation_filter_ignored],
    "promises-sends": [
        _one_recipient_twice,
        _content_cut_short,
        _schedule_ignored,
        _resolve_ignores_the_pool,
    ],
    "operations-stuck-and-lost": [_pool_operations_stuck, _message_locations_lost],
}


# What a busy, eventually consistent API does, all of it conforming: lists lag writes by a
# quarter second, 1 request in 12 answers 429 or 503 (seeded), no answer is instant. (The lag
# was 1 s: ~50 reads a run wait it out, so it cost 40 s a run and proved no more; any lag
# longer than the suite's first poll, 0.1 s, makes a read wait. The latency was 10 ms: the
# suite has no timeout near either value, so over ~3,000 requests a run the larger one only
# cost 20 s a run.)
VARIANCE: dict[str, Any] = {
    "consistency": Consistency.parse("eventual:0.25"),
    "fault_rate": 1 / 12,
    "fault_seed": 14,
    # Retry-After 0: the suite must still wait out every fault, but a run is not mostly sleeping.
    "fault_retry_after": 0,
    "latency": 0.003,
}


def main() -> None:
    variant = sys.argv[1]
    variance: dict[str, Any] = VARIANCE if "--variance" in sys.argv[2:] else {}
    if variant in PROMISE_GROUPS:
        for breakage in PROMISE_GROUPS[variant]:
            breakage()
    elif variant != "intact":
        {**DRIFTS, **DIFFERENCES}[variant]()
    # --progression=MODE:N: Operations that take time, a conforming target (for timings).
    progression = [a.partition("=")[2] for a in sys.argv[2:] if a.startswith("--progression=")]
    if progression:
        variance = {**variance, "progression": Progression.parse(progression[0])}
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
