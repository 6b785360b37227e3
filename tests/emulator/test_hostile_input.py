"""The bad-input corpus: whatever a client sends, the answer is a 4xx in the error shape (or the
documented success), never a 5xx, never a hang, and a rejected request changes nothing in
either account. Run over real HTTP (a `ThreadedEmulator`) and raw sockets, with fixed cases
for every category of issue 12 and Hypothesis-generated bodies on top.

Categories: request bodies, framing, auth, query, path, nesting, surrogates, numbers, patterns
(ECMA-262 `$`), error-body size, control-plane bodies.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import json
import socket
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comms_emulator import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, EmulatorConfig, create_app
from comms_emulator.http.self_check import SelfCheckFailed
from comms_emulator.threaded import ThreadedEmulator
from comms_spec import Contract, schema_validator
from tests.emulator.conftest import ACCOUNT_A, ACCOUNT_B, API_KEY_A
from tests.emulator.flows import create_pool, sender_ids

SOCKET_TIMEOUT = 10.0  # a hang fails the test instead of stalling the run
SENDER = "comms_sender_01h9krwprkeee8fzqspvwy6nq8"
POOL_A, POOL_B = "{pool_a}", "{pool_b}"  # replaced with each account's seeded pool
TEXT = {"text": "hello"}
PHONE = {"address": "+12025550100", "channel": "PHONE"}


# --- the world's state, both accounts, compared before and after every rejection ------------


def _rows(records: Any) -> list[Any]:
    return [dataclasses.astuple(r) for r in records]


def world_state(emulator: ThreadedEmulator) -> dict[str, Any]:
    world = emulator.app.state.world
    state: dict[str, Any] = {
        "progression": str(world.progression),
        "faults": [rule.as_dict() for rule in world.faults.rules],
        "rcs": list(world.rcs_capable.patterns),
    }
    for sid in world.account_sids:
        account = world.account(sid)
        with account.work.lock:
            pools = [
                (p.id, p.name, dict(p.tags), p.updated_ms, sorted(p.member_ids))
                for p in account.list_pools({})
            ]
            state[sid] = {
                "counts": account.counts(),
                "senders": _rows(account.all_senders()),
                "pools": pools,
                "operations": _rows(account.list_operations({})),
                "messages": _rows(account.messages.list_messages({})),
                "message_operations": _rows(account.messages.list_operations({})),
            }
    return state


# --- fixtures: one emulator with two accounts, each seeded with a pool and a Message --------


@pytest.fixture(scope="module")
def hostile(contract: Contract) -> Iterator[ThreadedEmulator]:
    config = EmulatorConfig(
        accounts=dict([ACCOUNT_A, ACCOUNT_B]),
        api_keys={API_KEY_A[0]: (API_KEY_A[1], ACCOUNT_A[0])},
        self_check=True,
    )
    with ThreadedEmulator(create_app(config, contract)) as emulator:
        yield emulator


class _Seed:
    """Both accounts seeded once per module: rejections change nothing, and each case checks
    that. A case that did change something (a failure) gets the next one a fresh seed, so one
    broken case cannot fail the rest."""

    def __init__(self) -> None:
        self.pools: dict[str, str] = {}
        self.state: dict[str, Any] | None = None

    def ensure(self, emulator: ThreadedEmulator) -> dict[str, str]:
        if self.state is not None and world_state(emulator) == self.state:
            return self.pools
        emulator.app.state.world.reset()
        for name, account in ((POOL_A, ACCOUNT_A), (POOL_B, ACCOUNT_B)):
            with _client(emulator, account, "/v1") as api:
                members = [{"senderId": s} for s in sender_ids(api)[:2]]
                self.pools[name], _ = create_pool(
                    api, name="seed", tags={"env": "prod"}, senders=members
                )
                sent = api.post("/Messages", json={"content": TEXT, "to": [PHONE]})
                assert sent.status_code == 202, sent.text
        self.state = world_state(emulator)
        return self.pools


@pytest.fixture(scope="module")
def seed() -> _Seed:
    return _Seed()


@pytest.fixture
def seeded(hostile: ThreadedEmulator, seed: _Seed) -> dict[str, str]:
    """Each account's seeded pool, by placeholder."""
    return dict(seed.ensure(hostile))


def _client(emulator: ThreadedEmulator, auth: Any = ACCOUNT_A, under: str = "") -> httpx.Client:
    return httpx.Client(base_url=emulator.url + under, auth=auth, timeout=SOCKET_TIMEOUT)


@pytest.fixture(scope="module")
def error_shape(contract: Contract) -> ErrorShape:
    return ErrorShape(contract)


class ErrorShape:
    """The spec's `CommsError` schema, with a short repr: Hypothesis prints every argument of a
    failing example, and the validator's repr is the whole schema."""

    def __init__(self, contract: Contract) -> None:
        self._validator = schema_validator(
            contract.document, {"$ref": "#/components/schemas/CommsError"}
        )

    def problems(self, body: Any) -> list[str]:
        return [error.message for error in self._validator.iter_errors(body)]

    def __repr__(self) -> str:
        return "ErrorShape()"


def _fill(path: str, pools: dict[str, str]) -> str:
    for placeholder, pool_id in pools.items():
        path = path.replace(placeholder, pool_id)
    return path


def assert_rejected(response: httpx.Response, error_shape: ErrorShape) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:500])
    body = response.json()
    assert not error_shape.problems(body), body
    assert body["status"] == response.status_code
    assert len(response.content) < 20_000, "error bodies quote a bounded prefix of the input"


def assert_lists_work(emulator: ThreadedEmulator) -> None:
    """Nothing a client sent can make a later read fail ("store then list"): the lists that
    show stored strings answer 200 for both accounts (self-check is on: drift is a 500)."""
    for account in (ACCOUNT_A, ACCOUNT_B):
        with _client(emulator, account, "/v1") as api:
            for path in ("/SenderPools", "/Messages"):
                listed = api.get(path, params={"pageSize": 100})
                assert listed.status_code == 200, (path, listed.text[:500])


# --- the fixed corpus: (id, method, path, httpx kwargs, credentials) -----------------------

JSON = {"Content-Type": "application/json"}
SURROGATE = "\\ud800"  # as a client writes it inside a JSON string
DEEP = 977  # the threshold: RecursionError and a 500 from here on


def _raw(body: str) -> dict[str, Any]:
    return {"content": body.encode(), "headers": JSON}


def _basic(value: bytes) -> dict[str, Any]:
    return {"headers": {"Authorization": b"Basic " + base64.b64encode(value)}}


def _senders(n: int) -> list[dict[str, str]]:
    return [{"senderId": f"comms_sender_01h9krwprkeee8fzqspvwy{i:06d}"} for i in range(n)]


Case = tuple[str, str, str, dict[str, Any], Any]
A = ACCOUNT_A
NO_AUTH = None

CASES: list[Case] = [
    # bodies
    ("body-not-json", "POST", "/v1/SenderPools", _raw("{"), A),
    ("body-nan", "POST", "/v1/SenderPools", _raw('{"name": NaN}'), A),
    ("body-infinity", "POST", "/v1/SenderPools", _raw('{"name": Infinity}'), A),
    (
        "body-not-utf8",
        "POST",
        "/v1/SenderPools",
        {"content": b'{"name":"\xc3"}', "headers": JSON},
        A,
    ),
    (
        "body-utf16",
        "POST",
        "/v1/SenderPools",
        {"content": '{"name":"x"}'.encode("utf-16"), "headers": JSON},
        A,
    ),
    (
        "body-text-plain",
        "POST",
        "/v1/SenderPools",
        {"content": b"{}", "headers": {"Content-Type": "text/plain"}},
        A,
    ),
    ("body-form", "POST", "/v1/SenderPools", {"data": {"name": "x"}}, A),
    ("body-empty-required", "POST", "/v1/Messages", {"content": b"", "headers": JSON}, A),
    ("body-array", "POST", "/v1/SenderPools", {"json": [1]}, A),
    ("body-string", "PATCH", f"/v1/SenderPools/{POOL_A}", {"json": "x"}, A),
    ("body-oversized", "POST", "/v1/SenderPools", {"json": {"name": "x" * (3 << 20)}}, A),
    ("body-10001-senders", "POST", "/v1/SenderPools", {"json": {"senders": _senders(10001)}}, A),
    ("add-1001-senders", "POST", f"/v1/SenderPools/{POOL_A}/Senders", {"json": _senders(1001)}, A),
    ("add-numbers", "POST", f"/v1/SenderPools/{POOL_A}/Senders", {"json": [1, 2]}, A),
    ("patch-senders", "PATCH", f"/v1/SenderPools/{POOL_A}", {"json": {"senders": [1]}}, A),
    ("message-no-to", "POST", "/v1/Messages", {"json": {"content": TEXT}}, A),
    ("message-to-numbers", "POST", "/v1/Messages", {"json": {"content": TEXT, "to": [1]}}, A),
    # nesting
    ("nested-977-arrays", "POST", "/v1/SenderPools", _raw("[" * DEEP + "]" * DEEP), A),
    ("nested-977-objects", "POST", "/v1/SenderPools", _raw('{"a":' * DEEP + "1" + "}" * DEEP), A),
    (
        "nested-in-name",
        "POST",
        "/v1/SenderPools",
        _raw('{"name":' + "[" * DEEP + "]" * DEEP + "}"),
        A,
    ),
    ("nested-100000", "POST", "/v1/SenderPools", _raw("[" * 100_000 + "]" * 100_000), A),
    (
        "nested-in-tags",
        "PATCH",
        f"/v1/SenderPools/{POOL_A}",
        _raw('{"tags":{"k":' + "[" * DEEP + "]" * DEEP + "}}"),
        A,
    ),
    (
        "nested-in-message",
        "POST",
        "/v1/Messages",
        _raw('{"content":' + '{"a":' * DEEP + "1" + "}" * DEEP + "}"),
        A,
    ),
    # surrogates, wherever a string is stored
    ("surrogate-create-name", "POST", "/v1/SenderPools", _raw(f'{{"name":"{SURROGATE}"}}'), A),
    ("surrogate-low", "POST", "/v1/SenderPools", _raw('{"name":"a\\udfffb"}'), A),
    ("surrogate-reversed-pair", "POST", "/v1/SenderPools", _raw('{"name":"\\udc00\\ud800"}'), A),
    (
        "surrogate-tag-value",
        "POST",
        "/v1/SenderPools",
        _raw(f'{{"tags":{{"k":"{SURROGATE}"}}}}'),
        A,
    ),
    ("surrogate-tag-key", "POST", "/v1/SenderPools", _raw(f'{{"tags":{{"{SURROGATE}":"v"}}}}'), A),
    ("surrogate-unknown-key", "POST", "/v1/SenderPools", _raw(f'{{"{SURROGATE}":1}}'), A),
    (
        "surrogate-patch-name",
        "PATCH",
        f"/v1/SenderPools/{POOL_A}",
        _raw(f'{{"name":"{SURROGATE}"}}'),
        A,
    ),
    (
        "surrogate-sender-id",
        "POST",
        f"/v1/SenderPools/{POOL_A}/Senders",
        _raw(f'[{{"senderId":"{SURROGATE}"}}]'),
        A,
    ),
    (
        "surrogate-to-address",
        "POST",
        "/v1/Messages",
        _raw(f'{{"content":{{"text":"hi"}},"to":[{{"address":"{SURROGATE}","channel":"PHONE"}}]}}'),
        A,
    ),
    (
        "surrogate-content-text",
        "POST",
        "/v1/Messages",
        _raw(f'{{"content":{{"text":"{SURROGATE}"}},"to":[{json.dumps(PHONE)}]}}'),
        A,
    ),
    (
        "surrogate-message-tags",
        "POST",
        "/v1/Messages",
        _raw(
            f'{{"content":{{"text":"hi"}},"to":[{json.dumps(PHONE)}],"tags":{{"k":"{SURROGATE}"}}}}'
        ),
        A,
    ),
    # numbers
    ("number-4301-digits", "POST", "/v1/SenderPools", _raw('{"name":' + "9" * 4301 + "}"), A),
    ("number-1e999", "POST", "/v1/SenderPools", _raw('{"name":1e999}'), A),
    ("number-long-fraction", "POST", "/v1/SenderPools", _raw('{"name":0.' + "1" * 5000 + "}"), A),
    (
        "number-in-add",
        "POST",
        f"/v1/SenderPools/{POOL_A}/Senders",
        _raw("[" + "1" * 10_000 + "]"),
        A,
    ),
    # query
    ("page-size-4301-digits", "GET", "/v1/SenderPools", {"params": {"pageSize": "9" * 4301}}, A),
    ("page-size-19-digits", "GET", "/v1/SenderPools", {"params": {"pageSize": "9" * 19}}, A),
    ("page-size-newline", "GET", "/v1/SenderPools", {"params": {"pageSize": "5\n"}}, A),
    ("page-size-space", "GET", "/v1/SenderPools", {"params": {"pageSize": " 5"}}, A),
    ("page-size-plus", "GET", "/v1/SenderPools", {"params": {"pageSize": "+5"}}, A),
    ("page-size-unicode-digit", "GET", "/v1/SenderPools", {"params": {"pageSize": "\u0665"}}, A),
    ("page-size-underscore", "GET", "/v1/SenderPools", {"params": {"pageSize": "1_0"}}, A),
    (
        "page-token-garbage",
        "GET",
        "/v1/SenderPools",
        {"params": {"pageToken": "\x00\xff" * 100}},
        A,
    ),
    ("page-token-long", "GET", "/v1/Messages", {"params": {"pageToken": "a" * 100_00}}, A),
    ("query-unknown", "GET", "/v1/SenderPools", {"params": {"x" * 5000: "1"}}, A),
    ("query-bad-percent", "GET", "/v1/SenderPools?pageSize=%FF%FE", {}, A),
    ("query-status-newline", "GET", "/v1/Senders", {"params": {"status": "ACTIVATED\n"}}, A),
    (
        "query-operation-newline",
        "GET",
        "/v1/SenderPools",
        {"params": {"operationId": "comms_operation_01h9krwprkeee8fzqspvwy6nq8\n"}},
        A,
    ),
    (
        "query-date-huge",
        "GET",
        "/v1/SenderPools",
        {"params": {"startDate": "99999-01-01T00:00:00Z"}},
        A,
    ),
    ("query-tags-newline", "GET", "/v1/SenderPools", {"params": {"tags": "env:prod\n"}}, A),
    # patterns (ECMA-262 `$`)
    ("tag-value-newline", "POST", "/v1/SenderPools", {"json": {"tags": {"env": "prod\n"}}}, A),
    (
        "tag-key-newline",
        "PATCH",
        f"/v1/SenderPools/{POOL_A}",
        {"json": {"tags": {"env\n": "prod"}}},
        A,
    ),
    (
        "sender-id-newline",
        "POST",
        f"/v1/SenderPools/{POOL_A}/Senders",
        {"json": [{"senderId": SENDER + "\n"}]},
        A,
    ),
    ("path-id-newline", "GET", f"/v1/SenderPools/{POOL_A}%0A", {}, A),
    ("path-id-newline-patch", "PATCH", f"/v1/SenderPools/{POOL_A}%0A", {"json": {"name": "x"}}, A),
    ("path-id-newline-delete", "DELETE", f"/v1/SenderPools/{POOL_A}%0A", {}, A),
    # path
    ("path-other-account", "GET", f"/v1/SenderPools/{POOL_B}", {}, A),
    ("path-other-account-delete", "DELETE", f"/v1/SenderPools/{POOL_B}", {}, A),
    ("path-other-account-patch", "PATCH", f"/v1/SenderPools/{POOL_B}", {"json": {"name": "x"}}, A),
    ("path-long-id", "GET", "/v1/SenderPools/" + "comms_senderpool_" + "a" * 8000, {}, A),
    ("path-bad-utf8", "GET", "/v1/SenderPools/%FF%FE", {}, A),
    ("path-nul", "GET", "/v1/SenderPools/%00", {}, A),
    ("path-unknown", "GET", "/v1/Nope", {}, A),
    ("path-unknown-version", "GET", "/v9/SenderPools", {}, A),
    ("path-method", "PUT", "/v1/SenderPools", {"json": {}}, A),
    ("path-sender-newline", "DELETE", f"/v1/SenderPools/{POOL_A}/Senders/{SENDER}%0A", {}, A),
    # auth
    ("auth-none", "POST", "/v1/SenderPools", {"json": {}}, NO_AUTH),
    ("auth-bearer", "GET", "/v1/SenderPools", {"headers": {"Authorization": "Bearer x"}}, NO_AUTH),
    (
        "auth-bad-base64",
        "GET",
        "/v1/SenderPools",
        {"headers": {"Authorization": "Basic !!!"}},
        NO_AUTH,
    ),
    ("auth-no-colon", "GET", "/v1/SenderPools", _basic(ACCOUNT_A[0].encode()), NO_AUTH),
    (
        "auth-non-ascii-password",
        "POST",
        "/v1/SenderPools",
        _basic(f"{ACCOUNT_A[0]}:pässwörd".encode()),
        NO_AUTH,
    ),
    (
        "auth-non-ascii-password-key",
        "GET",
        "/v1/SenderPools",
        _basic(f"{API_KEY_A[0]}:秘密".encode()),
        NO_AUTH,
    ),
    ("auth-non-ascii-user", "GET", "/v1/SenderPools", _basic("ÄC:x".encode()), NO_AUTH),
    (
        "auth-latin1-password",
        "GET",
        "/v1/SenderPools",
        _basic(f"{ACCOUNT_A[0]}:p\xe4ss".encode("latin-1")),
        NO_AUTH,
    ),
    (
        "auth-non-ascii-header",
        "GET",
        "/v1/SenderPools",
        {"headers": {"Authorization": b"Basic \xe4\xf6"}},
        NO_AUTH,
    ),
    (
        "auth-surrogate-escape",
        "GET",
        "/v1/SenderPools",
        _basic(ACCOUNT_A[0].encode() + b":\xed\xa0\x80"),
        NO_AUTH,
    ),
    ("auth-other-token", "GET", "/v1/SenderPools", {}, (ACCOUNT_A[0], ACCOUNT_B[1])),
    ("auth-huge", "GET", "/v1/SenderPools", _basic(b"x" * 30_000 + b":y"), NO_AUTH),
    # control-plane bodies
    (
        "control-senders-numbers",
        "PUT",
        f"/_emulator/accounts/{ACCOUNT_A[0]}/senders",
        {"json": {"senders": [1]}},
        NO_AUTH,
    ),
    (
        "control-senders-arrays",
        "PUT",
        f"/_emulator/accounts/{ACCOUNT_A[0]}/senders",
        {"json": {"senders": [[]]}},
        NO_AUTH,
    ),
    (
        "control-senders-null",
        "PUT",
        f"/_emulator/accounts/{ACCOUNT_B[0]}/senders",
        {"json": {"senders": [None]}},
        NO_AUTH,
    ),
    (
        "control-senders-not-list",
        "PUT",
        f"/_emulator/accounts/{ACCOUNT_A[0]}/senders",
        {"json": {"senders": "x"}},
        NO_AUTH,
    ),
    (
        "control-senders-surrogate",
        "PUT",
        f"/_emulator/accounts/{ACCOUNT_A[0]}/senders",
        _raw(f'{{"senders":[{{"channel":"SMS","address":"{SURROGATE}"}}]}}'),
        NO_AUTH,
    ),
    (
        "control-senders-deep",
        "PUT",
        f"/_emulator/accounts/{ACCOUNT_A[0]}/senders",
        _raw('{"senders":' + "[" * DEEP + "]" * DEEP + "}"),
        NO_AUTH,
    ),
    (
        "control-unknown-account",
        "PUT",
        "/_emulator/accounts/AC0/senders",
        {"json": {"senders": []}},
        NO_AUTH,
    ),
    ("control-reset-not-object", "POST", "/_emulator/reset", {"json": [1]}, NO_AUTH),
    ("control-reset-bad-account", "POST", "/_emulator/reset", {"json": {"account": [1]}}, NO_AUTH),
    (
        "control-reset-surrogate",
        "POST",
        "/_emulator/reset",
        _raw(f'{{"account":"{SURROGATE}"}}'),
        NO_AUTH,
    ),
    ("control-reset-malformed", "POST", "/_emulator/reset", _raw("{"), NO_AUTH),
    (
        "control-progression-number",
        "PUT",
        "/_emulator/progression",
        {"json": {"progression": 5}},
        NO_AUTH,
    ),
    (
        "control-progression-huge",
        "PUT",
        "/_emulator/progression",
        {"json": {"progression": "polls:" + "9" * 5000}},
        NO_AUTH,
    ),
    ("control-faults-status", "POST", "/_emulator/faults", {"json": {"status": "x"}}, NO_AUTH),
    (
        "control-faults-count-list",
        "POST",
        "/_emulator/faults",
        {"json": {"status": 429, "count": [1]}},
        NO_AUTH,
    ),
    (
        "control-faults-number",
        "POST",
        "/_emulator/faults",
        _raw('{"status":' + "9" * 5000 + "}"),
        NO_AUTH,
    ),
    ("control-rcs-numbers", "PUT", "/_emulator/rcs-capable", {"json": {"patterns": [1]}}, NO_AUTH),
]


# The inner loop (`-m "not slow"`) runs one case per defect of issue 12; CI runs them all.
REGRESSIONS = {
    "surrogate-create-name",  # 1: stored, then every list of the account was a 500
    "surrogate-patch-name",
    "surrogate-to-address",
    "surrogate-content-text",
    "nested-977-arrays",  # 4: RecursionError
    "page-size-4301-digits",  # 4: int() past 4,300 digits
    "auth-non-ascii-password",  # 4: compare_digest on non-ASCII str
    "control-senders-numbers",  # 4: {"senders": [1]}
    "tag-value-newline",  # 7: Python's `$`
    "page-size-newline",
    "body-10001-senders",  # 9: a 1.14 MB error body
}


def _marked(case_id: str) -> Any:
    return () if case_id in REGRESSIONS else pytest.mark.slow


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "auth"),
    [pytest.param(*case[1:], id=case[0], marks=_marked(case[0])) for case in CASES],
)
def test_every_bad_request_is_a_4xx_and_changes_nothing(
    hostile: ThreadedEmulator,
    seeded: dict[str, str],
    error_shape: ErrorShape,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    auth: Any,
) -> None:
    before = world_state(hostile)
    with _client(hostile, auth) as client:
        response = client.request(method, _fill(path, seeded), **kwargs)
    assert_rejected(response, error_shape)
    assert world_state(hostile) == before
    assert_lists_work(hostile)


# --- framing, over raw sockets -------------------------------------------------------------


def _exchange(emulator: ThreadedEmulator, data: bytes) -> bytes:
    """Send `data`, half-close, and read until the server closes: everything it answered."""
    with socket.create_connection(("127.0.0.1", emulator.port), timeout=SOCKET_TIMEOUT) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := sock.recv(65536):  # socket.timeout here is a hang: the test fails
            received += chunk
    return received


def _head(method: str, path: str, framing: str, account: tuple[str, str] = ACCOUNT_A) -> bytes:
    credentials = base64.b64encode(":".join(account).encode()).decode()
    return (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic {credentials}\r\n"
        f"Content-Type: application/json\r\n{framing}\r\n"
    ).encode()


WRITES = [  # (method, path, a complete, valid body): each would change state if applied
    ("POST", "/v1/SenderPools", b'{"name":"cut"}'),
    ("PATCH", f"/v1/SenderPools/{POOL_A}", b'{"name":"cut"}'),
    ("POST", f"/v1/SenderPools/{POOL_A}/Senders", b'[{"senderId":"%s"}]'),
    (
        "POST",
        "/v1/Messages",
        b'{"content":{"text":"cut"},"to":[{"address":"+12025550100","channel":"PHONE"}]}',
    ),
]
FRAMINGS: dict[str, Callable[[bytes], tuple[str, bytes]]] = {
    # Content-Length promises more than arrives, then the client goes away.
    "short-content-length": lambda body: (f"Content-Length: {len(body) + 100}\r\n", body),
    # A valid first chunk, then a chunk size that is not hex.
    "malformed-chunk": lambda body: (
        "Transfer-Encoding: chunked\r\n",
        f"{len(body):x}\r\n".encode() + body + b"\r\nZZ\r\n",
    ),
    # A valid first chunk, then the client goes away before the last chunk.
    "unfinished-chunks": lambda body: (
        "Transfer-Encoding: chunked\r\n",
        f"{len(body):x}\r\n".encode() + body + b"\r\n",
    ),
    # A chunk that is shorter than its size says.
    "short-chunk": lambda body: (
        "Transfer-Encoding: chunked\r\n",
        f"{len(body) + 50:x}\r\n".encode() + body,
    ),
}


@pytest.mark.parametrize(
    "framing",
    [
        pytest.param(
            name,
            marks=() if name in ("short-content-length", "malformed-chunk") else pytest.mark.slow,
        )
        for name in sorted(FRAMINGS)
    ],
)
@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_a_cut_off_body_is_never_applied(
    hostile: ThreadedEmulator,
    seeded: dict[str, str],
    method: str,
    path: str,
    body: bytes,
    framing: str,
) -> None:
    with _client(hostile, under="/v1") as api:
        spare = next(s for s in sender_ids(api) if s not in _members(api, seeded[POOL_A]))
    body = body.replace(b"%s", spare.encode())
    header, sent = FRAMINGS[framing](body)
    before = world_state(hostile)
    answer = _exchange(hostile, _head(method, _fill(path, seeded), header) + sent)
    # Nothing, or the server's own 4xx for broken framing; never a 2xx or a 5xx.
    assert answer == b"" or answer.startswith(b"HTTP/1.1 4"), answer[:200]
    assert_lists_work(hostile)  # a round trip: the cut-off request has been handled by now
    assert world_state(hostile) == before


def _members(api: httpx.Client, pool_id: str) -> list[str]:
    listed = api.get(f"/SenderPools/{pool_id}/Senders", params={"pageSize": 100})
    return [s["id"] for s in listed.json()["senders"]]


_CREATE = ("POST", "/v1/SenderPools")
RAW_REQUESTS = {
    # Both framings, and the body fits only Content-Length: a smuggling attempt.
    "content-length-and-chunked": _head(
        *_CREATE, "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n"
    )
    + b"{}",
    "negative-content-length": _head(*_CREATE, "Content-Length: -1\r\n") + b"{}",
    "two-content-lengths": _head(*_CREATE, "Content-Length: 2\r\nContent-Length: 3\r\n") + b"{}",
    "huge-content-length": _head(*_CREATE, f"Content-Length: {'9' * 5000}\r\n") + b"{}",
    "header-without-colon": b"GET /v1/SenderPools HTTP/1.1\r\nHost: x\r\nnonsense\r\n\r\n",
    "garbage-request-line": b"\x00\xff GARBAGE\r\n\r\n",
    "non-ascii-authorization": b"GET /v1/SenderPools HTTP/1.1\r\nHost: x\r\n"
    b"Authorization: Basic \xe4\xf6\xfc=\r\n\r\n",
    "non-ascii-path": b"GET /v1/SenderPools/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
    "non-ascii-query": b"GET /v1/SenderPools?pageSize=\xff HTTP/1.1\r\nHost: x\r\n\r\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(RAW_REQUESTS))
def test_broken_framing_is_refused(
    hostile: ThreadedEmulator, seeded: dict[str, str], name: str
) -> None:
    before = world_state(hostile)
    answer = _exchange(hostile, RAW_REQUESTS[name])
    assert answer == b"" or answer.startswith(b"HTTP/1.1 4"), answer[:200]
    assert_lists_work(hostile)
    assert world_state(hostile) == before


# --- Hypothesis: arbitrary JSON, surrogates included, where clients write --------------------

# Text, half of it with a lone UTF-16 surrogate between ordinary characters (so it cannot pair
# up); `json.dumps` escapes it (`\ud800`), as a client's JSON would. Hypothesis never draws
# surrogates unless "Cs" is named.
_PLAIN = st.text(st.characters(codec=None, categories=["L", "N", "P", "S", "Z", "Cc"]), max_size=8)
_LONE = st.characters(codec=None, categories=["Cs"])
_TEXT = _PLAIN | st.builds(lambda head, lone, tail: head + lone + tail, _PLAIN, _LONE, _PLAIN)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)
# Each body is either well-formed around hostile strings (so the emulator may accept and store
# it: the case "store then list" must survive) or arbitrary JSON where the fields go.
_RECIPIENT = st.fixed_dictionaries({"address": _TEXT, "channel": st.just("PHONE")})
_POOL_BODY = st.fixed_dictionaries({"name": _TEXT}) | st.fixed_dictionaries(
    {},
    optional={
        "name": _TEXT | _JSON,
        "tags": st.dictionaries(_TEXT, _TEXT | _JSON, max_size=3),
        "senders": _JSON,
    },
)
_MESSAGE_BODY = st.fixed_dictionaries(
    {
        "content": st.fixed_dictionaries({"text": _TEXT}),
        "to": st.lists(_RECIPIENT, min_size=1, max_size=2),
    }
) | st.fixed_dictionaries(
    {"content": st.fixed_dictionaries({}, optional={"text": _TEXT | _JSON}) | _JSON},
    optional={
        "to": st.lists(_RECIPIENT | _JSON, max_size=2) | _JSON,
        "tags": st.dictionaries(_TEXT, _TEXT, max_size=2) | _JSON,
    },
)


def _request(method: str, path: str, body: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    # The body is drawn as JSON text (ensure_ascii: a lone surrogate travels as an escape, as a
    # client's would), so Hypothesis can print it: a lone surrogate cannot go to stdout.
    return st.tuples(st.just(method), st.just(path), body.map(json.dumps))


_REQUESTS = st.one_of(
    _request("POST", "/v1/SenderPools", _POOL_BODY),
    _request("PATCH", f"/v1/SenderPools/{POOL_A}", _POOL_BODY),
    _request("POST", f"/v1/SenderPools/{POOL_A}/Senders", _JSON),
    _request("POST", "/v1/Messages", _MESSAGE_BODY),
)


@pytest.mark.slow
@settings(
    max_examples=50,  # each example re-seeds both accounts (~10 requests)
    deadline=None,
    derandomize=True,  # the same corpus every run: a CI failure reproduces locally
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(call=_REQUESTS)
def test_generated_bodies_are_accepted_or_rejected_cleanly(
    hostile: ThreadedEmulator, seed: _Seed, error_shape: ErrorShape, call: tuple[str, str, str]
) -> None:
    method, path, content = call
    # Every example starts from a fresh seed, whatever the last one left: replays must agree.
    hostile.app.state.world.reset()
    seeded = seed.ensure(hostile)
    before = world_state(hostile)
    with _client(hostile) as client:
        response = client.request(
            method, _fill(path, seeded), content=content.encode(), headers=JSON
        )
    if response.status_code >= 300:
        assert_rejected(response, error_shape)
        assert world_state(hostile) == before
    else:
        assert response.status_code in (200, 202), response.text[:500]
        assert world_state(hostile)[ACCOUNT_B[0]] == before[ACCOUNT_B[0]]
        assert_lists_work(hostile)  # what was stored can be listed


# --- one regression test per defect that is not a plain 4xx above ---------------------------


def test_self_check_catches_a_stored_value_that_cannot_be_encoded(contract: Contract) -> None:
    """A lone surrogate that got past validation passes every `type: string`; self-check must
    still fail the response instead of letting the encoder fail on every later list."""
    app = create_app(EmulatorConfig(self_check=True), contract)
    world = app.state.world
    account = world.account(world.account_sids[0])
    account.create_pool("\ud800", {}, [], world.progression)
    with pytest.raises(SelfCheckFailed, match="cannot be encoded"):
        asyncio.run(_get(app, "/v1/SenderPools"))


async def _get(app: Any, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    auth = (DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN)
    async with httpx.AsyncClient(transport=transport, base_url="http://e", auth=auth) as client:
        return await client.get(path)


@pytest.mark.parametrize(
    ("path", "params", "body", "location"),
    [
        (f"/SenderPools/{POOL_A}%0A", {}, None, "path.senderPoolId"),
        ("/SenderPools", {"pageSize": "5\n"}, None, "query.pageSize"),
        ("/SenderPools", {}, {"tags": {"env": "prod\n"}}, "body.tags.env"),
    ],
    ids=["path", "query-integer", "tag-value"],
)
def test_a_trailing_newline_is_a_400_not_a_404_or_a_200(
    hostile: ThreadedEmulator,
    seeded: dict[str, str],
    path: str,
    params: dict[str, str],
    body: Any,
    location: str,
) -> None:
    """Issue 12 #7: patterns are ECMA-262, whose `$` does not match before a final newline."""
    with _client(hostile, under="/v1") as api:
        method = "GET" if body is None else "POST"
        response = api.request(method, _fill(path, seeded), params=params, json=body)
    assert response.status_code == 400, response.text
    assert location in [d.get("location") for d in response.json()["details"]]


def test_a_10001_sender_create_gets_a_small_error(
    hostile: ThreadedEmulator, seeded: dict[str, str]
) -> None:
    """Issue 12 measured a 1.14 MB error body; each quoted value is now clipped."""
    with _client(hostile, under="/v1") as api:
        response = api.post("/SenderPools", json={"senders": _senders(10001)})
    assert response.status_code == 400
    assert len(response.content) < 2_000, len(response.content)
    assert "10001" in response.text or "too long" in response.text


def test_many_problems_are_listed_up_to_a_limit(
    hostile: ThreadedEmulator, seeded: dict[str, str]
) -> None:
    bad = [{"senderId": f"bad-{i}-" + "x" * 1000} for i in range(20)]
    with _client(hostile, under="/v1") as api:
        response = api.post(f"/SenderPools/{seeded[POOL_A]}/Senders", json=bad + bad[:1])
    details = response.json()["details"]
    assert response.status_code == 400
    assert len(details) <= 21
    assert all(len(d["message"]) <= 600 for d in details)
