from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.accepted_operation import AcceptedOperation
from ...models.error import Error
from ...models.send_messages_request import SendMessagesRequest
from ...types import Response


def _get_kwargs(
    *,
    body: SendMessagesRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/Messages",
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
    body: SendMessagesRequest,
) -> Response[AcceptedOperation | Error]:
    """Send Messages

     Sends one Message to each recipient in `to`, up to 10,000 per request. The work runs asynchronously
    and is tracked by a Message Operation; find the Messages with `GET /Messages?operationId=`.
    With `from.senderPoolId`, one Sender of the pool is picked for each recipient: RCS first when the
    pool has an RCS Sender and the recipient's device supports RCS, otherwise a Sender whose channel
    reaches the recipient.
    Inferred: DEACTIVATED Senders are never picked; a recipient no ACTIVATED Sender can reach gets no
    Message and is counted in `stats.unaddressable`; an unknown `senderPoolId`, or a `from` address and
    channel that name no ACTIVATED Sender of the account, is rejected with 400 and nothing is sent;
    without `from`, the account's ACTIVATED Senders are picked from as if they were one pool.

    Args:
        body (SendMessagesRequest): The body of a send.
            Inferred: unknown properties are rejected with 400. That includes `schedule`, which the
            send page documents as an optional object saying when to send; accepting it is in
            spec/pending-shape-changes.md.

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
    body: SendMessagesRequest,
) -> AcceptedOperation | Error | None:
    """Send Messages

     Sends one Message to each recipient in `to`, up to 10,000 per request. The work runs asynchronously
    and is tracked by a Message Operation; find the Messages with `GET /Messages?operationId=`.
    With `from.senderPoolId`, one Sender of the pool is picked for each recipient: RCS first when the
    pool has an RCS Sender and the recipient's device supports RCS, otherwise a Sender whose channel
    reaches the recipient.
    Inferred: DEACTIVATED Senders are never picked; a recipient no ACTIVATED Sender can reach gets no
    Message and is counted in `stats.unaddressable`; an unknown `senderPoolId`, or a `from` address and
    channel that name no ACTIVATED Sender of the account, is rejected with 400 and nothing is sent;
    without `from`, the account's ACTIVATED Senders are picked from as if they were one pool.

    Args:
        body (SendMessagesRequest): The body of a send.
            Inferred: unknown properties are rejected with 400. That includes `schedule`, which the
            send page documents as an optional object saying when to send; accepting it is in
            spec/pending-shape-changes.md.

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
    body: SendMessagesRequest,
) -> Response[AcceptedOperation | Error]:
    """Send Messages

     Sends one Message to each recipient in `to`, up to 10,000 per request. The work runs asynchronously
    and is tracked by a Message Operation; find the Messages with `GET /Messages?operationId=`.
    With `from.senderPoolId`, one Sender of the pool is picked for each recipient: RCS first when the
    pool has an RCS Sender and the recipient's device supports RCS, otherwise a Sender whose channel
    reaches the recipient.
    Inferred: DEACTIVATED Senders are never picked; a recipient no ACTIVATED Sender can reach gets no
    Message and is counted in `stats.unaddressable`; an unknown `senderPoolId`, or a `from` address and
    channel that name no ACTIVATED Sender of the account, is rejected with 400 and nothing is sent;
    without `from`, the account's ACTIVATED Senders are picked from as if they were one pool.

    Args:
        body (SendMessagesRequest): The body of a send.
            Inferred: unknown properties are rejected with 400. That includes `schedule`, which the
            send page documents as an optional object saying when to send; accepting it is in
            spec/pending-shape-changes.md.

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
    body: SendMessagesRequest,
) -> AcceptedOperation | Error | None:
    """Send Messages

     Sends one Message to each recipient in `to`, up to 10,000 per request. The work runs asynchronously
    and is tracked by a Message Operation; find the Messages with `GET /Messages?operationId=`.
    With `from.senderPoolId`, one Sender of the pool is picked for each recipient: RCS first when the
    pool has an RCS Sender and the recipient's device supports RCS, otherwise a Sender whose channel
    reaches the recipient.
    Inferred: DEACTIVATED Senders are never picked; a recipient no ACTIVATED Sender can reach gets no
    Message and is counted in `stats.unaddressable`; an unknown `senderPoolId`, or a `from` address and
    channel that name no ACTIVATED Sender of the account, is rejected with 400 and nothing is sent;
    without `from`, the account's ACTIVATED Senders are picked from as if they were one pool.

    Args:
        body (SendMessagesRequest): The body of a send.
            Inferred: unknown properties are rejected with 400. That includes `schedule`, which the
            send page documents as an optional object saying when to send; accepting it is in
            spec/pending-shape-changes.md.

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
