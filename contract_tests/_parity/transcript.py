"""Sanitised transcripts: a run's requests and normalised answers, safe to keep and commit.

A transcript is JSON: `{"format": FORMAT, "target": ..., "exchanges": [entry, ...]}`, each entry

    {"operation": "createSenderPool",
     "request": {"method": "POST", "path": "/SenderPools", "query": [["pageSize", "2"]],
                 "body": {...}, "auth": "primary"},
     "response": {"status": 202, "headers": {"location": "<api>/..."}, "body": {...}},
     "compare": "full" | "shape",    # shape: account data (inventory) differs by nature
     "poll": false}                  # an Operation read: replay polls it until it is terminal

Requests hold placeholders (`<SenderPoolId#1>`, `<date-time#3>`, `<run-tag>`) where the
recording used a value the target handed out, so a replay can substitute its own. Credentials,
phone numbers and email addresses never reach the file (see `normalise`).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

from comms_spec import Contract, resolve
from contract_tests._judge import Observed
from contract_tests._parity.normalise import API, Normaliser
from contract_tests._redaction import Redactor
from contract_tests._target import Credentials, Target

FORMAT = "comms-parity-transcript/1"


class TranscriptError(Exception):
    """A file that is not a transcript this kit can replay (exit code 2)."""


@dataclass
class Entry:
    operation: str | None
    request: dict[str, Any]
    response: dict[str, Any]
    compare: str = "full"
    poll: bool = False
    curl: str = field(default="", compare=False)  # for reports only, never saved

    def to_json(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "request": self.request,
            "response": self.response,
            "compare": self.compare,
            "poll": self.poll,
        }

    @classmethod
    def from_json(cls, data: Any) -> Entry:
        try:
            request, response = data["request"], data["response"]
            for key in ("method", "path", "query", "auth"):
                request[key]
            int(response["status"])
            return cls(
                data.get("operation"),
                request,
                response,
                str(data.get("compare", "full")),
                bool(data.get("poll", False)),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise TranscriptError(f"not a transcript exchange: {error!r}") from None

    @property
    def label(self) -> str:
        return f"{self.request['method']} {self.request['path']}"

    def reproduce(self) -> str:
        """The request as curl: as sent when this process sent it, else in normal form."""
        if self.curl:
            return self.curl
        query = urlencode([(k, v) for k, v in self.request["query"]], safe="<>#")
        url = f"{API}{self.request['path']}" + (f"?{query}" if query else "")
        return _curl(self.request["method"], url, self.request.get("body"), Redactor([]))


def auth_label(target: Target, credentials: Credentials | None, anonymous: bool) -> str:
    if anonymous:
        return "none"
    if credentials is None or credentials == target.credentials:
        return "primary"
    if credentials == target.second_account:
        return "second"
    return "wrong"


class Recorder:
    """An `ApiSession` observer that keeps every exchange in normal form."""

    def __init__(self, contract: Contract, target: Target, normaliser: Normaliser) -> None:
        self.contract = contract
        self.target = target
        self.normaliser = normaliser
        self.entries: list[Entry] = []
        self._compare = "full"
        self._prefix = urlsplit(target.api_base).path
        self._lock = threading.Lock()  # numbering must follow one order, whoever sends
        self.expected: dict[str, Any] | None = None  # a replay's recorded answer, to align to

    @contextmanager
    def shape_only(self) -> Iterator[None]:
        """Exchanges about account data (the sender inventory): compared by shape only."""
        self._compare = "shape"
        try:
            yield
        finally:
            self._compare = "full"

    def observe(self, seen: Observed) -> None:
        with self._lock:
            entry = self.entry(
                seen.response,
                op_id=seen.call.op_id,
                body=seen.call.body,
                content=seen.content,
                auth=auth_label(self.target, seen.credentials, seen.anonymous),
            )
            if entry.poll and self._repeats_last_poll(entry):
                self.entries.pop()  # a poll's earlier answers: only the last is compared
            self.entries.append(entry)

    def _repeats_last_poll(self, entry: Entry) -> bool:
        previous = self.entries[-1] if self.entries else None
        return previous is not None and previous.poll and previous.request == entry.request

    def entry(
        self,
        response: httpx.Response,
        *,
        op_id: str | None,
        body: Any,
        content: bytes | None,
        auth: str,
    ) -> Entry:
        normal = self.normaliser
        url = response.request.url
        method = response.request.method
        path = (
            url.path.removeprefix(self._prefix)
            if str(url).startswith(self.target.api_base)
            else str(url.copy_with(query=None))
        )
        request_body = body if content is None else content.decode("utf-8", "replace")
        request = {
            "method": method,
            "path": normal.request_text(path),
            "query": [
                [k, normal.request_text(v)]
                for k, v in parse_qsl(url.query.decode(), keep_blank_values=True)
            ],
            "body": normal.request_value(request_body),
            "auth": auth,
        }
        status = response.status_code
        try:
            answer: Any = response.json()
        except ValueError:
            answer = normal.text(response.text) if response.text else None
        else:
            if self.expected is not None:
                normal.align(answer, self.expected.get("body"))
            answer = normal.response_body(answer, error=status >= 400)
        if self.expected is not None:
            normal.align(dict(response.headers), self.expected.get("headers", {}))
        headers = {
            name: normal.text(response.headers[name])
            for name in self._headers(op_id, status)
            if name in response.headers
        }
        content_type = response.headers.get("content-type")
        if content_type:
            headers["content-type"] = content_type.split(";")[0].strip()
        poll = method == "GET" and request["path"].rsplit("/", 1)[-1].startswith("<OperationId#")
        return Entry(
            op_id,
            request,
            {"status": status, "headers": dict(sorted(headers.items())), "body": answer},
            self._compare,
            poll,
            curl=_curl(method, str(url), request_body, normal.redactor),
        )

    def _headers(self, op_id: str | None, status: int) -> list[str]:
        """The response headers the spec declares here: the only ones that must agree (a
        server's Date, request IDs and the like are expected to differ)."""
        if op_id is None:
            return []
        responses = self.contract.operation(op_id).node.get("responses", {})
        declared = responses.get(str(status)) or responses.get("default") or {}
        return [
            name.lower() for name in resolve(self.contract.document, declared).get("headers", {})
        ]


def _curl(method: str, url: str, body: Any, redactor: Redactor) -> str:
    parts = [f"curl -X {method} -u '[REDACTED]'"]
    if body is not None:
        text = body if isinstance(body, str) else json.dumps(body)
        parts.append(f"-H 'Content-Type: application/json' -d '{text[:2000]}'")
    parts.append(f"'{url}'")
    return redactor.redact(" ".join(parts))


def save(path: Path, target_name: str, entries: list[Entry]) -> None:
    data = {
        "format": FORMAT,
        "target": target_name,
        "recordedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "exchanges": [entry.to_json() for entry in entries],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def load(path: Path) -> list[Entry]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise TranscriptError(f"cannot read transcript {path}: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TranscriptError(f"{path} is not a transcript (format {FORMAT!r} expected)")
    exchanges = data.get("exchanges")
    if not isinstance(exchanges, list) or not exchanges:
        raise TranscriptError(f"{path}: `exchanges` must be a non-empty list")
    return [Entry.from_json(item) for item in exchanges]
