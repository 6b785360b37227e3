"""How requests reach the API: base URL, credentials, timeouts and retries.

`Client` sends no credentials; `AuthenticatedClient` adds HTTP Basic authentication (an Account
SID and Auth Token, or an API key and secret) and `AuthenticatedClient.from_env()` reads them
from the variables Twilio's own SDKs use. Both send every request through a retry layer that
waits out 429 and 503 answers as their `RetryPolicy` says, and both time out by default
(`DEFAULT_TIMEOUT`). Inside `with deadline(seconds):` every request, retry and `Retry-After`
wait ends by that deadline (the wait helpers use it).
"""

import email.utils
import logging
import os
import ssl
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Self

import anyio
import httpx
from attrs import define, evolve, field

from .errors import MissingCredentials

# servers[0] of the spec; the generator does not hand servers to templates, and a test compares
# the two.
DEFAULT_BASE_URL = "https://comms.twilio.com/v1"

# Methods the API never changes state for, so sending them twice is harmless.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# httpx.Client arguments that configure its default transport; they are handed to the transport
# this module builds, because httpx ignores them once a transport is given.
_TRANSPORT_OPTIONS = frozenset({"cert", "http1", "http2", "limits", "proxy", "retries", "trust_env"})

# Used when a client is given no `timeout`: 10 s to connect, 30 s for each read, write or wait
# for a pooled connection. httpx's own `timeout=None` would wait forever.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

logger = logging.getLogger(__name__)

# The monotonic time by which the requests of the current context must end; see `deadline()`.
_DEADLINE: ContextVar[float | None] = ContextVar("twilio_comms_deadline", default=None)


@contextmanager
def deadline(seconds: float) -> Iterator[float]:
    """Bound every request sent inside the block, through a client's retry layer, by a deadline
    `seconds` from now: each request's connect/read/write/pool timeouts are cut to the time left,
    a retry whose `Retry-After` wait would end after the deadline is not made (the 429 or 503 is
    returned), and a request started after the deadline raises `httpx.TimeoutException`. Nested
    blocks keep the earlier deadline. Works for threads and asyncio tasks alike (a ContextVar).

    Yields the deadline as a `time.monotonic()` value.
    """
    at = time.monotonic() + seconds
    current = _DEADLINE.get()
    token = _DEADLINE.set(at if current is None else min(at, current))
    try:
        yield at if current is None else min(at, current)
    finally:
        _DEADLINE.reset(token)


def time_left() -> float | None:
    """Seconds until the current `deadline()`, or None outside one."""
    at = _DEADLINE.get()
    return None if at is None else at - time.monotonic()


def _within_deadline(request: httpx.Request) -> None:
    """Cut `request`'s timeouts to the current deadline; raise once it has passed."""
    left = time_left()
    if left is None:
        return
    if left <= 0:
        raise httpx.TimeoutException("the deadline passed before the request was sent", request=request)
    timeouts = dict(request.extensions.get("timeout") or {})
    for phase in ("connect", "read", "write", "pool"):
        given = timeouts.get(phase)
        timeouts[phase] = left if given is None else min(given, left)
    request.extensions["timeout"] = timeouts


def _wait_fits(wait: float) -> bool:
    left = time_left()
    return left is None or wait < left


@define(frozen=True)
class RetryPolicy:
    """When to send a request again after a 429 or 503 answer, and how long to wait first.

    The wait is what the answer's `Retry-After` header asks for (delta-seconds or an HTTP date);
    without a usable header it is `backoff` seconds, doubled on every further retry. GET, HEAD
    and OPTIONS are always retried. POST, PUT, PATCH and DELETE are retried only when
    `retry_unsafe_methods` is True, because the API documents no idempotency key: a retried
    create can create a second resource. A wait longer than `max_delay` is not made; the 429 or
    503 is returned to the caller instead.

    Attributes:
        max_retries: How many times one request is sent again at most; 0 turns retries off.
        retry_unsafe_methods: Also retry POST, PUT, PATCH and DELETE.
        statuses: The answers that are retried.
        backoff: The first wait, in seconds, when the answer has no usable `Retry-After`.
        max_delay: The longest single wait, in seconds.
    """

    max_retries: int = 3
    retry_unsafe_methods: bool = False
    statuses: frozenset[int] = frozenset({429, 503})
    backoff: float = 0.5
    max_delay: float = 60.0

    def delay(self, method: str, response: httpx.Response, retries_so_far: int) -> float | None:
        """Seconds to wait before sending the request again, or None to return `response`."""
        if response.status_code not in self.statuses or retries_so_far >= self.max_retries:
            return None
        if method.upper() not in SAFE_METHODS and not self.retry_unsafe_methods:
            return None
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None:
            wait = self.backoff * 2**retries_so_far
        return wait if wait <= self.max_delay else None


_NO_RETRIES = RetryPolicy(max_retries=0)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """The wait a `Retry-After` header asks for (RFC 9110: delta-seconds or an HTTP date).

    None when the header is missing or unreadable; a date in the past means no wait.
    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _log_retry(request: httpx.Request, response: httpx.Response, wait: float, retry: int) -> None:
    # The URL and status only: credentials travel in headers and never reach the log.
    logger.info(
        "%s %s answered %d; sending it again in %.1f s (retry %d)",
        request.method,
        request.url,
        response.status_code,
        wait,
        retry,
    )


class RetryTransport(httpx.BaseTransport):
    """Sends each request through `transport`, and again after a wait when `policy` says so."""

    def __init__(self, transport: httpx.BaseTransport, policy: RetryPolicy) -> None:
        self.transport = transport
        self.policy = policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        retries = 0
        while True:
            _within_deadline(request)
            response = self.transport.handle_request(request)
            wait = self.policy.delay(request.method, response, retries)
            if wait is None or not _wait_fits(wait):
                return response
            response.close()
            retries += 1
            _log_retry(request, response, wait, retries)
            time.sleep(wait)

    def close(self) -> None:
        self.transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The asynchronous twin of `RetryTransport`."""

    def __init__(self, transport: httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
        self.transport = transport
        self.policy = policy

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        retries = 0
        while True:
            _within_deadline(request)
            response = await self.transport.handle_async_request(request)
            wait = self.policy.delay(request.method, response, retries)
            if wait is None or not _wait_fits(wait):
                return response
            await response.aclose()
            retries += 1
            _log_retry(request, response, wait, retries)
            await anyio.sleep(wait)

    async def aclose(self) -> None:
        await self.transport.aclose()


def credentials_from_env(environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(username, password) for Basic authentication, as Twilio's SDKs read them.

    TWILIO_API_KEY and TWILIO_API_SECRET win when set; otherwise TWILIO_ACCOUNT_SID and
    TWILIO_AUTH_TOKEN. A pair set by half is an error, never silently skipped.
    """
    env = os.environ if environ is None else environ
    for user, secret in (("TWILIO_API_KEY", "TWILIO_API_SECRET"), ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN")):
        username, password = env.get(user, ""), env.get(secret, "")
        if username and password:
            return username, password
        if username or password:
            missing = secret if username else user
            present = user if username else secret
            raise MissingCredentials(f"{present} is set but {missing} is not")
    raise MissingCredentials(
        "no credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET"
    )


@define
class Client:
    """Sends requests to the API without credentials (see `AuthenticatedClient`).

    Attributes:
        base_url: Where the API lives, version included; default `DEFAULT_BASE_URL`.
        raise_on_unexpected_status: Raise `errors.UnexpectedStatus` for a status the spec does not
            document, instead of returning `parsed=None`.
        cookies, headers: Sent with every request.
        timeout: An `httpx.Timeout` for every request; `DEFAULT_TIMEOUT` (10 s to connect, 30 s
            per read, write or pool wait) unless given. `None` turns timeouts off (httpx's
            meaning), which lets a dead server block a call for ever.
        verify_ssl: Passed to httpx as `verify`.
        follow_redirects: Whether httpx follows redirects; the API sends none.
        retry: When 429 and 503 answers are sent again; None sends every request once.
        transport, async_transport: What carries requests under the retry layer; httpx's HTTP
            transports when None. Pass `httpx.MockTransport` or `httpx.ASGITransport(app)` to
            talk to a fake or an in-process emulator.
        httpx_args: More arguments for `httpx.Client` / `httpx.AsyncClient` (for example
            `limits`, `proxy` or `event_hooks`); use `transport` above rather than a
            `transport` or `mounts` entry here, which would bypass the retry layer.
    """

    _base_url: str = field(default=DEFAULT_BASE_URL, alias="base_url")
    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | None = field(default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _retry: RetryPolicy | None = field(factory=RetryPolicy, kw_only=True, alias="retry")
    _transport: httpx.BaseTransport | None = field(default=None, kw_only=True, alias="transport")
    _async_transport: httpx.AsyncBaseTransport | None = field(default=None, kw_only=True, alias="async_transport")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)

    def __attrs_post_init__(self) -> None:
        bypassing = {"transport", "mounts"} & self._httpx_args.keys()
        if bypassing:
            raise ValueError(
                f"httpx_args may not contain {sorted(bypassing)}: pass transport= or async_transport= "
                "so that requests still go through the retry layer"
            )

    @property
    def base_url(self) -> str:
        return self._base_url

    def with_headers(self, headers: dict[str, str]) -> Self:
        """Get a new client matching this one with additional headers"""
        if self._client is not None:
            self._client.headers.update(headers)
        if self._async_client is not None:
            self._async_client.headers.update(headers)
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> Self:
        """Get a new client matching this one with additional cookies"""
        if self._client is not None:
            self._client.cookies.update(cookies)
        if self._async_client is not None:
            self._async_client.cookies.update(cookies)
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout | None) -> Self:
        """Get a new client matching this one with a new timeout configuration"""
        if self._client is not None:
            self._client.timeout = timeout
        if self._async_client is not None:
            self._async_client.timeout = timeout
        return evolve(self, timeout=timeout)

    def _auth(self) -> httpx.Auth | None:
        return None

    def _client_args(self) -> dict[str, Any]:
        return {
            "base_url": self._base_url,
            "auth": self._auth(),
            "cookies": self._cookies,
            "headers": self._headers,
            "timeout": self._timeout,
            "follow_redirects": self._follow_redirects,
            **{k: v for k, v in self._httpx_args.items() if k not in _TRANSPORT_OPTIONS or k == "trust_env"},
        }

    def _transport_args(self) -> dict[str, Any]:
        return {"verify": self._verify_ssl, **{k: v for k, v in self._httpx_args.items() if k in _TRANSPORT_OPTIONS}}

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Use this httpx.Client as it is: its own settings, and no retry layer unless it has one
        (so no `deadline()` either)."""
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """The underlying httpx.Client, built on first use."""
        if self._client is None:
            transport = self._transport or httpx.HTTPTransport(**self._transport_args())
            # Always layered, so that a deadline() bounds requests even with retries off.
            transport = RetryTransport(transport, self._retry or _NO_RETRIES)
            self._client = httpx.Client(transport=transport, **self._client_args())
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for the httpx.Client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for the httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Use this httpx.AsyncClient as it is: its own settings, and no retry layer unless it has
        one (so no `deadline()` either)."""
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The underlying httpx.AsyncClient, built on first use."""
        if self._async_client is None:
            transport = self._async_transport or httpx.AsyncHTTPTransport(**self._transport_args())
            transport = AsyncRetryTransport(transport, self._retry or _NO_RETRIES)
            self._async_client = httpx.AsyncClient(transport=transport, **self._client_args())
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for the httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for the httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


@define
class AuthenticatedClient(Client):
    """A `Client` that authenticates every request with HTTP Basic, as the API requires.

    The username and password are an Account SID and its Auth Token, or an API key SID and its
    secret. `from_env()` reads them from the environment.

    Attributes:
        username: The Account SID or API key SID.
        password: The Auth Token or API key secret; never shown in `repr()`.
    """

    username: str = field(kw_only=True)
    password: str = field(kw_only=True, repr=False)

    @classmethod
    def from_env(
        cls, base_url: str = DEFAULT_BASE_URL, *, environ: Mapping[str, str] | None = None, **kwargs: Any
    ) -> Self:
        """A client with credentials from TWILIO_API_KEY + TWILIO_API_SECRET, else
        TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN.

        Raises:
            errors.MissingCredentials: neither pair is fully set.
        """
        username, password = credentials_from_env(environ)
        return cls(base_url, username=username, password=password, **kwargs)

    def _auth(self) -> httpx.Auth | None:
        return httpx.BasicAuth(self.username, self.password)
