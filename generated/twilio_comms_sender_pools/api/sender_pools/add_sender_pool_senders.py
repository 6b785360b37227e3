import json
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.accepted_operation import AcceptedOperation
from ...models.comms_error import CommsError
from ...models.sender_reference import SenderReference
from ...types import Response, http_status


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
) -> AcceptedOperation | CommsError | None:
    if response.status_code == 202:
        try:
            response_202 = AcceptedOperation.from_dict(response.json())

            return response_202

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
) -> Response[AcceptedOperation | CommsError]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    sender_pool_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: list[SenderReference],
) -> Response[AcceptedOperation | CommsError]:
    """Add Senders to a SenderPool

     Adds one or more Senders to a SenderPool. The body is a top-level JSON array. The work
    runs asynchronously and is tracked by a SenderPool Operation.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
        body (list[SenderReference]): A top-level JSON array of Sender references.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AcceptedOperation | CommsError]
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
) -> AcceptedOperation | CommsError | None:
    """Add Senders to a SenderPool

     Adds one or more Senders to a SenderPool. The body is a top-level JSON array. The work
    runs asynchronously and is tracked by a SenderPool Operation.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
        body (list[SenderReference]): A top-level JSON array of Sender references.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AcceptedOperation | CommsError
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
) -> Response[AcceptedOperation | CommsError]:
    """Add Senders to a SenderPool

     Adds one or more Senders to a SenderPool. The body is a top-level JSON array. The work
    runs asynchronously and is tracked by a SenderPool Operation.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
        body (list[SenderReference]): A top-level JSON array of Sender references.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AcceptedOperation | CommsError]
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
) -> AcceptedOperation | CommsError | None:
    """Add Senders to a SenderPool

     Adds one or more Senders to a SenderPool. The body is a top-level JSON array. The work
    runs asynchronously and is tracked by a SenderPool Operation.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
        body (list[SenderReference]): A top-level JSON array of Sender references.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AcceptedOperation | CommsError
    """

    return (
        await asyncio_detailed(
            sender_pool_id=sender_pool_id,
            client=client,
            body=body,
        )
    ).parsed


def _expect(response: Response[AcceptedOperation | CommsError]) -> AcceptedOperation:
    """The success body of `response`; errors.ApiError (or UnreadableResponse) for anything else."""
    if isinstance(response.parsed, AcceptedOperation) and 200 <= response.status_code < 300:
        return response.parsed
    if 200 <= response.status_code < 300:
        # An undocumented success status: read the body as the documented success would be (an
        # empty body as `{}`, which parses when every field is one the client tolerates missing).
        try:
            data = json.loads(response.content) if response.content.strip() else {}
            return AcceptedOperation.from_dict(data)
        except (ValueError, TypeError, KeyError, AttributeError) as cause:
            raise errors.UnreadableResponse(
                response.status_code,
                response.content,
                headers=response.headers,
                reason=f"the {response.status_code} body is not a AcceptedOperation ({cause!r})",
            ) from cause
    error = response.parsed if isinstance(response.parsed, CommsError) else errors.parse_error(response.content)
    raise errors.ApiError(response.status_code, response.content, error, response.headers)


def call(
    sender_pool_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: list[SenderReference],
) -> AcceptedOperation:
    """Add Senders to a SenderPool: the AcceptedOperation, or an exception.

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
            sender_pool_id=sender_pool_id,
            client=client,
            body=body,
        )
    )


async def acall(
    sender_pool_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: list[SenderReference],
) -> AcceptedOperation:
    """The asynchronous twin of `call`: the AcceptedOperation, or errors.ApiError."""
    return _expect(
        await asyncio_detailed(
            sender_pool_id=sender_pool_id,
            client=client,
            body=body,
        )
    )
