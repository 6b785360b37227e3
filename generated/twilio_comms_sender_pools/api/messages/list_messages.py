import datetime
from collections.abc import AsyncIterator, Iterator
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.message_list import MessageList
from ...models.message_metadata import MessageMetadata
from ...models.message_sender_channel import MessageSenderChannel
from ...models.message_status import MessageStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    operation_id: str | Unset = UNSET,
    session_id: str | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    profile: str | Unset = UNSET,
    channel: MessageSenderChannel | Unset = UNSET,
    status: MessageStatus | Unset = UNSET,
    tags: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["operationId"] = operation_id

    params["sessionId"] = session_id

    json_start_date: str | Unset = UNSET
    if not isinstance(start_date, Unset):
        json_start_date = start_date.isoformat()
    params["startDate"] = json_start_date

    json_end_date: str | Unset = UNSET
    if not isinstance(end_date, Unset):
        json_end_date = end_date.isoformat()
    params["endDate"] = json_end_date

    params["profile"] = profile

    json_channel: str | Unset = UNSET
    if not isinstance(channel, Unset):
        json_channel = channel.value

    params["channel"] = json_channel

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["tags"] = tags

    params["pageToken"] = page_token

    params["pageSize"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/Messages",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | MessageList | None:
    if response.status_code == 200:
        response_200 = MessageList.from_dict(response.json())

        return response_200

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | MessageList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    operation_id: str | Unset = UNSET,
    session_id: str | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    profile: str | Unset = UNSET,
    channel: MessageSenderChannel | Unset = UNSET,
    status: MessageStatus | Unset = UNSET,
    tags: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> Response[Error | MessageList]:
    """List Messages

     Fetches a paginated list of Messages; every filter given must match.
    Inferred: items are sorted by `createdAt` ascending, ties broken by `id`; the Messages of an
    Operation appear only once it is COMPLETED.

    Args:
        operation_id (str | Unset): The ID of an Operation; it also correlates the resources the
            Operation created.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.
        session_id (str | Unset):
        start_date (datetime.datetime | Unset):
        end_date (datetime.datetime | Unset):
        profile (str | Unset):
        channel (MessageSenderChannel | Unset): The channel a Message is sent on.
        status (MessageStatus | Unset): The status of a Message.
            Inferred: the emulator's Messages stop at SENT, as it delivers nothing.
        tags (str | Unset):
        page_token (str | Unset):
        page_size (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MessageList]
    """

    kwargs = _get_kwargs(
        operation_id=operation_id,
        session_id=session_id,
        start_date=start_date,
        end_date=end_date,
        profile=profile,
        channel=channel,
        status=status,
        tags=tags,
        page_token=page_token,
        page_size=page_size,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    operation_id: str | Unset = UNSET,
    session_id: str | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    profile: str | Unset = UNSET,
    channel: MessageSenderChannel | Unset = UNSET,
    status: MessageStatus | Unset = UNSET,
    tags: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> Error | MessageList | None:
    """List Messages

     Fetches a paginated list of Messages; every filter given must match.
    Inferred: items are sorted by `createdAt` ascending, ties broken by `id`; the Messages of an
    Operation appear only once it is COMPLETED.

    Args:
        operation_id (str | Unset): The ID of an Operation; it also correlates the resources the
            Operation created.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.
        session_id (str | Unset):
        start_date (datetime.datetime | Unset):
        end_date (datetime.datetime | Unset):
        profile (str | Unset):
        channel (MessageSenderChannel | Unset): The channel a Message is sent on.
        status (MessageStatus | Unset): The status of a Message.
            Inferred: the emulator's Messages stop at SENT, as it delivers nothing.
        tags (str | Unset):
        page_token (str | Unset):
        page_size (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MessageList
    """

    return sync_detailed(
        client=client,
        operation_id=operation_id,
        session_id=session_id,
        start_date=start_date,
        end_date=end_date,
        profile=profile,
        channel=channel,
        status=status,
        tags=tags,
        page_token=page_token,
        page_size=page_size,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    operation_id: str | Unset = UNSET,
    session_id: str | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    profile: str | Unset = UNSET,
    channel: MessageSenderChannel | Unset = UNSET,
    status: MessageStatus | Unset = UNSET,
    tags: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> Response[Error | MessageList]:
    """List Messages

     Fetches a paginated list of Messages; every filter given must match.
    Inferred: items are sorted by `createdAt` ascending, ties broken by `id`; the Messages of an
    Operation appear only once it is COMPLETED.

    Args:
        operation_id (str | Unset): The ID of an Operation; it also correlates the resources the
            Operation created.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.
        session_id (str | Unset):
        start_date (datetime.datetime | Unset):
        end_date (datetime.datetime | Unset):
        profile (str | Unset):
        channel (MessageSenderChannel | Unset): The channel a Message is sent on.
        status (MessageStatus | Unset): The status of a Message.
            Inferred: the emulator's Messages stop at SENT, as it delivers nothing.
        tags (str | Unset):
        page_token (str | Unset):
        page_size (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MessageList]
    """

    kwargs = _get_kwargs(
        operation_id=operation_id,
        session_id=session_id,
        start_date=start_date,
        end_date=end_date,
        profile=profile,
        channel=channel,
        status=status,
        tags=tags,
        page_token=page_token,
        page_size=page_size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    operation_id: str | Unset = UNSET,
    session_id: str | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    profile: str | Unset = UNSET,
    channel: MessageSenderChannel | Unset = UNSET,
    status: MessageStatus | Unset = UNSET,
    tags: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> Error | MessageList | None:
    """List Messages

     Fetches a paginated list of Messages; every filter given must match.
    Inferred: items are sorted by `createdAt` ascending, ties broken by `id`; the Messages of an
    Operation appear only once it is COMPLETED.

    Args:
        operation_id (str | Unset): The ID of an Operation; it also correlates the resources the
            Operation created.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.
        session_id (str | Unset):
        start_date (datetime.datetime | Unset):
        end_date (datetime.datetime | Unset):
        profile (str | Unset):
        channel (MessageSenderChannel | Unset): The channel a Message is sent on.
        status (MessageStatus | Unset): The status of a Message.
            Inferred: the emulator's Messages stop at SENT, as it delivers nothing.
        tags (str | Unset):
        page_token (str | Unset):
        page_size (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MessageList
    """

    return (
        await asyncio_detailed(
            client=client,
            operation_id=operation_id,
            session_id=session_id,
            start_date=start_date,
            end_date=end_date,
            profile=profile,
            channel=channel,
            status=status,
            tags=tags,
            page_token=page_token,
            page_size=page_size,
        )
    ).parsed


def _expect(response: Response[Error | MessageList]) -> MessageList:
    """The 200 body of `response`, or errors.ApiError with whatever error body came instead."""
    if response.status_code == 200 and isinstance(response.parsed, MessageList):
        return response.parsed
    raise errors.ApiError(response.status_code, response.content, response.parsed)


def sync_all(
    *,
    client: AuthenticatedClient | Client,
    operation_id: str | Unset = UNSET,
    session_id: str | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    profile: str | Unset = UNSET,
    channel: MessageSenderChannel | Unset = UNSET,
    status: MessageStatus | Unset = UNSET,
    tags: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> Iterator[MessageMetadata]:
    """Every MessageMetadata of every page, from `page_token` (or the first page) to the last.

    Pages are fetched one at a time, as the iteration reaches them, by following
    `pagination.next`; the other arguments apply to every page.

    Raises:
        errors.ApiError: A page was answered with an error status.
        httpx.TimeoutException: A page took longer than Client.timeout.
    """
    while True:
        page = _expect(
            sync_detailed(
                client=client,
                operation_id=operation_id,
                session_id=session_id,
                start_date=start_date,
                end_date=end_date,
                profile=profile,
                channel=channel,
                status=status,
                tags=tags,
                page_token=page_token,
                page_size=page_size,
            )
        )
        yield from page.messages
        if not page.pagination.next_:
            return
        page_token = page.pagination.next_


async def asyncio_all(
    *,
    client: AuthenticatedClient | Client,
    operation_id: str | Unset = UNSET,
    session_id: str | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    profile: str | Unset = UNSET,
    channel: MessageSenderChannel | Unset = UNSET,
    status: MessageStatus | Unset = UNSET,
    tags: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> AsyncIterator[MessageMetadata]:
    """Every MessageMetadata of every page, from `page_token` (or the first page) to the last.

    Pages are fetched one at a time, as the iteration reaches them, by following
    `pagination.next`; the other arguments apply to every page.

    Raises:
        errors.ApiError: A page was answered with an error status.
        httpx.TimeoutException: A page took longer than Client.timeout.
    """
    while True:
        page = _expect(
            await asyncio_detailed(
                client=client,
                operation_id=operation_id,
                session_id=session_id,
                start_date=start_date,
                end_date=end_date,
                profile=profile,
                channel=channel,
                status=status,
                tags=tags,
                page_token=page_token,
                page_size=page_size,
            )
        )
        for item in page.messages:
            yield item
        if not page.pagination.next_:
            return
        page_token = page.pagination.next_
