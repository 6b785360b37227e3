import time
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import anyio
import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.sender_pool_operation import SenderPoolOperation
from ...types import Response


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
) -> Error | SenderPoolOperation | None:
    if response.status_code == 200:
        response_200 = SenderPoolOperation.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | SenderPoolOperation]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    operation_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | SenderPoolOperation]:
    """Fetch a SenderPool Operation

     Fetches one SenderPool Operation: its status and the counts of items queued, created
    and failed. Poll it until the status is no longer PROCESSING.
    Inferred: the Operations of create and of add-senders both live at this path, although
    one documentation sample of add-senders shows
    `/SenderPools/{senderPoolId}/Senders/Operations/{operationId}`.

    Args:
        operation_id (str): The ID of an Operation; it also correlates the resources the Operation
            created.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SenderPoolOperation]
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
) -> Error | SenderPoolOperation | None:
    """Fetch a SenderPool Operation

     Fetches one SenderPool Operation: its status and the counts of items queued, created
    and failed. Poll it until the status is no longer PROCESSING.
    Inferred: the Operations of create and of add-senders both live at this path, although
    one documentation sample of add-senders shows
    `/SenderPools/{senderPoolId}/Senders/Operations/{operationId}`.

    Args:
        operation_id (str): The ID of an Operation; it also correlates the resources the Operation
            created.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SenderPoolOperation
    """

    return sync_detailed(
        operation_id=operation_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    operation_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | SenderPoolOperation]:
    """Fetch a SenderPool Operation

     Fetches one SenderPool Operation: its status and the counts of items queued, created
    and failed. Poll it until the status is no longer PROCESSING.
    Inferred: the Operations of create and of add-senders both live at this path, although
    one documentation sample of add-senders shows
    `/SenderPools/{senderPoolId}/Senders/Operations/{operationId}`.

    Args:
        operation_id (str): The ID of an Operation; it also correlates the resources the Operation
            created.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SenderPoolOperation]
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
) -> Error | SenderPoolOperation | None:
    """Fetch a SenderPool Operation

     Fetches one SenderPool Operation: its status and the counts of items queued, created
    and failed. Poll it until the status is no longer PROCESSING.
    Inferred: the Operations of create and of add-senders both live at this path, although
    one documentation sample of add-senders shows
    `/SenderPools/{senderPoolId}/Senders/Operations/{operationId}`.

    Args:
        operation_id (str): The ID of an Operation; it also correlates the resources the Operation
            created.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SenderPoolOperation
    """

    return (
        await asyncio_detailed(
            operation_id=operation_id,
            client=client,
        )
    ).parsed


# The statuses that end an Operation (the spec's x-terminal-statuses).
TERMINAL_STATUSES = frozenset({"COMPLETED", "CANCELED"})
# Polling starts at `poll_interval` and slows by half each round, up to this many seconds.
MAX_POLL_INTERVAL = 10.0


def _expect(response: Response[Error | SenderPoolOperation]) -> SenderPoolOperation:
    """The 200 body of `response`, or errors.ApiError with whatever error body came instead."""
    if response.status_code == 200 and isinstance(response.parsed, SenderPoolOperation):
        return response.parsed
    raise errors.ApiError(response.status_code, response.content, response.parsed)


def sync_wait(
    operation_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float = 60.0,
    poll_interval: float = 1.0,
) -> SenderPoolOperation:
    """Poll until the Operation's status is one of COMPLETED, CANCELED, and return it.

    The first poll is immediate; then every `poll_interval` seconds, 1.5 times longer each round
    up to MAX_POLL_INTERVAL. 429 and 503 answers are retried as the client's RetryPolicy says.

    Raises:
        errors.OperationTimeout: Still in progress after `timeout` seconds; its `operation` is the
            last one read.
        errors.ApiError: The API answered with an error status (404 for an unknown ID).
    """
    deadline = time.monotonic() + timeout
    interval = poll_interval
    while True:
        operation = _expect(
            sync_detailed(
                operation_id=operation_id,
                client=client,
            )
        )
        if operation.status.value in TERMINAL_STATUSES:
            return operation
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise errors.OperationTimeout(operation, timeout)
        time.sleep(min(interval, remaining))
        interval = min(interval * 1.5, MAX_POLL_INTERVAL)


async def asyncio_wait(
    operation_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float = 60.0,
    poll_interval: float = 1.0,
) -> SenderPoolOperation:
    """Poll until the Operation's status is one of COMPLETED, CANCELED, and return it.

    The first poll is immediate; then every `poll_interval` seconds, 1.5 times longer each round
    up to MAX_POLL_INTERVAL. 429 and 503 answers are retried as the client's RetryPolicy says.

    Raises:
        errors.OperationTimeout: Still in progress after `timeout` seconds; its `operation` is the
            last one read.
        errors.ApiError: The API answered with an error status (404 for an unknown ID).
    """
    deadline = time.monotonic() + timeout
    interval = poll_interval
    while True:
        operation = _expect(
            await asyncio_detailed(
                operation_id=operation_id,
                client=client,
            )
        )
        if operation.status.value in TERMINAL_STATUSES:
            return operation
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise errors.OperationTimeout(operation, timeout)
        await anyio.sleep(min(interval, remaining))
        interval = min(interval * 1.5, MAX_POLL_INTERVAL)
