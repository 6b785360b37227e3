import datetime
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal
from urllib.parse import parse_qs, quote, urlsplit

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.comms_error import CommsError
from ...models.sender import Sender
from ...models.sender_communication_channel import SenderCommunicationChannel
from ...models.sender_list import SenderList
from ...models.sender_status import SenderStatus
from ...types import UNSET, Response, Unset, http_status


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
        json_channel = SenderCommunicationChannel(channel).value

    params["channel"] = json_channel

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = SenderStatus(status).value

    params["status"] = json_status

    json_start_date: str | Unset = UNSET
    if not isinstance(start_date, Unset):
        if start_date.tzinfo is None or start_date.utcoffset() is None:
            raise ValueError(
                "start_date: a datetime with a time zone is needed (for example datetime.now(UTC)), not a naive one"
            )

        json_start_date = start_date.isoformat()
    params["startDate"] = json_start_date

    json_end_date: str | Unset = UNSET
    if not isinstance(end_date, Unset):
        if end_date.tzinfo is None or end_date.utcoffset() is None:
            raise ValueError(
                "end_date: a datetime with a time zone is needed (for example datetime.now(UTC)), not a naive one"
            )

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


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CommsError | SenderList | None:
    if response.status_code == 200:
        try:
            response_200 = SenderList.from_dict(response.json())

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
) -> Response[CommsError | SenderList]:
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
    channel: SenderCommunicationChannel | Unset = UNSET,
    status: SenderStatus | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> Response[CommsError | SenderList]:
    """List Senders in a SenderPool

     Retrieves a paginated list of the Senders assigned to a SenderPool; the date filters apply
    to the Sender's creation time.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
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
        Response[CommsError | SenderList]
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
) -> CommsError | SenderList | None:
    """List Senders in a SenderPool

     Retrieves a paginated list of the Senders assigned to a SenderPool; the date filters apply
    to the Sender's creation time.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
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
        CommsError | SenderList
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
) -> Response[CommsError | SenderList]:
    """List Senders in a SenderPool

     Retrieves a paginated list of the Senders assigned to a SenderPool; the date filters apply
    to the Sender's creation time.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
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
        Response[CommsError | SenderList]
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
) -> CommsError | SenderList | None:
    """List Senders in a SenderPool

     Retrieves a paginated list of the Senders assigned to a SenderPool; the date filters apply
    to the Sender's creation time.

    Args:
        sender_pool_id (str): The ID of a SenderPool.
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
        CommsError | SenderList
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


def _expect(response: Response[CommsError | SenderList]) -> SenderList:
    """The success body of `response`; errors.ApiError (or UnreadableResponse) for anything else."""
    if isinstance(response.parsed, SenderList) and 200 <= response.status_code < 300:
        return response.parsed
    if 200 <= response.status_code < 300:
        # An undocumented success status: read the body as the documented success would be (an
        # empty body as `{}`, which parses when every field is one the client tolerates missing).
        try:
            data = json.loads(response.content) if response.content.strip() else {}
            return SenderList.from_dict(data)
        except (ValueError, TypeError, KeyError, AttributeError) as cause:
            raise errors.UnreadableResponse(
                response.status_code,
                response.content,
                headers=response.headers,
                reason=f"the {response.status_code} body is not a SenderList ({cause!r})",
            ) from cause
    error = response.parsed if isinstance(response.parsed, CommsError) else errors.parse_error(response.content)
    raise errors.ApiError(response.status_code, response.content, error, response.headers)


def call(
    sender_pool_id: str,
    *,
    client: AuthenticatedClient | Client,
    channel: SenderCommunicationChannel | Literal["SMS", "RCS", "EMAIL", "WHATSAPP", "PUSH"] | Unset = UNSET,
    status: SenderStatus | Literal["ACTIVATED", "DEACTIVATED"] | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> SenderList:
    """List Senders in a SenderPool: the SenderList, or an exception.

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
            channel=SenderCommunicationChannel(channel) if isinstance(channel, str) else channel,
            status=SenderStatus(status) if isinstance(status, str) else status,
            start_date=start_date,
            end_date=end_date,
            page_token=page_token,
            page_size=page_size,
        )
    )


async def acall(
    sender_pool_id: str,
    *,
    client: AuthenticatedClient | Client,
    channel: SenderCommunicationChannel | Literal["SMS", "RCS", "EMAIL", "WHATSAPP", "PUSH"] | Unset = UNSET,
    status: SenderStatus | Literal["ACTIVATED", "DEACTIVATED"] | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> SenderList:
    """The asynchronous twin of `call`: the SenderList, or errors.ApiError."""
    return _expect(
        await asyncio_detailed(
            sender_pool_id=sender_pool_id,
            client=client,
            channel=SenderCommunicationChannel(channel) if isinstance(channel, str) else channel,
            status=SenderStatus(status) if isinstance(status, str) else status,
            start_date=start_date,
            end_date=end_date,
            page_token=page_token,
            page_size=page_size,
        )
    )


def page_token_of(next_: str) -> str:
    """A `pagination.next` value as a `pageToken`: the token itself, or, when the server hands
    back a URL (the guide's samples do), that URL's `pageToken` query parameter."""
    if "://" in next_ or next_.startswith("/"):
        tokens = parse_qs(urlsplit(next_).query).get("pageToken")
        if tokens:
            return tokens[0]
    return next_


def _next_token(response: Response[CommsError | SenderList], page: SenderList, seen: set[str]) -> str | None:
    """The token of the page after `page`, or None on the last page.

    Raises:
        errors.PaginationLoop: The token was already followed in this iteration.
    """
    pagination = page.pagination
    next_ = UNSET if isinstance(pagination, Unset) else pagination.next_
    if not isinstance(next_, str) or not next_:
        return None  # the last page (or a page that says nothing of a next one)
    token = page_token_of(next_)
    if token in seen:
        raise errors.PaginationLoop(response.status_code, response.content, token, response.headers)
    seen.add(token)
    return token


def sync_all(
    sender_pool_id: str,
    *,
    client: AuthenticatedClient | Client,
    channel: SenderCommunicationChannel | Literal["SMS", "RCS", "EMAIL", "WHATSAPP", "PUSH"] | Unset = UNSET,
    status: SenderStatus | Literal["ACTIVATED", "DEACTIVATED"] | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> Iterator[Sender]:
    """Every Sender of every page, from `page_token` (or the first page) to the last.

    Pages are fetched one at a time, as the iteration reaches them, by following
    `pagination.next` (a URL-valued `next` is reduced to its `pageToken`); the other arguments
    (enum ones also as plain strings) apply to every page.

    Raises:
        errors.ApiError: A page was answered with an error status.
        errors.PaginationLoop: The server handed back a token already followed.
        httpx.TimeoutException: A page took longer than Client.timeout.
    """
    seen: set[str] = set() if isinstance(page_token, Unset) else {page_token}
    while True:
        response = sync_detailed(
            sender_pool_id=sender_pool_id,
            client=client,
            channel=SenderCommunicationChannel(channel) if isinstance(channel, str) else channel,
            status=SenderStatus(status) if isinstance(status, str) else status,
            start_date=start_date,
            end_date=end_date,
            page_token=page_token,
            page_size=page_size,
        )
        page = _expect(response)
        if not isinstance(page.senders, Unset):
            yield from page.senders
        token = _next_token(response, page, seen)
        if token is None:
            return
        page_token = token


async def asyncio_all(
    sender_pool_id: str,
    *,
    client: AuthenticatedClient | Client,
    channel: SenderCommunicationChannel | Literal["SMS", "RCS", "EMAIL", "WHATSAPP", "PUSH"] | Unset = UNSET,
    status: SenderStatus | Literal["ACTIVATED", "DEACTIVATED"] | Unset = UNSET,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> AsyncIterator[Sender]:
    """Every Sender of every page, from `page_token` (or the first page) to the last.

    Pages are fetched one at a time, as the iteration reaches them, by following
    `pagination.next` (a URL-valued `next` is reduced to its `pageToken`); the other arguments
    (enum ones also as plain strings) apply to every page.

    Raises:
        errors.ApiError: A page was answered with an error status.
        errors.PaginationLoop: The server handed back a token already followed.
        httpx.TimeoutException: A page took longer than Client.timeout.
    """
    seen: set[str] = set() if isinstance(page_token, Unset) else {page_token}
    while True:
        response = await asyncio_detailed(
            sender_pool_id=sender_pool_id,
            client=client,
            channel=SenderCommunicationChannel(channel) if isinstance(channel, str) else channel,
            status=SenderStatus(status) if isinstance(status, str) else status,
            start_date=start_date,
            end_date=end_date,
            page_token=page_token,
            page_size=page_size,
        )
        page = _expect(response)
        for item in [] if isinstance(page.senders, Unset) else page.senders:
            yield item
        token = _next_token(response, page, seen)
        if token is None:
            return
        page_token = token
