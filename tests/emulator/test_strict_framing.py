"""Strict framing and routing (issue 22): one meaning for every request, or a clear refusal."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from comms_emulator import cli, create_app
from comms_emulator._serve import ConnectionLimits
from comms_emulator.models.records import MAX_STRING
from comms_emulator.threaded import ThreadedEmulator
from comms_spec import Contract
from tests.emulator.conftest import ACCOUNT_A, _config
from tests.emulator.wire import connect, is_error_shape, read_answers, request

# Nothing but a refusal closes a connection here within the tests' GIVE_UP (a socket timeout).
PATIENT = ConnectionLimits(keep_alive_timeout=60, header_timeout=60.0)


@pytest.fixture(scope="module", params=["fast stack", "h11 fallback"])
def server(contract: Contract, request: pytest.FixtureRequest) -> Iterator[ThreadedEmulator]:
    fast = request.param == "fast stack"
    with ThreadedEmulator(create_app(_config(), contract), limits=PATIENT, fast=fast) as emulator:
        yield emulator


def _exchange(server: ThreadedEmulator, raw: bytes) -> tuple[list[int], bool]:
    with connect(server.port) as sock:
        sock.sendall(raw)
        answers, closed = read_answers(sock)
    assert all(is_error_shape(a) for a in answers if a.status >= 400), answers
    return [a.status for a in answers], closed


CREATE = json.dumps({"name": "smuggled"}).encode()
FRAMINGS = {
    "identity-then-chunked": b"Transfer-Encoding: identity, chunked\r\n",
    "two-encodings": b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
    "chunked-and-length": b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
}


@pytest.mark.parametrize("case", list(FRAMINGS))
def test_ambiguous_transfer_encodings_are_refused(server: ThreadedEmulator, case: str) -> None:
    server.app.state.world.reset()
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(CREATE), CREATE)
    head = request("POST", "/v1/SenderPools", headers={"Content-Type": "application/json"})
    raw = head[:-2] + FRAMINGS[case] + b"\r\n" + chunked
    statuses, closed = _exchange(server, raw)
    assert statuses == [400]
    assert closed
    assert server.app.state.world.account(ACCOUNT_A[0]).counts()["senderPools"] == 0


# One meaning on both stacks (they differed): each refused, in the error shape, with the
# request before it on the connection answered first and this one never applied.
CREATE_HEAD = b"POST /v1/SenderPools HTTP/1.1\r\n"
ODD_HEADS = {
    "absolute-form": (CREATE_HEAD.replace(b" /", b" http://127.0.0.1/"), b"", "must be a path"),
    "asterisk-form": (b"OPTIONS * HTTP/1.1\r\n", b"", "must be a path"),
    "fragment": (CREATE_HEAD.replace(b"Pools", b"Pools#f"), b"", "must be a path"),
    "fragment-after-query": (CREATE_HEAD.replace(b"Pools", b"Pools?a=1#f"), b"", "be a path"),
    "length-list": (CREATE_HEAD, b"Content-Length: %d, %d\r\n", "one decimal number"),
    "length-zero-padded": (CREATE_HEAD, b"Content-Length: 00%d\r\n", "one decimal number"),
    "length-signed": (CREATE_HEAD, b"Content-Length: +%d\r\n", "one decimal number"),
    "length-twice": (CREATE_HEAD, b"Content-Length: %d\r\nContent-Length: %d\r\n", "framing"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(ODD_HEADS))
def test_odd_targets_and_lengths_are_refused_alike(server: ThreadedEmulator, case: str) -> None:
    server.app.state.world.reset()
    line, length, message = ODD_HEADS[case]
    size = len(CREATE)
    odd = request("POST", "/v1/SenderPools", headers={"Content-Type": "application/json"})
    odd = line + odd.split(b"\r\n", 1)[1][:-2]
    odd += length % ((size,) * length.count(b"%d")) if length else b"Content-Length: %d\r\n" % size
    first = request("POST", "/v1/SenderPools", json.dumps({"name": "first"}).encode())
    with connect(server.port) as sock:
        sock.sendall(first + odd + b"\r\n" + CREATE)
        answers, closed = read_answers(sock)
    assert [a.status for a in answers] == [202, 400]
    assert is_error_shape(answers[1])
    assert message in answers[1].json()["message"]
    assert closed
    account = server.app.state.world.account(ACCOUNT_A[0])
    assert [p.name for p in account._pools.values()] == ["first"]


@pytest.mark.parametrize(
    "hosts", [[], ["127.0.0.1", "elsewhere.example"]], ids=["no-host", "two-hosts"]
)
def test_an_http11_request_names_exactly_one_host(
    server: ThreadedEmulator, hosts: list[str]
) -> None:
    server.app.state.world.reset()
    head = request("POST", "/v1/SenderPools", CREATE, headers={"Host": ""})
    line, rest = head.split(b"\r\n", 1)
    raw = line + b"\r\n" + b"".join(b"Host: %s\r\n" % h.encode() for h in hosts) + rest
    statuses, closed = _exchange(server, raw)
    assert statuses == [400]
    assert closed
    assert server.app.state.world.account(ACCOUNT_A[0]).counts()["senderPools"] == 0


@pytest.mark.parametrize("field", ["Authorization", "Content-Type"])
def test_a_single_valued_field_given_twice_is_refused(server: ThreadedEmulator, field: str) -> None:
    # The emulator read the last; a proxy in front of it may read the first.
    server.app.state.world.reset()
    head, body = request("POST", "/v1/SenderPools", CREATE).split(b"\r\n\r\n")
    value = dict(line.split(b": ", 1) for line in head.split(b"\r\n")[1:])[field.encode()]
    raw = head + b"\r\n%s: %s\r\n\r\n" % (field.encode(), value) + body
    with connect(server.port) as sock:
        sock.sendall(raw + request("GET", "/v1/Senders", headers={"Accept": "a", "accept": "b"}))
        answers, _ = read_answers(sock, most=2)
    assert [a.status for a in answers] == [400, 200]  # a list-valued field may repeat
    assert answers[0].json()["details"][0]["location"] == f"header.{field}"
    assert server.app.state.world.account(ACCOUNT_A[0]).counts()["senderPools"] == 0


UPGRADE = {"Connection": "Upgrade", "Upgrade": "h2c"}  # what `curl --http2` sends


def test_an_upgrade_it_ignores_leaves_the_requests_after_it_answered(
    server: ThreadedEmulator,
) -> None:
    # The fast stack's parser left every byte after such a head to the new protocol: the
    # create pipelined behind it was dropped unanswered, the connection idling till timeout.
    server.app.state.world.reset()
    asking = request("GET", "/v1/Senders?pageSize=1", headers=UPGRADE)
    with connect(server.port) as sock:
        sock.sendall(asking + request("POST", "/v1/SenderPools", CREATE))
        answers, _ = read_answers(sock, most=2)
    assert [a.status for a in answers] == [200, 202]
    assert server.app.state.world.account(ACCOUNT_A[0]).counts()["senderPools"] == 1


def test_a_body_sent_with_an_upgrade_is_answered_truthfully(server: ThreadedEmulator) -> None:
    # The fast stack's parser takes that body for the other protocol: it is refused there,
    # not answered as if it had no body; and on h11 alike (which read it as HTTP/1.1).
    server.app.state.world.reset()
    with connect(server.port) as sock:
        sock.sendall(request("POST", "/v1/SenderPools", CREATE, headers=UPGRADE))
        [answer], _ = read_answers(sock, most=1)
    assert answer.status == 400
    assert "Upgrade" in answer.json()["message"]  # not "no body"
    assert server.app.state.world.account(ACCOUNT_A[0]).counts()["senderPools"] == 0


@pytest.mark.parametrize("version", [b"HTTP/2.0", b"HTTP/3.0", b"HTTP/1.2", b"HTTP/0.9"])
def test_unknown_http_versions_are_refused(server: ThreadedEmulator, version: bytes) -> None:
    raw = request("GET", "/v1/Senders").replace(b"HTTP/1.1", version, 1)
    statuses, closed = _exchange(server, raw)
    assert statuses == [400]  # one answer on both stacks, and never a 5xx
    assert closed


def test_an_expect_continue_answered_early_closes_the_connection(server: ThreadedEmulator) -> None:
    raw = request(
        "POST", "/v1/SenderPools", CREATE, headers={"Authorization": "", "Expect": "100-continue"}
    )
    head = raw[: raw.index(b"\r\n\r\n") + 4]
    statuses, closed = _exchange(server, head)  # the body is never sent
    assert statuses == [401]
    assert closed


def test_an_escaped_slash_in_an_id_is_never_a_separator(api: httpx.Client) -> None:
    api.post("/SenderPools", json={"name": "p"})
    pool = api.get("/SenderPools").json()["senderPools"][0]["id"]
    sender = api.get("/Senders").json()["senders"][0]["id"]
    assert api.post(f"/SenderPools/{pool}/Senders", json=[{"senderId": sender}]).status_code == 202
    answer = api.delete(f"/SenderPools/{pool}%2FSenders%2F{sender}")
    assert answer.status_code == 400
    members = api.get(f"/SenderPools/{pool}/Senders").json()["senders"]
    assert [m["id"] for m in members] == [sender]
    # An escape that decodes to an ordinary ID character still routes.
    escaped = pool.replace("_", "%5F", 1)
    assert api.get(f"/SenderPools/{escaped}").json()["id"] == pool


def test_every_405_says_allow(emulator: ThreadedEmulator) -> None:
    answer = httpx.request("PATCH", f"{emulator.url}/_emulator/reset")
    assert answer.status_code == 405
    assert answer.headers["Allow"] == "POST"
    assert answer.json()["status"] == 405
    spec = httpx.request("DELETE", f"{emulator.url}/openapi.json")
    assert spec.status_code == 405
    assert "GET" in spec.headers["Allow"]
    head = httpx.head(f"{emulator.url}/openapi.json")
    assert head.status_code == 200
    assert head.content == b""


def test_duplicate_json_keys_are_a_400(api: httpx.Client) -> None:
    headers = {"Content-Type": "application/json"}
    for raw in (b'{"name": "a", "name": "b"}', b'{"name": "a", "tags": {"k": "1", "k": "2"}}'):
        answer = api.post("/SenderPools", content=raw, headers=headers)
        assert answer.status_code == 400, raw
        assert "more than once" in answer.json()["message"]
    escaped = b'{"name": "a\\u003ab", "tags": {"k\\u00e9": "x:y"}}'  # escapes, no duplicate
    assert (
        api.post("/SenderPools", content=escaped, headers=headers).status_code == 400
    )  # tag key pattern
    assert (
        api.post("/SenderPools", content=b'{"name": "a\\u003ab"}', headers=headers).status_code
        == 202
    )
    assert [p["name"] for p in api.get("/SenderPools").json()["senderPools"]] == ["a:b"]


@pytest.mark.parametrize(
    ("content_type", "status"),
    [
        ("application/json; charset=utf-16", 400),
        ("application/json; charset=latin-1", 400),
        ('application/json; charset="UTF-16LE"', 400),
        ("application/json; charset=UTF-8", 202),
        ('application/json;charset="utf-8"', 202),
        ("application/json", 202),
    ],
)
def test_a_body_declared_in_another_charset_is_refused(
    api: httpx.Client, content_type: str, status: int
) -> None:
    before = len(api.get("/SenderPools", params={"pageSize": 1000}).json()["senderPools"])
    answer = api.post(
        "/SenderPools", content=b'{"name": "charset"}', headers={"Content-Type": content_type}
    )
    assert answer.status_code == status
    after = len(api.get("/SenderPools", params={"pageSize": 1000}).json()["senderPools"])
    assert after == before + (status == 202)  # a refused body changes nothing
    if status == 400:
        assert "charset must be utf-8" in answer.json()["message"]


def test_page_tokens_are_strict_and_bound_to_their_operation(api: httpx.Client) -> None:
    for name in ("a", "b"):
        api.post("/SenderPools", json={"name": name})
    token = api.get("/SenderPools/Operations", params={"pageSize": 1}).json()["pagination"]["next"]
    assert api.get("/SenderPools/Operations", params={"pageToken": token}).status_code == 200
    for forged in (token + "!", token[:4] + "*" + token[4:], token + "==", " " + token):
        answer = api.get("/SenderPools/Operations", params={"pageToken": forged})
        assert answer.status_code == 400, forged
    assert api.get("/Messages/Operations", params={"pageToken": token}).status_code == 400


def test_a_bad_inventory_entry_is_a_400_not_a_500(control: httpx.Client) -> None:
    entry = {"channel": "SMS", "address": "+14155550142", "status": "ACTIVATED", "createdAt": 5}
    answer = control.put(f"/accounts/{ACCOUNT_A[0]}/senders", json={"senders": [entry]})
    assert answer.status_code == 400
    assert "createdAt" in answer.json()["message"]


SMS = {"channel": "SMS", "address": "+14155550142", "status": "ACTIVATED"}
BAD_SENDER_FILES = {
    "createdAt-number": (json.dumps([{**SMS, "createdAt": 5}]), "sender #0 at createdAt"),
    "nested-too-deeply": ("[" * 100_000, "nested too deeply"),
    # The object form maps account SIDs to lists: this key names no account.
    "not-an-account": (json.dumps({"senders": [SMS]}), "'senders', which is not a configured"),
    "string-too-long": (
        json.dumps([{**SMS, "displayName": "d" * (MAX_STRING + 1)}]),
        "sender #0 at displayName: a string longer",
    ),
}


@pytest.mark.parametrize("case", list(BAD_SENDER_FILES))
def test_a_bad_sender_file_is_a_clear_start_up_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    content, message = BAD_SENDER_FILES[case]
    path = tmp_path / "senders.json"
    path.write_text(content)
    assert cli.main(["--port", "0", "--senders", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("comms-emulator: error: ")
    assert message in err
    assert "Traceback" not in err


def test_control_plane_senders_have_the_stored_string_limit(
    api: httpx.Client, control: httpx.Client
) -> None:
    before = api.get("/Senders").json()
    entry = {**SMS, "address": "+1" * MAX_STRING}
    answer = control.put(f"/accounts/{ACCOUNT_A[0]}/senders", json={"senders": [entry]})
    assert answer.status_code == 400
    assert "at address" in answer.json()["message"]
    assert api.get("/Senders").json() == before


def test_credential_checks_do_the_same_work_for_unknown_users(
    contract: Contract, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = create_app(_config(), contract).state.world
    compared: list[int] = []
    real = secrets.compare_digest

    def counting(a: bytes, b: bytes) -> bool:
        compared.append(len(a))
        return real(a, b)

    monkeypatch.setattr(secrets, "compare_digest", counting)
    assert world.authenticate(ACCOUNT_A[0], "wrong") is None
    assert world.authenticate("AC" + "f" * 32, "wrong") is None
    assert len(compared) == 2  # a compare for the unknown SID too


def test_stored_strings_have_a_limit(api: httpx.Client, emulator: ThreadedEmulator) -> None:
    long_name = api.post("/SenderPools", json={"name": "n" * (MAX_STRING + 1)})
    assert long_name.status_code == 400
    assert long_name.json()["details"][0]["location"] == "body.name"
    text = {"text": "t" * (MAX_STRING + 1)}
    to = [{"address": "+12025550100", "channel": "PHONE"}]
    assert api.post("/Messages", json={"content": text, "to": to}).status_code == 400
    assert api.post("/SenderPools", json={"name": "n" * MAX_STRING}).status_code == 202


def test_a_reset_empties_the_render_cache(api: httpx.Client, emulator: ThreadedEmulator) -> None:
    api.post("/SenderPools", json={"name": "n" * 50_000})
    assert api.get("/SenderPools").status_code == 200
    renders = emulator.app.api._renders
    assert renders.held_bytes > 100_000
    emulator.app.state.world.reset()
    assert api.get("/Senders").status_code == 200  # any request of the API
    assert renders.held_bytes == 0


def _chunked(body: bytes) -> bytes:
    head = request("POST", "/v1/SenderPools", headers={"Content-Type": "application/json"})
    return head[:-2] + b"Transfer-Encoding: chunked\r\n\r\n" + body


SIZED = b"%x" % len(CREATE)
# What h11 applied and the fast stack (llhttp) refused: now refused on both.
LENIENT = {
    "folded-field": request("POST", "/v1/SenderPools", CREATE, headers={"X-A": "a\r\n b"}),
    "bare-lf": request("POST", "/v1/SenderPools", CREATE).replace(b"\r\n", b"\n", 1),
    "control-in-value": request("POST", "/v1/SenderPools", CREATE, headers={"X-A": "a\x01b"}),
    "lowercase-method": request("post", "/v1/SenderPools", CREATE),
    "space-after-chunk-size": _chunked(SIZED + b" \r\n" + CREATE + b"\r\n0\r\n\r\n"),
    "bare-chunk-extension": _chunked(SIZED + b";\r\n" + CREATE + b"\r\n0\r\n\r\n"),
    "chunk-size-overflow": _chunked(b"f" * 20 + b"\r\n" + CREATE + b"\r\n0\r\n\r\n"),
    "tab-in-transfer-encoding": _chunked(SIZED + b"\r\n" + CREATE + b"\r\n0\r\n\r\n").replace(
        b"chunked", b"chunked\t"
    ),
    "trailer-field": _chunked(SIZED + b"\r\n" + CREATE + b"\r\n0\r\nX-T: 1\r\n\r\n"),
    "bare-lf-after-last-chunk": _chunked(SIZED + b"\r\n" + CREATE + b"\r\n0\r\n\n"),
    "connect-method": request("CONNECT", "/v1/SenderPools", CREATE),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(LENIENT))
def test_what_one_stack_refuses_the_other_does_not_apply(
    server: ThreadedEmulator, case: str
) -> None:
    server.app.state.world.reset()
    first = request("POST", "/v1/SenderPools", json.dumps({"name": "first"}).encode())
    with connect(server.port) as sock:
        sock.sendall(first + LENIENT[case] + request("GET", "/v1/Senders"))
        answers, closed = read_answers(sock)
    assert [a.status for a in answers] == [202, 400]
    assert is_error_shape(answers[1])
    assert closed
    account = server.app.state.world.account(ACCOUNT_A[0])
    assert [p.name for p in account._pools.values()] == ["first"]


_CREATE_REQUEST = request("POST", "/v1/SenderPools", CREATE)
# What the fast stack (llhttp) reads with one meaning and h11 refused: now read alike. RFC 9112
# section 2.2 (a server SHOULD skip empty lines before a request line) and section 3 (a
# recipient MAY split the request line on runs of whitespace).
TOLERATED = {
    "crlf-before-request": b"\r\n" + _CREATE_REQUEST,
    "lf-and-cr-before-request": b"\n\r\r\n\r\n" + _CREATE_REQUEST,
    "spaces-in-request-line": _CREATE_REQUEST.replace(b" ", b"   ", 2),
    "zero-padded-chunk-size": _chunked(SIZED.zfill(18) + b"\r\n" + CREATE + b"\r\n0\r\n\r\n"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(TOLERATED))
def test_what_one_stack_reads_the_other_reads_alike(server: ThreadedEmulator, case: str) -> None:
    server.app.state.world.reset()
    first = request("POST", "/v1/SenderPools", json.dumps({"name": "first"}).encode())
    with connect(server.port) as sock:
        sock.sendall(first + TOLERATED[case] + request("GET", "/v1/Senders?pageSize=1"))
        answers, _ = read_answers(sock, most=3)
    assert [a.status for a in answers] == [202, 202, 200]
    account = server.app.state.world.account(ACCOUNT_A[0])
    assert sorted(p.name for p in account._pools.values()) == ["first", "smuggled"]


@pytest.mark.slow
@pytest.mark.parametrize("blank", [b" ", b"\t", b"\t "], ids=["space", "tab", "tab-space"])
def test_trailing_blanks_in_a_field_are_whitespace_on_both_stacks(
    server: ThreadedEmulator, blank: bytes
) -> None:
    server.app.state.world.reset()
    raw = request("POST", "/v1/SenderPools", CREATE)
    raw = raw.replace(b"\r\nContent-Type", blank + b"\r\nContent-Type", 1)  # the credentials
    with connect(server.port) as sock:
        sock.sendall(raw + request("GET", "/v1/Senders"))
        answers, _ = read_answers(sock, most=2)
    assert [a.status for a in answers] == [202, 200]


@pytest.mark.slow
@pytest.mark.parametrize("closing", ["connection-close", "http10"])
def test_nothing_after_a_closing_request_is_read(server: ThreadedEmulator, closing: str) -> None:
    server.app.state.world.reset()
    first = request("POST", "/v1/SenderPools", json.dumps({"name": "first"}).encode())
    if closing == "http10":
        first = first.replace(b"HTTP/1.1", b"HTTP/1.0", 1)
    else:
        first = first.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n", 1)
    with connect(server.port) as sock:
        sock.sendall(first + request("POST", "/v1/SenderPools", CREATE))
        answers, closed = read_answers(sock)
    assert [a.status for a in answers] == [202]
    assert closed
    account = server.app.state.world.account(ACCOUNT_A[0])
    assert [p.name for p in account._pools.values()] == ["first"]


@pytest.mark.slow
def test_a_connection_stays_usable_after_answered_errors(server: ThreadedEmulator) -> None:
    server.app.state.world.reset()
    errors = [
        request("GET", "/v1/Nothing"),
        request("POST", "/v1/SenderPools", b'{"nmae": "x"}'),
        request("POST", "/v1/SenderPools", b"{"),
        request("GET", "/v1/SenderPools", headers={"Authorization": "Basic eA=="}),
        request("DELETE", "/v1/SenderPools"),
    ]
    with connect(server.port) as sock:
        sock.sendall(b"".join(errors) + request("POST", "/v1/SenderPools", CREATE))
        answers, closed = read_answers(sock, most=len(errors) + 1)
    assert [a.status for a in answers] == [404, 400, 400, 401, 405, 202]
    assert all(is_error_shape(a) for a in answers[:-1])
    assert not closed
    assert server.app.state.world.account(ACCOUNT_A[0]).counts()["senderPools"] == 1


# Heads no later bytes can mend, still arriving: the fast stack refuses each as it parses.
UNMENDABLE = {
    "bare-cr": b"\r;\n",
    "bare-lf": b'\r\n"\n',
    "bad-field-name": b"\r\nX(A): b\r\n",
    "folded-line": b"\r\n b\r\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(UNMENDABLE))
def test_an_unmendable_head_still_arriving_is_refused_at_once(
    server: ThreadedEmulator, case: str
) -> None:
    # h11 waited for the head's end (the header timeout) before it checked the head.
    server.app.state.world.reset()
    first = request("POST", "/v1/SenderPools", json.dumps({"name": "first"}).encode())
    broken = _CREATE_REQUEST.replace(b"\r\n\r\n", UNMENDABLE[case], 1)
    with connect(server.port) as sock:
        sock.sendall(first + broken)
        answers, closed = read_answers(sock)
    assert [a.status for a in answers] == [202, 400]
    assert closed
    account = server.app.state.world.account(ACCOUNT_A[0])
    assert [p.name for p in account._pools.values()] == ["first"]
