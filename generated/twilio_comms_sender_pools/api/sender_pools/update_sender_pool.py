from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.resource_reference import ResourceReference
from ...models.update_sender_pool_request import UpdateSenderPoolRequest
from ...types import Response


def _get_kwargs(
    sender_pool_id: str,
    *,
    body: UpdateSenderPoolRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/SenderPools/{sender_pool_id}".format(
            sender_pool_id=quote(str(sender_pool_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ResourceReference | None:
    if response.status_code == 202:
        response_202 = ResourceReference.from_dict(response.json())

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
) -> Response[Error | ResourceReference]:
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
    body: UpdateSenderPoolRequest,
) -> Response[Error | ResourceReference]:
    """Update a SenderPool

     Partially updates a SenderPool's `name` and/or `tags`; Senders are changed through the
    Senders sub-resource, not here.
    Inferred: `tags`, when present, replaces the pool's whole tag map (send `{}` to clear
    it), an empty body is rejected with 400, and the change is visible as soon as the 202 is sent.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.
        body (UpdateSenderPoolRequest): The body of a partial update. Inferred: at least one
            property is required and unknown properties are rejected with 400.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ResourceReference]
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
    body: UpdateSenderPoolRequest,
) -> Error | ResourceReference | None:
    """Update a SenderPool

     Partially updates a SenderPool's `name` and/or `tags`; Senders are changed through the
    Senders sub-resource, not here.
    Inferred: `tags`, when present, replaces the pool's whole tag map (send `{}` to clear
    it), an empty body is rejected with 400, and the change is visible as soon as the 202 is sent.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.
        body (UpdateSenderPoolRequest): The body of a partial update. Inferred: at least one
            property is required and unknown properties are rejected with 400.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ResourceReference
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
    body: UpdateSenderPoolRequest,
) -> Response[Error | ResourceReference]:
    """Update a SenderPool

     Partially updates a SenderPool's `name` and/or `tags`; Senders are changed through the
    Senders sub-resource, not here.
    Inferred: `tags`, when present, replaces the pool's whole tag map (send `{}` to clear
    it), an empty body is rejected with 400, and the change is visible as soon as the 202 is sent.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.
        body (UpdateSenderPoolRequest): The body of a partial update. Inferred: at least one
            property is required and unknown properties are rejected with 400.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ResourceReference]
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
    body: UpdateSenderPoolRequest,
) -> Error | ResourceReference | None:
    """Update a SenderPool

     Partially updates a SenderPool's `name` and/or `tags`; Senders are changed through the
    Senders sub-resource, not here.
    Inferred: `tags`, when present, replaces the pool's whole tag map (send `{}` to clear
    it), an empty body is rejected with 400, and the change is visible as soon as the 202 is sent.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.
        body (UpdateSenderPoolRequest): The body of a partial update. Inferred: at least one
            property is required and unknown properties are rejected with 400.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ResourceReference
    """

    return (
        await asyncio_detailed(
            sender_pool_id=sender_pool_id,
            client=client,
            body=body,
        )
    ).parsed
