import json
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.comms_error import CommsError
from ...models.resolve_senders_request import ResolveSendersRequest
from ...models.resolve_senders_response import ResolveSendersResponse
from ...types import Response, http_status


def _get_kwargs(
    *,
    body: ResolveSendersRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/Senders/Resolve",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CommsError | ResolveSendersResponse | None:
    if response.status_code == 200:
        try:
            response_200 = ResolveSendersResponse.from_dict(response.json())

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
) -> Response[CommsError | ResolveSendersResponse]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ResolveSendersRequest,
) -> Response[CommsError | ResolveSendersResponse]:
    """Resolve Senders

     For each recipient, ranks the Senders that would serve it: the pool's when `senderPoolId` is given.
    At most the 10 best results; a lower `priority` is preferred.

    Args:
        body (ResolveSendersRequest): The recipients to resolve, and where their Senders come
            from.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommsError | ResolveSendersResponse]
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
    body: ResolveSendersRequest,
) -> CommsError | ResolveSendersResponse | None:
    """Resolve Senders

     For each recipient, ranks the Senders that would serve it: the pool's when `senderPoolId` is given.
    At most the 10 best results; a lower `priority` is preferred.

    Args:
        body (ResolveSendersRequest): The recipients to resolve, and where their Senders come
            from.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommsError | ResolveSendersResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ResolveSendersRequest,
) -> Response[CommsError | ResolveSendersResponse]:
    """Resolve Senders

     For each recipient, ranks the Senders that would serve it: the pool's when `senderPoolId` is given.
    At most the 10 best results; a lower `priority` is preferred.

    Args:
        body (ResolveSendersRequest): The recipients to resolve, and where their Senders come
            from.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommsError | ResolveSendersResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ResolveSendersRequest,
) -> CommsError | ResolveSendersResponse | None:
    """Resolve Senders

     For each recipient, ranks the Senders that would serve it: the pool's when `senderPoolId` is given.
    At most the 10 best results; a lower `priority` is preferred.

    Args:
        body (ResolveSendersRequest): The recipients to resolve, and where their Senders come
            from.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommsError | ResolveSendersResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def _expect(response: Response[CommsError | ResolveSendersResponse]) -> ResolveSendersResponse:
    """The success body of `response`; errors.ApiError (or UnreadableResponse) for anything else."""
    if isinstance(response.parsed, ResolveSendersResponse) and 200 <= response.status_code < 300:
        return response.parsed
    if 200 <= response.status_code < 300:
        # An undocumented success status: read the body as the documented success would be (an
        # empty body as `{}`, which parses when every field is one the client tolerates missing).
        try:
            data = json.loads(response.content) if response.content.strip() else {}
            return ResolveSendersResponse.from_dict(data)
        except (ValueError, TypeError, KeyError, AttributeError) as cause:
            raise errors.UnreadableResponse(
                response.status_code,
                response.content,
                headers=response.headers,
                reason=f"the {response.status_code} body is not a ResolveSendersResponse ({cause!r})",
            ) from cause
    error = response.parsed if isinstance(response.parsed, CommsError) else errors.parse_error(response.content)
    raise errors.ApiError(response.status_code, response.content, error, response.headers)


def call(
    *,
    client: AuthenticatedClient | Client,
    body: ResolveSendersRequest,
) -> ResolveSendersResponse:
    """Resolve Senders: the ResolveSendersResponse, or an exception.

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
            client=client,
            body=body,
        )
    )


async def acall(
    *,
    client: AuthenticatedClient | Client,
    body: ResolveSendersRequest,
) -> ResolveSendersResponse:
    """The asynchronous twin of `call`: the ResolveSendersResponse, or errors.ApiError."""
    return _expect(
        await asyncio_detailed(
            client=client,
            body=body,
        )
    )
