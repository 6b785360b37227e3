from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.accepted_operation import AcceptedOperation
from ...models.create_sender_pool_request import CreateSenderPoolRequest
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    *,
    body: CreateSenderPoolRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/SenderPools",
    }

    _kwargs["json"] = body.to_dict()

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
    *,
    client: AuthenticatedClient | Client,
    body: CreateSenderPoolRequest,
) -> Response[AcceptedOperation | Error]:
    """Create a SenderPool

     Creates a SenderPool, optionally with Senders and tags. The work runs asynchronously and
    is tracked by a SenderPool Operation; find the new pool with `GET /SenderPools?operationId=`.
    Inferred: the pool becomes visible only when its Operation is COMPLETED, and sender IDs
    the account does not own are counted in `stats.failed` instead of failing the request.

    Args:
        body (CreateSenderPoolRequest): The body of a create. Inferred: unknown properties are
            rejected with 400, so a misspelt field never passes silently.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AcceptedOperation | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CreateSenderPoolRequest,
) -> AcceptedOperation | Error | None:
    """Create a SenderPool

     Creates a SenderPool, optionally with Senders and tags. The work runs asynchronously and
    is tracked by a SenderPool Operation; find the new pool with `GET /SenderPools?operationId=`.
    Inferred: the pool becomes visible only when its Operation is COMPLETED, and sender IDs
    the account does not own are counted in `stats.failed` instead of failing the request.

    Args:
        body (CreateSenderPoolRequest): The body of a create. Inferred: unknown properties are
            rejected with 400, so a misspelt field never passes silently.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AcceptedOperation | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateSenderPoolRequest,
) -> Response[AcceptedOperation | Error]:
    """Create a SenderPool

     Creates a SenderPool, optionally with Senders and tags. The work runs asynchronously and
    is tracked by a SenderPool Operation; find the new pool with `GET /SenderPools?operationId=`.
    Inferred: the pool becomes visible only when its Operation is COMPLETED, and sender IDs
    the account does not own are counted in `stats.failed` instead of failing the request.

    Args:
        body (CreateSenderPoolRequest): The body of a create. Inferred: unknown properties are
            rejected with 400, so a misspelt field never passes silently.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AcceptedOperation | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateSenderPoolRequest,
) -> AcceptedOperation | Error | None:
    """Create a SenderPool

     Creates a SenderPool, optionally with Senders and tags. The work runs asynchronously and
    is tracked by a SenderPool Operation; find the new pool with `GET /SenderPools?operationId=`.
    Inferred: the pool becomes visible only when its Operation is COMPLETED, and sender IDs
    the account does not own are counted in `stats.failed` instead of failing the request.

    Args:
        body (CreateSenderPoolRequest): The body of a create. Inferred: unknown properties are
            rejected with 400, so a misspelt field never passes silently.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AcceptedOperation | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
