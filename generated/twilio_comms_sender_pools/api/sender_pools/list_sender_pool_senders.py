import datetime
from collections.abc import AsyncIterator, Iterator
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.sender import Sender
from ...models.sender_communication_channel import SenderCommunicationChannel
from ...models.sender_list import SenderList
from ...models.sender_status import SenderStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    sender_pool_id: str,
    *,
    channel: SenderCommunicationChannel | Unset = UNSET,
    status: SenderStatus | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_channel: str | Unset = UNSET
    if not isinstance(channel, Unset):
        json_channel = channel.value

    params["channel"] = json_channel

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_start_date: str | Unset = UNSET
    if not isinstance(start_date, Unset):
        json_start_date = start_date.isoformat()
    params["startDate"] = json_start_date

    json_end_date: str | Unset = UNSET
    if not isinstance(end_date, Unset):
        json_end_date = end_date.isoformat()
    params["endDate"] = json_end_date

    params["pageToken"] = page_token

    params["pageSize"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/SenderPools/{sender_pool_id}/Senders".format(
            sender_pool_id=quote(str(sender_pool_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | SenderList | None:
    if response.status_code == 200:
        response_200 = SenderList.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | SenderList]:
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
    channel: SenderCommunicationChannel | Unset = UNSET,
    status: SenderStatus | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> Response[Error | SenderList]:
    """List Senders in a SenderPool

     Retrieves a paginated list of the Senders assigned to a SenderPool; the date filters apply
    to the Sender's creation time.
    Inferred: items are sorted by the Sender's `createdAt` ascending, ties broken by `id`.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.
        channel (SenderCommunicationChannel | Unset): The medium a unit of communication is
            transmitted through.
        status (SenderStatus | Unset): ACTIVATED Senders can send and receive communications;
            DEACTIVATED ones cannot.
        start_date (datetime.datetime | Unset):
        end_date (datetime.datetime | Unset):
        page_token (str | Unset):
        page_size (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SenderList]
    """

    kwargs = _get_kwargs(
        sender_pool_id=sender_pool_id,
        channel=channel,
        status=status,
        start_date=start_date,
        end_date=end_date,
        page_token=page_token,
        page_size=page_size,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    sender_pool_id: str,
    *,
    client: AuthenticatedClient | Client,
    channel: SenderCommunicationChannel | Unset = UNSET,
    status: SenderStatus | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> Error | SenderList | None:
    """List Senders in a SenderPool

     Retrieves a paginated list of the Senders assigned to a SenderPool; the date filters apply
    to the Sender's creation time.
    Inferred: items are sorted by the Sender's `createdAt` ascending, ties broken by `id`.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.
        channel (SenderCommunicationChannel | Unset): The medium a unit of communication is
            transmitted through.
        status (SenderStatus | Unset): ACTIVATED Senders can send and receive communications;
            DEACTIVATED ones cannot.
        start_date (datetime.datetime | Unset):
        end_date (datetime.datetime | Unset):
        page_token (str | Unset):
        page_size (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SenderList
    """

    return sync_detailed(
        sender_pool_id=sender_pool_id,
        client=client,
        channel=channel,
        status=status,
        start_date=start_date,
        end_date=end_date,
        page_token=page_token,
        page_size=page_size,
    ).parsed


async def asyncio_detailed(
    sender_pool_id: str,
    *,
    client: AuthenticatedClient | Client,
    channel: SenderCommunicationChannel | Unset = UNSET,
    status: SenderStatus | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> Response[Error | SenderList]:
    """List Senders in a SenderPool

     Retrieves a paginated list of the Senders assigned to a SenderPool; the date filters apply
    to the Sender's creation time.
    Inferred: items are sorted by the Sender's `createdAt` ascending, ties broken by `id`.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.
        channel (SenderCommunicationChannel | Unset): The medium a unit of communication is
            transmitted through.
        status (SenderStatus | Unset): ACTIVATED Senders can send and receive communications;
            DEACTIVATED ones cannot.
        start_date (datetime.datetime | Unset):
        end_date (datetime.datetime | Unset):
        page_token (str | Unset):
        page_size (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SenderList]
    """

    kwargs = _get_kwargs(
        sender_pool_id=sender_pool_id,
        channel=channel,
        status=status,
        start_date=start_date,
        end_date=end_date,
        page_token=page_token,
        page_size=page_size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    sender_pool_id: str,
    *,
    client: AuthenticatedClient | Client,
    channel: SenderCommunicationChannel | Unset = UNSET,
    status: SenderStatus | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> Error | SenderList | None:
    """List Senders in a SenderPool

     Retrieves a paginated list of the Senders assigned to a SenderPool; the date filters apply
    to the Sender's creation time.
    Inferred: items are sorted by the Sender's `createdAt` ascending, ties broken by `id`.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
            Inferred: anchored with `$` (`x-inferred.pattern`); the documented pattern has no `$`.
        channel (SenderCommunicationChannel | Unset): The medium a unit of communication is
            transmitted through.
        status (SenderStatus | Unset): ACTIVATED Senders can send and receive communications;
            DEACTIVATED ones cannot.
        start_date (datetime.datetime | Unset):
        end_date (datetime.datetime | Unset):
        page_token (str | Unset):
        page_size (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SenderList
    """

    return (
        await asyncio_detailed(
            sender_pool_id=sender_pool_id,
            client=client,
            channel=channel,
            status=status,
            start_date=start_date,
            end_date=end_date,
            page_token=page_token,
            page_size=page_size,
        )
    ).parsed


def _expect(response: Response[Error | SenderList]) -> SenderList:
    """The 200 body of `response`, or errors.ApiError with whatever error body came instead."""
    if response.status_code == 200 and isinstance(response.parsed, SenderList):
        return response.parsed
    raise errors.ApiError(response.status_code, response.content, response.parsed)


def sync_all(
    sender_pool_id: str,
    *,
    client: AuthenticatedClient | Client,
    channel: SenderCommunicationChannel | Unset = UNSET,
    status: SenderStatus | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> Iterator[Sender]:
    """Every Sender of every page, from `page_token` (or the first page) to the last.

    Pages are fetched one at a time, as the iteration reaches them, by following
    `pagination.next`; the other arguments apply to every page.

    Raises:
        errors.ApiError: A page was answered with an error status.
        httpx.TimeoutException: A page took longer than Client.timeout.
    """
    while True:
        page = _expect(
            sync_detailed(
                sender_pool_id=sender_pool_id,
                client=client,
                channel=channel,
                status=status,
                start_date=start_date,
                end_date=end_date,
                page_token=page_token,
                page_size=page_size,
            )
        )
        yield from page.senders
        if not page.pagination.next_:
            return
        page_token = page.pagination.next_


async def asyncio_all(
    sender_pool_id: str,
    *,
    client: AuthenticatedClient | Client,
    channel: SenderCommunicationChannel | Unset = UNSET,
    status: SenderStatus | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> AsyncIterator[Sender]:
    """Every Sender of every page, from `page_token` (or the first page) to the last.

    Pages are fetched one at a time, as the iteration reaches them, by following
    `pagination.next`; the other arguments apply to every page.

    Raises:
        errors.ApiError: A page was answered with an error status.
        httpx.TimeoutException: A page took longer than Client.timeout.
    """
    while True:
        page = _expect(
            await asyncio_detailed(
                sender_pool_id=sender_pool_id,
                client=client,
                channel=channel,
                status=status,
                start_date=start_date,
                end_date=end_date,
                page_token=page_token,
                page_size=page_size,
            )
        )
        for item in page.senders:
            yield item
        if not page.pagination.next_:
            return
        page_token = page.pagination.next_
