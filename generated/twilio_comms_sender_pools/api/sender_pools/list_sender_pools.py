import datetime
import json
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import anyio
import httpx

from ... import errors
from ...client import AuthenticatedClient, Client, deadline, retry_after_seconds
from ...models.comms_error import CommsError
from ...models.sender_pool import SenderPool
from ...models.sender_pool_list import SenderPoolList
from ...types import UNSET, Response, Unset, http_status
from . import fetch_sender_pool_operation


def _get_kwargs(
    *,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    operation_id: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

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

    params["operationId"] = operation_id

    params["pageToken"] = page_token

    params["pageSize"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/SenderPools",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CommsError | SenderPoolList | None:
    if response.status_code == 200:
        try:
            response_200 = SenderPoolList.from_dict(response.json())

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
) -> Response[CommsError | SenderPoolList]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    operation_id: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> Response[CommsError | SenderPoolList]:
    """List SenderPools

     Fetches a paginated list of SenderPools.

    Args:
        start_date (datetime.datetime | Unset):
        end_date (datetime.datetime | Unset):
        operation_id (str | Unset): The ID of an Operation; it also correlates the resources the
            Operation created.
        page_token (str | Unset):
        page_size (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommsError | SenderPoolList]
    """

    kwargs = _get_kwargs(
        start_date=start_date,
        end_date=end_date,
        operation_id=operation_id,
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
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    operation_id: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> CommsError | SenderPoolList | None:
    """List SenderPools

     Fetches a paginated list of SenderPools.

    Args:
        start_date (datetime.datetime | Unset):
        end_date (datetime.datetime | Unset):
        operation_id (str | Unset): The ID of an Operation; it also correlates the resources the
            Operation created.
        page_token (str | Unset):
        page_size (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommsError | SenderPoolList
    """

    return sync_detailed(
        client=client,
        start_date=start_date,
        end_date=end_date,
        operation_id=operation_id,
        page_token=page_token,
        page_size=page_size,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    operation_id: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> Response[CommsError | SenderPoolList]:
    """List SenderPools

     Fetches a paginated list of SenderPools.

    Args:
        start_date (datetime.datetime | Unset):
        end_date (datetime.datetime | Unset):
        operation_id (str | Unset): The ID of an Operation; it also correlates the resources the
            Operation created.
        page_token (str | Unset):
        page_size (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommsError | SenderPoolList]
    """

    kwargs = _get_kwargs(
        start_date=start_date,
        end_date=end_date,
        operation_id=operation_id,
        page_token=page_token,
        page_size=page_size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    operation_id: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> CommsError | SenderPoolList | None:
    """List SenderPools

     Fetches a paginated list of SenderPools.

    Args:
        start_date (datetime.datetime | Unset):
        end_date (datetime.datetime | Unset):
        operation_id (str | Unset): The ID of an Operation; it also correlates the resources the
            Operation created.
        page_token (str | Unset):
        page_size (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommsError | SenderPoolList
    """

    return (
        await asyncio_detailed(
            client=client,
            start_date=start_date,
            end_date=end_date,
            operation_id=operation_id,
            page_token=page_token,
            page_size=page_size,
        )
    ).parsed


def _expect(response: Response[CommsError | SenderPoolList]) -> SenderPoolList:
    """The success body of `response`; errors.ApiError (or UnreadableResponse) for anything else."""
    if isinstance(response.parsed, SenderPoolList) and 200 <= response.status_code < 300:
        return response.parsed
    if 200 <= response.status_code < 300:
        # An undocumented success status: read the body as the documented success would be (an
        # empty body as `{}`, which parses when every field is one the client tolerates missing).
        try:
            data = json.loads(response.content) if response.content.strip() else {}
            return SenderPoolList.from_dict(data)
        except (ValueError, TypeError, KeyError, AttributeError) as cause:
            raise errors.UnreadableResponse(
                response.status_code,
                response.content,
                headers=response.headers,
                reason=f"the {response.status_code} body is not a SenderPoolList ({cause!r})",
            ) from cause
    error = response.parsed if isinstance(response.parsed, CommsError) else errors.parse_error(response.content)
    raise errors.ApiError(response.status_code, response.content, error, response.headers)


def call(
    *,
    client: AuthenticatedClient | Client,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    operation_id: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> SenderPoolList:
    """List SenderPools: the SenderPoolList, or an exception.

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
            start_date=start_date,
            end_date=end_date,
            operation_id=operation_id,
            page_token=page_token,
            page_size=page_size,
        )
    )


async def acall(
    *,
    client: AuthenticatedClient | Client,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    operation_id: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> SenderPoolList:
    """The asynchronous twin of `call`: the SenderPoolList, or errors.ApiError."""
    return _expect(
        await asyncio_detailed(
            client=client,
            start_date=start_date,
            end_date=end_date,
            operation_id=operation_id,
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


def _next_token(response: Response[CommsError | SenderPoolList], page: SenderPoolList, seen: set[str]) -> str | None:
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
    *,
    client: AuthenticatedClient | Client,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    operation_id: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> Iterator[SenderPool]:
    """Every SenderPool of every page, from `page_token` (or the first page) to the last.

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
            client=client,
            start_date=start_date,
            end_date=end_date,
            operation_id=operation_id,
            page_token=page_token,
            page_size=page_size,
        )
        page = _expect(response)
        if not isinstance(page.sender_pools, Unset):
            yield from page.sender_pools
        token = _next_token(response, page, seen)
        if token is None:
            return
        page_token = token


async def asyncio_all(
    *,
    client: AuthenticatedClient | Client,
    start_date: datetime.datetime | Unset = UNSET,
    end_date: datetime.datetime | Unset = UNSET,
    operation_id: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
    page_size: int | Unset = 50,
) -> AsyncIterator[SenderPool]:
    """Every SenderPool of every page, from `page_token` (or the first page) to the last.

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
            client=client,
            start_date=start_date,
            end_date=end_date,
            operation_id=operation_id,
            page_token=page_token,
            page_size=page_size,
        )
        page = _expect(response)
        for item in [] if isinstance(page.sender_pools, Unset) else page.sender_pools:
            yield item
        token = _next_token(response, page, seen)
        if token is None:
            return
        page_token = token


# How often `sync_find` reads the list again while it shows nothing.
FIND_POLL_INTERVAL = 0.5
# Answers that mean "ask again later" to a find, once the client's retry layer has given up.
BUSY_STATUSES = frozenset({429, 503})
# A request timeout this close to the deadline is the deadline's doing.
_SLACK = 0.05


def _look(operation_id: str, client: AuthenticatedClient | Client) -> tuple[list[SenderPool], float]:
    """(every SenderPool listed for the Operation now, the seconds a busy server asked to be
    left alone): a 429 or 503 the retry layer returns is an empty look, not an error."""
    try:
        return list(sync_all(client=client, operation_id=operation_id)), 0.0
    except errors.UnreadableResponse:
        raise
    except errors.ApiError as error:
        if error.status_code not in BUSY_STATUSES:
            raise
        return [], retry_after_seconds(error.retry_after) or 0.0


async def _alook(operation_id: str, client: AuthenticatedClient | Client) -> tuple[list[SenderPool], float]:
    """The asynchronous twin of `_look`."""
    try:
        return [item async for item in asyncio_all(client=client, operation_id=operation_id)], 0.0
    except errors.UnreadableResponse:
        raise
    except errors.ApiError as error:
        if error.status_code not in BUSY_STATUSES:
            raise
        return [], retry_after_seconds(error.retry_after) or 0.0


def _pause(operation_id: str, until: float, allowed: float, poll_interval: float, asked: float) -> float:
    """How long to wait before the next look; errors.NotListed when it would end past `until`."""
    wait = max(poll_interval, asked)
    if until - time.monotonic() <= wait:
        raise errors.NotListed(operation_id, allowed)
    return wait


def _find_by(
    operation_id: str, client: AuthenticatedClient | Client, until: float, allowed: float, poll_interval: float
) -> list[SenderPool]:
    """The re-reading loop of `sync_find`, ending at the monotonic time `until`."""
    while True:
        try:
            found, asked = _look(operation_id, client)
        except httpx.TimeoutException as cause:
            if until - time.monotonic() <= _SLACK:
                raise errors.NotListed(operation_id, allowed) from cause
            found, asked = [], 0.0  # one read timed out early: read again
        if found:
            return found
        time.sleep(_pause(operation_id, until, allowed, poll_interval, asked))


async def _afind_by(
    operation_id: str, client: AuthenticatedClient | Client, until: float, allowed: float, poll_interval: float
) -> list[SenderPool]:
    """The asynchronous twin of `_find_by`."""
    while True:
        try:
            found, asked = await _alook(operation_id, client)
        except httpx.TimeoutException as cause:
            if until - time.monotonic() <= _SLACK:
                raise errors.NotListed(operation_id, allowed) from cause
            found, asked = [], 0.0  # one read timed out early: read again
        if found:
            return found
        await anyio.sleep(_pause(operation_id, until, allowed, poll_interval, asked))


def sync_find(
    operation_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float = 30.0,
    poll_interval: float = FIND_POLL_INTERVAL,
) -> list[SenderPool]:
    """Every SenderPool the Operation `operation_id` produced, reading the list (every page)
    again every `poll_interval` seconds while it shows nothing: a list may lag writes, so one
    empty read after the Operation completed proves nothing. It does not wait for the Operation
    (`sync_wait_and_find` does). `timeout` is a deadline for everything, retries and
    `Retry-After` waits included (see `client.deadline`); a 429 or 503 the retry layer returns,
    or a read that times out before the deadline, is read again.

    Raises:
        errors.NotListed: Still nothing listed at the deadline.
        errors.ApiError: A page was answered with another error status.
    """
    with deadline(timeout) as until:
        return _find_by(operation_id, client, until, timeout, poll_interval)


async def asyncio_find(
    operation_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float = 30.0,
    poll_interval: float = FIND_POLL_INTERVAL,
) -> list[SenderPool]:
    """The asynchronous twin of `sync_find`.

    Raises:
        errors.NotListed: Still nothing listed at the deadline.
        errors.ApiError: A page was answered with another error status.
    """
    with deadline(timeout) as until:
        return await _afind_by(operation_id, client, until, timeout, poll_interval)


# How long `sync_wait_and_find` re-reads the list after the Operation completed, by default:
# the lag a list may have behind writes; past it, an empty list is an answer, not a lag.
CONSISTENCY_WINDOW = 30.0


def _window(outer: float, consistency_window: float) -> float:
    """The seconds the list is re-read for: the window, cut to what is left of the deadline."""
    return max(0.0, min(consistency_window, outer - time.monotonic()))


def sync_wait_and_find(
    operation_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float = 60.0,
    poll_interval: float = FIND_POLL_INTERVAL,
    consistency_window: float = CONSISTENCY_WINDOW,
) -> list[SenderPool]:
    """Wait for the Operation `operation_id`, then return every SenderPool it produced: the
    documented create-then-find flow in one call (`fetch_sender_pool_operation.sync_wait`, then `sync_find`).

    `timeout` is one deadline for everything: the Operation's polls, the list's reads, the
    client's retries and their `Retry-After` waits, and each request's own timeouts. While the
    Operation runs, its polls follow `sync_wait` (a 429 or 503 is polled again, a status this
    client does not know counts as still running). Once it has COMPLETED the list is read every
    `poll_interval` seconds while it is empty, for at most `consistency_window` seconds (cut to
    the deadline): how far the list may lag the Operation, kept apart from the deadline so that
    a long wait for the Operation does not also make a long wait for a list that stays empty.

    Raises:
        errors.OperationCanceled: The Operation ended CANCELED; it made nothing to find.
        errors.OperationTimeout: The Operation had not ended by the deadline.
        errors.NotListed: It COMPLETED, but the list still showed nothing at the end of the
            window (or of the deadline).
        errors.ApiError: The API answered with another error status (404 for an unknown ID).
    """
    with deadline(timeout) as outer:
        operation = fetch_sender_pool_operation.sync_wait(
            operation_id, client=client, timeout=timeout, poll_interval=poll_interval
        )
        if str(operation.status) == "CANCELED":
            raise errors.OperationCanceled(operation)  # it made nothing to find
        allowed = _window(outer, consistency_window)
        with deadline(allowed) as until:
            return _find_by(operation_id, client, until, allowed, poll_interval)


async def asyncio_wait_and_find(
    operation_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float = 60.0,
    poll_interval: float = FIND_POLL_INTERVAL,
    consistency_window: float = CONSISTENCY_WINDOW,
) -> list[SenderPool]:
    """The asynchronous twin of `sync_wait_and_find`.

    Raises:
        errors.OperationCanceled: The Operation ended CANCELED; it made nothing to find.
        errors.OperationTimeout: The Operation had not ended by the deadline.
        errors.NotListed: It COMPLETED, but the list still showed nothing at the end of the
            window (or of the deadline).
        errors.ApiError: The API answered with another error status (404 for an unknown ID).
    """
    with deadline(timeout) as outer:
        operation = await fetch_sender_pool_operation.asyncio_wait(
            operation_id, client=client, timeout=timeout, poll_interval=poll_interval
        )
        if str(operation.status) == "CANCELED":
            raise errors.OperationCanceled(operation)  # it made nothing to find
        allowed = _window(outer, consistency_window)
        with deadline(allowed) as until:
            return await _afind_by(operation_id, client, until, allowed, poll_interval)
