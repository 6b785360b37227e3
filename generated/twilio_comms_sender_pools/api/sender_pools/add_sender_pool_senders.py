from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.accepted_operation import AcceptedOperation
from ...models.error import Error
from ...models.sender_reference import SenderReference
from ...types import Response


def _get_kwargs(
    sender_pool_id: str,
    *,
    body: list[SenderReference],
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/SenderPools/{sender_pool_id}/Senders".format(
            sender_pool_id=quote(str(sender_pool_id), safe=""),
        ),
    }

    _kwargs["json"] = []
    for componentsschemas_add_sender_pool_senders_request_item_data in body:
        componentsschemas_add_sender_pool_senders_request_item = (
            componentsschemas_add_sender_pool_senders_request_item_data.to_dict()
        )
        _kwargs["json"].append(componentsschemas_add_sender_pool_senders_request_item)

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AcceptedOperation | Error | None:
    if response.status_code == 202:
        response_202 = AcceptedOperation.from_dict(response.json())

        return response_202

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
) -> Response[AcceptedOperation | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    sender_pool_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: list[SenderReference],
) -> Response[AcceptedOperation | Error]:
    """Add Senders to a SenderPool

     Adds one or more Senders to a SenderPool. The body is a top-level JSON array. The work
    runs asynchronously and is tracked by a SenderPool Operation.
    Inferred: Senders already in the pool count as created (adding is idempotent), sender IDs
    the account does not own count as failed, and the change is applied at once when the
    Operation completes, never half-way.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.
        body (list[SenderReference]): A top-level JSON array of Sender references.
            Inferred: 1 to 1000 unique references per request; the documentation prints no limit.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AcceptedOperation | Error]
    """

    kwargs = _get_kwargs(
        sender_pool_id=sender_pool_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    sender_pool_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: list[SenderReference],
) -> AcceptedOperation | Error | None:
    """Add Senders to a SenderPool

     Adds one or more Senders to a SenderPool. The body is a top-level JSON array. The work
    runs asynchronously and is tracked by a SenderPool Operation.
    Inferred: Senders already in the pool count as created (adding is idempotent), sender IDs
    the account does not own count as failed, and the change is applied at once when the
    Operation completes, never half-way.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.
        body (list[SenderReference]): A top-level JSON array of Sender references.
            Inferred: 1 to 1000 unique references per request; the documentation prints no limit.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AcceptedOperation | Error
    """

    return sync_detailed(
        sender_pool_id=sender_pool_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    sender_pool_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: list[SenderReference],
) -> Response[AcceptedOperation | Error]:
    """Add Senders to a SenderPool

     Adds one or more Senders to a SenderPool. The body is a top-level JSON array. The work
    runs asynchronously and is tracked by a SenderPool Operation.
    Inferred: Senders already in the pool count as created (adding is idempotent), sender IDs
    the account does not own count as failed, and the change is applied at once when the
    Operation completes, never half-way.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.
        body (list[SenderReference]): A top-level JSON array of Sender references.
            Inferred: 1 to 1000 unique references per request; the documentation prints no limit.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AcceptedOperation | Error]
    """

    kwargs = _get_kwargs(
        sender_pool_id=sender_pool_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    sender_pool_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: list[SenderReference],
) -> AcceptedOperation | Error | None:
    """Add Senders to a SenderPool

     Adds one or more Senders to a SenderPool. The body is a top-level JSON array. The work
    runs asynchronously and is tracked by a SenderPool Operation.
    Inferred: Senders already in the pool count as created (adding is idempotent), sender IDs
    the account does not own count as failed, and the change is applied at once when the
    Operation completes, never half-way.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.
        body (list[SenderReference]): A top-level JSON array of Sender references.
            Inferred: 1 to 1000 unique references per request; the documentation prints no limit.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AcceptedOperation | Error
    """

    return (
        await asyncio_detailed(
            sender_pool_id=sender_pool_id,
            client=client,
            body=body,
        )
    ).parsed
