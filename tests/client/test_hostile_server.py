"""The generated client against a hostile-but-legal server (issue 13's numbered cases), sync and
async, through `httpx.MockTransport` under the client's own retry layer (and, for timeouts, a
socket that accepts and never answers)."""

from __future__ import annotations

import asyncio
import importlib
import json
import pkgutil
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime
from itertools import islice
from types import ModuleType
from typing import Any

import httpx
import pytest
import twilio_comms_sender_pools.api as api_package
from twilio_comms_sender_pools import AuthenticatedClient, Client, RetryPolicy, errors
from twilio_comms_sender_pools import client as client_module
from twilio_comms_sender_pools.api.sender_pools import (
    create_sender_pool,
    delete_sender_pool,
    fetch_sender_pool,
    fetch_sender_pool_operation,
    list_sender_pools,
    update_sender_pool,
)
from twilio_comms_sender_pools.api.senders import list_senders
from twilio_comms_sender_pools.models import (
    AddressFrom,
    AddressRecipient,
    CommsError,
    CreateSenderPoolRequest,
    MessageSenderChannel,
    OperationStatus,
    SenderCommunicationChannel,
    UpdateSenderPoolRequest,
)
from twilio_comms_sender_pools.types import Unset

POOL = "comms_senderpool_01h9krwprkeee8fzqspvwy6nq8"
OPERATION = "comms_operation_01h9krwprkeee8fzqspvwy6nq8"
WHEN = "2024-01-01T00:00:00Z"
Handler = Callable[[httpx.Request], httpx.Response]
MODES = ["sync", "async"]


def _operation(status: str) -> dict[str, Any]:
    stats = {"total": 1, "queued": 1, "created": 0, "failed": 0}
    return {"id": OPERATION, "status": status, "stats": stats, "createdAt": WHEN, "updatedAt": WHEN}


def _sender(n: int, channel: str = "SMS") -> dict[str, Any]:
    return {
        "id": f"comms_sender_01h9krwprkeee8fzqspvwy6n{n:02d}",
        "displayName": None,
        "address": f"+1555000{n:04d}",
        "channel": channel,
        "status": "ACTIVATED",
        "tags": {},
        "createdAt": WHEN,
        "updatedAt": WHEN,
    }


def _client(handler: Handler, **kwargs: Any) -> AuthenticatedClient:
    mock = httpx.MockTransport(handler)
    return AuthenticatedClient(
        "https://comms.example/v1",
        username="AC123",
        password="secret",
        transport=mock,
        async_transport=mock,
        **kwargs,
    )


def run(
    mode: str,
    handler: Handler,
    sync: Callable[..., Any],
    asynchronous: Callable[..., Any],
    client_options: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Any:
    """`sync(client=…, **kwargs)`, or `asynchronous(…)` awaited, on a fresh client (made with
    `client_options`); iterators (sync or async) are drained into a list."""
    client = _client(handler, **(client_options or {}))
    if mode == "sync":
        with client:
            result = sync(client=client, **kwargs)
            return list(result) if isinstance(result, Iterator) else result

    async def main() -> Any:
        async with client:
            result = asynchronous(client=client, **kwargs)
            if isinstance(result, AsyncIterator):
                return [item async for item in result]
            return await result

    return asyncio.run(main())


# 1. Default timeouts; a server that accepts and never answers cannot block a wait.


def test_every_client_has_connect_and_read_timeouts_by_default() -> None:
    for client in (Client(), AuthenticatedClient(username="AC1", password="x")):
        for httpx_client in (client.get_httpx_client(), client.get_async_httpx_client()):
            timeout = httpx_client.timeout
            assert timeout.connect is not None
            assert timeout.read is not None
            assert 0 < timeout.connect <= 60
            assert 0 < timeout.read <= 60


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A base URL whose server accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"


@pytest.mark.parametrize("retry", [RetryPolicy(), None], ids=["retries", "no-retries"])
@pytest.mark.parametrize("mode", MODES)
def test_wait_on_a_silent_server_ends_at_its_deadline(
    silent_server: str, mode: str, retry: RetryPolicy | None
) -> None:
    client = AuthenticatedClient(silent_server, username="AC1", password="x", retry=retry)
    outcome: list[BaseException | None] = []

    def wait() -> None:
        try:
            if mode == "sync":
                with client:
                    fetch_sender_pool_operation.sync_wait(OPERATION, client=client, timeout=1)
            else:

                async def main() -> None:
                    async with client:
                        await fetch_sender_pool_operation.asyncio_wait(
                            OPERATION, client=client, timeout=1
                        )

                asyncio.run(main())
            outcome.append(None)
        except BaseException as error:
            outcome.append(error)

    started = time.monotonic()
    waiter = threading.Thread(target=wait, daemon=True)
    waiter.start()
    waiter.join(6)
    assert not waiter.is_alive(), "sync_wait(timeout=1) still blocked after 6 s"
    assert time.monotonic() - started < 3
    assert isinstance(outcome[0], errors.OperationTimeout)
    assert outcome[0].operation is None


# 2. The wait's timeout is a deadline for retries and Retry-After waits too.


@pytest.mark.parametrize("mode", MODES)
def test_retry_after_waits_do_not_outlive_the_deadline(mode: str) -> None:
    def busy(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            429,
            json={"code": 20429, "message": "slow down", "status": 429},
            headers={"Retry-After": "3"},
        )

    started = time.monotonic()
    with pytest.raises(errors.OperationTimeout):
        run(
            mode,
            busy,
            fetch_sender_pool_operation.sync_wait,
            fetch_sender_pool_operation.asyncio_wait,
            operation_id=OPERATION,
            timeout=1,
        )
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("mode", MODES)
def test_a_wait_polls_again_after_busy_answers_within_its_deadline(mode: str) -> None:
    answers = iter([429, 503])

    def handler(request: httpx.Request) -> httpx.Response:
        status = next(answers, 200)
        if status != 200:
            return httpx.Response(status, text="busy", headers={"Retry-After": "0"})
        return httpx.Response(200, json=_operation("COMPLETED"))

    operation = run(
        mode,
        handler,
        fetch_sender_pool_operation.sync_wait,
        fetch_sender_pool_operation.asyncio_wait,
        client_options={"retry": None},
        operation_id=OPERATION,
        timeout=5,
        poll_interval=0.01,
    )
    assert operation.status == OperationStatus.COMPLETED


@pytest.mark.parametrize("mode", MODES)
def test_a_wait_polls_again_after_a_poll_times_out_early(mode: str) -> None:
    polls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        polls.append(request)
        if len(polls) == 1:
            raise httpx.ReadTimeout("no answer in time", request=request)
        return httpx.Response(200, json=_operation("COMPLETED"))

    operation = run(
        mode,
        handler,
        fetch_sender_pool_operation.sync_wait,
        fetch_sender_pool_operation.asyncio_wait,
        operation_id=OPERATION,
        timeout=5,
        poll_interval=0.01,
    )
    assert operation.status == OperationStatus.COMPLETED
    assert len(polls) == 2


def test_inside_a_deadline_a_retry_that_would_end_too_late_is_not_made() -> None:
    sent: list[httpx.Request] = []

    def busy(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(503, text="busy", headers={"Retry-After": "5"})

    client = _client(busy)
    with client, client_module.deadline(1), pytest.raises(errors.ApiError) as raised:
        fetch_sender_pool.call(POOL, client=client)
    assert len(sent) == 1
    assert raised.value.retry_after == "5"


# 3. Any error body becomes an ApiError that keeps the status, headers and body.

HOSTILE_ERRORS = [
    pytest.param(503, b"<html><body>Service Unavailable</body></html>", "text/html", id="html-503"),
    pytest.param(404, b"", "application/json", id="empty-404"),
    pytest.param(400, b'{"code": 20400, "message": "bad"}', "application/json", id="no-status"),
    pytest.param(500, b'{"code": 20500, "mess', "application/json", id="truncated-json"),
    pytest.param(429, b'["not", "an", "object"]', "application/json", id="json-array"),
    pytest.param(520, b"<html>origin error</html>", "text/html", id="nonstandard-status"),
    pytest.param(
        502,
        b'{"code": 20502, "message": "gateway", "status": 502}',
        "application/json",
        id="undocumented-status",
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("status", "body", "content_type"), HOSTILE_ERRORS)
def test_any_error_body_becomes_api_error(
    mode: str, status: int, body: bytes, content_type: str
) -> None:
    headers = {"Content-Type": content_type, "Retry-After": "0", "Twilio-Request-Id": "RQ123"}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers=headers)

    detailed = run(
        mode,
        handler,
        fetch_sender_pool.sync_detailed,
        fetch_sender_pool.asyncio_detailed,
        sender_pool_id=POOL,
    )
    assert detailed.status_code == status
    assert detailed.parsed is None or isinstance(detailed.parsed, CommsError)
    with pytest.raises(errors.ApiError) as raised:
        run(mode, handler, fetch_sender_pool.call, fetch_sender_pool.acall, sender_pool_id=POOL)
    error = raised.value
    assert (error.status_code, error.content) == (status, body)
    assert error.retry_after == "0"
    assert error.request_id == "RQ123"
    assert error.headers["content-type"] == content_type
    parses = body.startswith(b"{") and body.endswith(b"}")
    assert isinstance(error.error, CommsError) is parses
    if parses:
        assert error.code == json.loads(body)["code"]
        assert error.message == json.loads(body)["message"]
    assert str(status) in str(error)


@pytest.mark.parametrize("mode", MODES)
def test_an_accepted_create_without_operation_location_keeps_the_operation_id(mode: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(202, json={"operationId": OPERATION})

    accepted = run(
        mode,
        handler,
        create_sender_pool.sync,
        create_sender_pool.asyncio,
        body=CreateSenderPoolRequest(name="p"),
    )
    assert accepted.operation_id == OPERATION
    assert isinstance(accepted.operation_location, Unset)


@pytest.mark.parametrize("mode", MODES)
def test_a_success_body_missing_a_documented_field_keeps_status_and_body(mode: str) -> None:
    body = {"id": POOL, "tags": {}, "createdAt": WHEN, "updatedAt": WHEN}  # no "name"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body, headers={"Twilio-Request-Id": "RQ9"})

    with pytest.raises(errors.UnreadableResponse) as raised:
        run(
            mode,
            handler,
            fetch_sender_pool.sync_detailed,
            fetch_sender_pool.asyncio_detailed,
            sender_pool_id=POOL,
        )
    assert raised.value.status_code == 200
    assert json.loads(raised.value.content) == body
    assert raised.value.request_id == "RQ9"
    assert isinstance(raised.value, errors.ApiError)


@pytest.mark.parametrize("mode", MODES)
def test_an_empty_undocumented_success_reads_as_far_as_the_spec_allows(mode: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(204 if request.method == "DELETE" else 200)  # both empty

    deleted = run(
        mode, handler, delete_sender_pool.call, delete_sender_pool.acall, sender_pool_id=POOL
    )
    assert isinstance(deleted.resource_id, Unset)  # every field of it is tolerated missing
    with pytest.raises(errors.UnreadableResponse):  # a SenderPool's fields are documented
        run(mode, handler, fetch_sender_pool.call, fetch_sender_pool.acall, sender_pool_id=POOL)


# 4. A new enum value is kept, and a wait treats it as still running until its deadline.


@pytest.mark.parametrize("mode", MODES)
def test_an_unknown_operation_status_is_kept_and_waited_out(mode: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=_operation("FAILED"))

    with pytest.raises(errors.OperationTimeout) as raised:
        run(
            mode,
            handler,
            fetch_sender_pool_operation.sync_wait,
            fetch_sender_pool_operation.asyncio_wait,
            operation_id=OPERATION,
            timeout=0.3,
            poll_interval=0.1,
        )
    assert raised.value.status == "FAILED"
    assert raised.value.operation.status == "FAILED"
    assert "FAILED" in str(raised.value)
    operation = run(
        mode,
        handler,
        fetch_sender_pool_operation.call,
        fetch_sender_pool_operation.acall,
        operation_id=OPERATION,
    )
    assert operation.status == "FAILED"
    assert not isinstance(operation.status, OperationStatus)


@pytest.mark.parametrize("mode", MODES)
def test_known_statuses_are_still_enum_members(mode: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=_operation("COMPLETED"))

    operation = run(
        mode,
        handler,
        fetch_sender_pool_operation.sync_wait,
        fetch_sender_pool_operation.asyncio_wait,
        operation_id=OPERATION,
        timeout=1,
    )
    assert operation.status is OperationStatus.COMPLETED


@pytest.mark.parametrize("mode", MODES)
def test_an_unknown_channel_in_a_list_is_kept(mode: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        page = {"senders": [_sender(1), _sender(2, "CARRIER_PIGEON")], "pagination": {"next": None}}
        return httpx.Response(200, json=page)

    senders = run(mode, handler, list_senders.sync_all, list_senders.asyncio_all)
    assert [s.channel for s in senders] == [SenderCommunicationChannel.SMS, "CARRIER_PIGEON"]


# 5. Pagination: a repeated token is an error, a URL-valued `next` is reduced to its token.


@pytest.mark.parametrize("mode", MODES)
def test_a_repeated_page_token_raises_instead_of_looping(mode: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        page = {"senders": [_sender(1)], "pagination": {"self": "x", "next": "same"}}
        return httpx.Response(200, json=page)

    def capped(**kwargs: Any) -> list[Any]:
        return list(islice(list_senders.sync_all(**kwargs), 50))

    async def acapped(**kwargs: Any) -> list[Any]:
        found = []
        async for sender in list_senders.asyncio_all(**kwargs):
            found.append(sender)
            if len(found) == 50:
                break
        return found

    with pytest.raises(errors.PaginationLoop) as raised:
        run(mode, handler, capped, acapped)
    assert raised.value.token == "same"
    assert raised.value.status_code == 200


@pytest.mark.parametrize("mode", MODES)
def test_a_url_valued_next_is_followed_by_its_page_token(mode: str) -> None:
    tokens: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        tokens.append(request.url.params.get("pageToken"))
        if len(tokens) == 1:
            url = "https://comms.twilio.com/v1/Senders?pageSize=1&pageToken=PAGE2"
            page = {"senders": [_sender(1)], "pagination": {"self": "1", "next": url}}
            return httpx.Response(200, json=page)
        page = {"senders": [_sender(2)], "pagination": {"self": "2", "next": None}}
        return httpx.Response(200, json=page)

    senders = run(mode, handler, list_senders.sync_all, list_senders.asyncio_all, page_size=1)
    assert len(senders) == 2
    assert tokens == [None, "PAGE2"]


# 6. Raising calls for every operation; plain inputs; naive datetimes refused.


def test_every_operation_has_raising_calls() -> None:
    modules = [
        importlib.import_module(f"{api_package.__name__}.{tag.name}.{module.name}")
        for tag in pkgutil.iter_modules(api_package.__path__)
        for module in pkgutil.iter_modules([f"{api_package.__path__[0]}/{tag.name}"])
    ]
    assert len(modules) >= 10
    missing = [m.__name__ for m in modules if not (hasattr(m, "call") and hasattr(m, "acall"))]
    assert missing == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("operation", "kwargs"),
    [
        (update_sender_pool, {"sender_pool_id": POOL, "body": UpdateSenderPoolRequest(name="n")}),
        (delete_sender_pool, {"sender_pool_id": POOL}),
    ],
    ids=["update", "delete"],
)
def test_an_error_from_a_mutation_is_raised_not_returned(
    mode: str, operation: ModuleType, kwargs: dict[str, Any]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"code": 20404, "message": "no pool", "status": 404})

    with pytest.raises(errors.ApiError) as raised:
        run(mode, handler, operation.call, operation.acall, **kwargs)
    assert isinstance(raised.value.error, CommsError)
    assert (raised.value.status_code, raised.value.code) == (404, 20404)


@pytest.mark.parametrize("mode", MODES)
def test_plain_tags_and_enum_values_are_accepted(mode: str) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.method == "POST":
            return httpx.Response(202, json={"operationId": OPERATION, "operationLocation": "x"})
        return httpx.Response(200, json={"senders": [], "pagination": {"next": None}})

    run(
        mode,
        handler,
        create_sender_pool.call,
        create_sender_pool.acall,
        body=CreateSenderPoolRequest(name="p", tags={"team": "growth"}),
    )
    run(mode, handler, list_senders.call, list_senders.acall, status="ACTIVATED", channel="SMS")
    assert json.loads(sent[0].content)["tags"] == {"team": "growth"}
    assert sent[1].url.params["status"] == "ACTIVATED"
    assert sent[1].url.params["channel"] == "SMS"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "kwargs",
    [{"status": "RETIRED"}, {"start_date": datetime(2024, 1, 1)}],
    ids=["unknown-enum-value", "naive-datetime"],
)
def test_bad_plain_inputs_are_refused_before_sending(mode: str, kwargs: dict[str, Any]) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"senders": [], "pagination": {"next": None}})

    with pytest.raises(ValueError, match=r"RETIRED|time zone"):
        run(mode, handler, list_senders.call, list_senders.acall, **kwargs)
    with pytest.raises(ValueError, match=r"RETIRED|time zone"):
        run(mode, handler, list_senders.sync_detailed, list_senders.asyncio_detailed, **kwargs)
    assert sent == []


def test_request_models_take_plain_values_and_check_them() -> None:
    recipient = AddressRecipient(address="+12025550100", channel="PHONE")
    assert recipient.channel == "PHONE"  # recipient channels are open: a plain string
    assert recipient.to_dict() == {"address": "+12025550100", "channel": "PHONE"}
    sender = AddressFrom(address="+12025550100", channel="SMS")
    assert sender.channel is MessageSenderChannel.SMS
    with pytest.raises(ValueError, match="FAX"):
        AddressFrom(address="+12025550100", channel="FAX")  # type: ignore[arg-type]
    body = UpdateSenderPoolRequest(tags={"env": "prod"})
    assert body.to_dict() == {"tags": {"env": "prod"}}


# The create-then-find helper: an Operation that ends CANCELED made nothing; a typed error, and no
# list is read. A status the client does not know on the way is waited out, as sync_wait does.


@pytest.mark.parametrize("mode", MODES)
def test_wait_and_find_of_a_canceled_operation_raises_operation_canceled(mode: str) -> None:
    answers = iter(["PAUSED", "CANCELED"])
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        if request.url.path != f"/v1/SenderPools/Operations/{OPERATION}":
            return httpx.Response(200, json={"senderPools": [], "pagination": {"next": None}})
        return httpx.Response(200, json=_operation(next(answers, "CANCELED")))

    with pytest.raises(errors.OperationCanceled) as raised:
        run(
            mode,
            handler,
            list_sender_pools.sync_wait_and_find,
            list_sender_pools.asyncio_wait_and_find,
            operation_id=OPERATION,
            timeout=5,
            poll_interval=0.01,
        )
    assert raised.value.operation.status == OperationStatus.CANCELED
    assert OPERATION in str(raised.value)
    assert paths == [f"/v1/SenderPools/Operations/{OPERATION}"] * 2  # no list read
