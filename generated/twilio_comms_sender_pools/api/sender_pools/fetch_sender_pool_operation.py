import json
import time
from typing import Any
from urllib.parse import quote

import anyio
import httpx

from ... import errors
from ...client import AuthenticatedClient, Client, deadline, retry_after_seconds
from ...models.comms_error import CommsError
from ...models.sender_pool_operation import SenderPoolOperation
from ...types import Response, http_status


def _get_kwargs(
    operation_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/SenderPools/Operations/{operation_id}".format(
            operation_id=quote(str(operation_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CommsError | SenderPoolOperation | None:
    if response.status_code == 200:
        try:
            response_200 = SenderPoolOperation.from_dict(response.json())

            return response_200

        except (ValueError, TypeError, KeyError, AttributeError) as cause:
            raise errors.UnreadableResponse(
                response.status_code,
                response.content,
                headers=response.headers,
                reason=f"the body does not have the documented shape ({cause!r})",
            ) from cause
    if response.status_code == 400:
        try:
            response_400 = CommsError.from_dict(response.json())

            return response_400

        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # not the documented error body: HTML, empty, partial JSON, ...
    if response.status_code == 401:
        try:
            response_401 = CommsError.from_dict(response.json())

            return response_401

        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # not the documented error body: HTML, empty, partial JSON, ...
    if response.status_code == 404:
        try:
            response_404 = CommsError.from_dict(response.json())

            return response_404

        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # not the documented error body: HTML, empty, partial JSON, ...
    if response.status_code == 409:
        try:
            response_409 = CommsError.from_dict(response.json())

            return response_409

        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # not the documented error body: HTML, empty, partial JSON, ...
    if response.status_code == 429:
        try:
            response_429 = CommsError.from_dict(response.json())

            return response_429

        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # not the documented error body: HTML, empty, partial JSON, ...
    if response.status_code == 500:
        try:
            response_500 = CommsError.from_dict(response.json())

            return response_500

        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # not the documented error body: HTML, empty, partial JSON, ...
    if response.status_code == 503:
        try:
            response_503 = CommsError.from_dict(response.json())

            return response_503

        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # not the documented error body: HTML, empty, partial JSON, ...
    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CommsError | SenderPoolOperation]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    operation_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[CommsError | SenderPoolOperation]:
    """Fetch a SenderPool Operation

     Fetches one SenderPool Operation: its status and the counts of items queued, created
    and failed. Poll it until the status is no longer PROCESSING.

    Args:
        operation_id (str): The ID of an Operation; it also correlates the resources the Operation
            created.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommsError | SenderPoolOperation]
    """

    kwargs = _get_kwargs(
        operation_id=operation_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    operation_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> CommsError | SenderPoolOperation | None:
    """Fetch a SenderPool Operation

     Fetches one SenderPool Operation: its status and the counts of items queued, created
    and failed. Poll it until the status is no longer PROCESSING.

    Args:
        operation_id (str): The ID of an Operation; it also correlates the resources the Operation
            created.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommsError | SenderPoolOperation
    """

    return sync_detailed(
        operation_id=operation_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    operation_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[CommsError | SenderPoolOperation]:
    """Fetch a SenderPool Operation

     Fetches one SenderPool Operation: its status and the counts of items queued, created
    and failed. Poll it until the status is no longer PROCESSING.

    Args:
        operation_id (str): The ID of an Operation; it also correlates the resources the Operation
            created.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommsError | SenderPoolOperation]
    """

    kwargs = _get_kwargs(
        operation_id=operation_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    operation_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> CommsError | SenderPoolOperation | None:
    """Fetch a SenderPool Operation

     Fetches one SenderPool Operation: its status and the counts of items queued, created
    and failed. Poll it until the status is no longer PROCESSING.

    Args:
        operation_id (str): The ID of an Operation; it also correlates the resources the Operation
            created.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommsError | SenderPoolOperation
    """

    return (
        await asyncio_detailed(
            operation_id=operation_id,
            client=client,
        )
    ).parsed


def _expect(response: Response[CommsError | SenderPoolOperation]) -> SenderPoolOperation:
    """The success body of `response`; errors.ApiError (or UnreadableResponse) for anything else."""
    if isinstance(response.parsed, SenderPoolOperation) and 200 <= response.status_code < 300:
        return response.parsed
    if 200 <= response.status_code < 300:
        # An undocumented success status: read the body as the documented success would be (an
        # empty body as `{}`, which parses when every field is one the client tolerates missing).
        try:
            data = json.loads(response.content) if response.content.strip() else {}
            return SenderPoolOperation.from_dict(data)
        except (ValueError, TypeError, KeyError, AttributeError) as cause:
            raise errors.UnreadableResponse(
                response.status_code,
                response.content,
                headers=response.headers,
                reason=f"the {response.status_code} body is not a SenderPoolOperation ({cause!r})",
            ) from cause
    error = response.parsed if isinstance(response.parsed, CommsError) else errors.parse_error(response.content)
    raise errors.ApiError(response.status_code, response.content, error, response.headers)


def call(
    operation_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> SenderPoolOperation:
    """Fetch a SenderPool Operation: the SenderPoolOperation, or an exception.

    The arguments are those of `sync_detailed`; enum arguments also take their values as plain
    strings (an unknown value raises ValueError before anything is sent).

    Raises:
        errors.ApiError: Any error status, with `status_code`, `headers`, `content` and `error`
            (the parsed CommsError, or None when the body is not one: HTML, empty, partial JSON).
        errors.UnreadableResponse: A success status whose body lacks a documented field.
        ValueError: An unknown enum value, or a datetime without a time zone.
        httpx.TimeoutException: The request took longer than Client.timeout.
    """
    return _expect(
        sync_detailed(
            operation_id=operation_id,
            client=client,
        )
    )


async def acall(
    operation_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> SenderPoolOperation:
    """The asynchronous twin of `call`: the SenderPoolOperation, or errors.ApiError."""
    return _expect(
        await asyncio_detailed(
            operation_id=operation_id,
            client=client,
        )
    )


# The statuses that end an Operation (the spec's x-terminal-statuses). Any other status,
# including one this client does not know, means "still running".
TERMINAL_STATUSES = frozenset({"COMPLETED", "CANCELED"})
# Polling starts at `poll_interval` and slows by half each round, up to this many seconds.
MAX_POLL_INTERVAL = 10.0
# Answers that mean "ask again later" to a wait, once the client's retry layer has given up.
BUSY_STATUSES = frozenset({429, 503})


def _waited(
    response: Response[CommsError | SenderPoolOperation], last: SenderPoolOperation | None
) -> tuple[SenderPoolOperation | None, bool, float]:
    """(the Operation read, or `last` when the server was busy; whether it is finished; the
    seconds a busy server asked to be left alone)."""
    if response.status_code in BUSY_STATUSES:
        return last, False, retry_after_seconds(response.headers.get("Retry-After")) or 0.0
    operation = _expect(response)
    return operation, str(operation.status) in TERMINAL_STATUSES, 0.0


def sync_wait(
    operation_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float = 60.0,
    poll_interval: float = 1.0,
) -> SenderPoolOperation:
    """Poll until the Operation's status is one of COMPLETED, CANCELED, and return it.

    The first poll is immediate; then every `poll_interval` seconds, 1.5 times longer each round
    up to MAX_POLL_INTERVAL. `timeout` is a deadline for everything: the polls, the client's
    retries and their `Retry-After` waits, and each request's own connect/read timeouts (see
    `client.deadline`). A status this client does not know counts as still running. A 429 or 503
    the retry layer returns, or a poll that times out before the deadline, is polled again.

    Raises:
        errors.OperationTimeout: Not finished by the deadline; its `operation` is the last one
            read (None if none was) and its `status` the status last seen, known or not.
        errors.ApiError: The API answered with an error status (404 for an unknown ID).
    """
    operation: SenderPoolOperation | None = None
    interval = poll_interval
    with deadline(timeout) as at:
        while True:
            try:
                operation, finished, asked = _waited(
                    sync_detailed(
                        operation_id=operation_id,
                        client=client,
                    ),
                    operation,
                )
            except httpx.TimeoutException as cause:
                if at - time.monotonic() <= _SLACK:
                    raise errors.OperationTimeout(operation, timeout, "the last poll timed out") from cause
                finished, asked = False, 0.0  # one poll timed out early: poll again
            if finished and operation is not None:
                return operation
            remaining = at - time.monotonic()
            if remaining <= 0:
                raise errors.OperationTimeout(operation, timeout)
            time.sleep(min(max(interval, asked), remaining))
            interval = min(interval * 1.5, MAX_POLL_INTERVAL)


async def asyncio_wait(
    operation_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float = 60.0,
    poll_interval: float = 1.0,
) -> SenderPoolOperation:
    """The asynchronous twin of `sync_wait`: poll until the Operation's status is one of
    COMPLETED, CANCELED, within the deadline `timeout`, and return it.

    Raises:
        errors.OperationTimeout: Not finished by the deadline; its `operation` is the last one
            read (None if none was) and its `status` the status last seen, known or not.
        errors.ApiError: The API answered with an error status (404 for an unknown ID).
    """
    operation: SenderPoolOperation | None = None
    interval = poll_interval
    with deadline(timeout) as at:
        while True:
            try:
                operation, finished, asked = _waited(
                    await asyncio_detailed(
                        operation_id=operation_id,
                        client=client,
                    ),
                    operation,
                )
            except httpx.TimeoutException as cause:
                if at - time.monotonic() <= _SLACK:
                    raise errors.OperationTimeout(operation, timeout, "the last poll timed out") from cause
                finished, asked = False, 0.0  # one poll timed out early: poll again
            if finished and operation is not None:
                return operation
            remaining = at - time.monotonic()
            if remaining <= 0:
                raise errors.OperationTimeout(operation, timeout)
            await anyio.sleep(min(max(interval, asked), remaining))
            interval = min(interval * 1.5, MAX_POLL_INTERVAL)


# A request timeout this close to the deadline is the deadline's doing.
_SLACK = 0.05
