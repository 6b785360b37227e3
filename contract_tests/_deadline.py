"""An overall deadline per request, for both HTTP stacks the run sends through (httpx for the
suite's own requests, requests for Schemathesis'). A client's timeouts bound each wait for a
byte, so a body that trickles a byte a second never trips them; here the whole exchange, from
sending to the last byte of the body, must end by the deadline."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import requests
from requests.adapters import HTTPAdapter

DEFAULT_REQUEST_DEADLINE = 30.0  # seconds for a whole exchange
_CHUNK = 16_384


def _late(what: str, deadline: float) -> str:
    return f"{what}: no complete answer within the request deadline ({deadline:g} s)"


class _DeadlineStream(httpx.SyncByteStream):
    def __init__(self, stream: httpx.SyncByteStream, ends: float, what: str, limit: float):
        self._stream = stream
        self._ends = ends
        self._what = what
        self._limit = limit

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._stream:
            if time.monotonic() > self._ends:
                raise httpx.ReadTimeout(_late(self._what, self._limit))
            yield chunk

    def close(self) -> None:
        self._stream.close()


class DeadlineTransport(httpx.BaseTransport):
    """An httpx transport whose every exchange ends within `deadline` seconds."""

    def __init__(self, inner: httpx.BaseTransport, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        ends = time.monotonic() + self._deadline
        response = self._inner.handle_request(request)
        stream = response.stream
        assert isinstance(stream, httpx.SyncByteStream)
        what = f"{request.method} {request.url.path}"
        response.stream = _DeadlineStream(stream, ends, what, self._deadline)
        return response

    def close(self) -> None:
        self._inner.close()


class DeadlineAdapter(HTTPAdapter):
    """A requests adapter whose every exchange ends within `deadline` seconds: the body is
    read here, a chunk at a time, against the clock."""

    def __init__(self, deadline: float) -> None:
        super().__init__()
        self._deadline = deadline

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, stream: bool = False, **kwargs: Any
    ) -> requests.Response:
        ends = time.monotonic() + self._deadline
        kwargs["timeout"] = self._deadline  # connect, and each wait for a byte
        response = super().send(request, stream=True, **kwargs)
        if stream:
            return response
        chunks = []
        for chunk in response.iter_content(_CHUNK):
            if time.monotonic() > ends:
                response.close()
                what = f"{request.method} {request.path_url}"
                raise requests.exceptions.ReadTimeout(_late(what, self._deadline), request=request)
            chunks.append(chunk)
        # What requests itself does when it reads a body that was not streamed.
        response._content = b"".join(chunks)
        response._content_consumed = True
        return response


class NoRedirectSession(requests.Session):
    """A requests session for Schemathesis' sends: the deadline on every exchange, and no
    redirect ever followed (a redirect is the answer under test, and a loop of them would be
    thousands of requests the run never decided to send)."""

    def __init__(self, deadline: float) -> None:
        super().__init__()
        adapter = DeadlineAdapter(deadline)
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        kwargs["allow_redirects"] = False
        return super().send(request, **kwargs)
