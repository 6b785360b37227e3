"""The catalogue's derived promises (`contract_tests/_promises.py`), one case per entry: what the
spec promises of every operation (credentials, unknown IDs, malformed inputs, busy answers,
account isolation), of every list (filters against an unfiltered walk, `next`, `self`), of every
written field (read back exactly at the edges of its limits) and of every limited input.

A new operation in the spec gets its cases here without a new test. A test marked
`derived(kind)` is parametrized by the suite's plugin, as it is collected, with the entries of
that kind derived from the run's contract (nothing of a run is known at import); each case
carries the `proves` marker of its entry, so a failure is a finding named by the entry's kind.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from comms_spec import SpecOperation, parse_retry_after, parse_rfc3339, resolve
from contract_tests._inputs import edge_value, example_body, ordinary_body, past
from contract_tests._judge import Observed
from contract_tests._patience import Inconclusive
from contract_tests._promises import Promise, limited_inputs, list_filters, path_ids
from contract_tests._safety import RUN_TAG, tag_for_run
from contract_tests._session import EMULATOR_RULE_KEY, ApiSession
from contract_tests._target import Credentials
from contract_tests._transport import IDEMPOTENT
from contract_tests._workflows import next_token

TEXT = "Conformance check: please ignore."
_TYPEID = "0123456789abcdefghjkmnpqrstvwxyz"  # the TypeID suffix alphabet (no i, l, o, u)


def _op(api: ApiSession, promise: Promise) -> SpecOperation:
    return api.contract.operation(promise.operations[0])


def _why_not(api: ApiSession, op: SpecOperation) -> str | None:
    """Why this run may not send the operation (the report shows it as not checked)."""
    if op.op_id in api.contract.read_only_op_ids:
        return None
    if api.target.read_only:
        return "read-only run: the operation changes state"
    if op.op_id in api.contract.sending_op_ids and not api.target.may_send:
        return "sending off: the operation sends Messages (--allow-sending)"
    return None


def _skip_unless_allowed(api: ApiSession, op: SpecOperation) -> None:
    why = _why_not(api, op)
    if why:
        pytest.skip(why)


def _unknown(api: ApiSession, param: dict[str, Any]) -> str:
    """A well-formed ID of the parameter's kind that nothing has, unique to this run. Owned by
    the run in the ledger (created and deleted at once), so the guard lets a mutating request
    name it: no account can have an ID this run made up."""
    pattern = str(resolve(api.contract.document, param.get("schema", {})).get("pattern", ""))
    head = pattern.removeprefix("^").split("[", 1)[0]
    digest = hashlib.sha256(f"{api.ledger.run_id}/{param['name']}".encode()).digest()
    suffix = "0" + "".join(_TYPEID[b % 32] for b in digest[:25])
    value = head + suffix
    api.ledger.created(value)
    api.ledger.deleted.add(value)
    return value


def _path(op: SpecOperation, values: dict[str, str]) -> str:
    path = op.path
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return path


def _unknown_path(api: ApiSession, op: SpecOperation) -> str:
    return _path(op, {p["name"]: _unknown(api, p) for p in op.parameters if p["in"] == "path"})


def _tagged(api: ApiSession, op: SpecOperation, body: Any) -> Any:
    """A create's body carries the run tag, so cleanup finds what a drifting target made."""
    if op.op_id == "createSenderPool" and isinstance(body, dict):
        return {**body, "tags": tag_for_run(body.get("tags"), api.ledger.run_id)}
    if op.op_id in api.contract.sending_op_ids and isinstance(body, dict):
        # Only ever to the recipients the run may message, never the spec example's numbers:
        # a target that wrongly takes the request would send it.
        to = [{"address": a, "channel": c} for a, c in api.target.recipients][:1]
        return {**body, "to": to, "tags": {RUN_TAG: api.ledger.run_id}}
    return body


def _sent(api: ApiSession, op: SpecOperation, response: Any) -> None:
    """Whatever a drifting target accepted is this run's: adopted for cleanup."""
    if response.status_code != 202:
        return
    try:
        body = response.json()
    except ValueError:
        return
    if op.op_id == "createSenderPool" and isinstance(body, dict):
        api.adopt(body["operationLocation"])
    elif op.op_id in api.contract.sending_op_ids and isinstance(body, dict):
        api.ledger.message_operations.add(body.get("operationId", ""))


# --- every operation -----------------------------------------------------------------------------


@pytest.mark.derived("credentials_required")
def test_credentials_required(api: ApiSession, promise: Promise) -> None:
    op = _op(api, promise)
    _skip_unless_allowed(api, op)
    path, body = _unknown_path(api, op), _tagged(api, op, example_body(api.contract, op))
    wrong = Credentials(api.target.credentials.username, "not-the-secret")
    for how, anonymous in (("no credentials", True), ("a wrong secret", False)):
        response = api.request(
            op.method.upper(), path, json=body, credentials=wrong, anonymous=anonymous
        )
        _sent(api, op, response)
        assert response.status_code == 401, f"answered {response.status_code} with {how}"


@pytest.mark.derived("unknown_id_is_404")
def test_unknown_id_is_404(api: ApiSession, promise: Promise) -> None:
    op = _op(api, promise)
    _skip_unless_allowed(api, op)
    body = ordinary_body(api.contract, op)
    if isinstance(body, list):  # references to add: well-formed, unknown
        body = [{"senderId": _unknown(api, {"name": "senderId", "schema": _sender_id()})}]
    response = api.request(op.method.upper(), _unknown_path(api, op), json=body)
    assert response.status_code == 404, f"an unknown ID answered {response.status_code}"


def _sender_id() -> dict[str, Any]:
    return {"$ref": "#/components/schemas/SenderId"}


@pytest.mark.derived("malformed_input_is_400")
def test_malformed_input_is_400(api: ApiSession, promise: Promise) -> None:
    op = _op(api, promise)
    _skip_unless_allowed(api, op)
    body: Any = _tagged(api, op, ordinary_body(api.contract, op))
    params: dict[str, Any] = {}
    ids = {p["name"]: _unknown(api, p) for p in op.parameters if p["in"] == "path"}
    bounded = [
        p
        for p in op.parameters
        if p["in"] == "query" and "minimum" in resolve(api.contract.document, p.get("schema", {}))
    ]
    if ids:
        ids[next(iter(ids))] = "not-an-id"  # a malformed ID, the rest well-formed
        what = "a malformed ID"
    elif bounded:
        minimum = resolve(api.contract.document, bounded[0]["schema"])["minimum"]
        params[bounded[0]["name"]] = minimum - 1
        what = f"{bounded[0]['name']}={minimum - 1}"
    else:
        body = "not a JSON object"  # the wrong JSON type for every body of the spec
        what = "a body of the wrong JSON type"
    response = api.request(op.method.upper(), _path(op, ids), json=body, params=params)
    _sent(api, op, response)
    assert response.status_code == 400, f"{what} answered {response.status_code}"


def _ordinary(api: ApiSession, op: SpecOperation) -> tuple[str, Any, int]:
    """A request with a known answer on any account: unknown IDs (404) for an operation with a
    path, else the operation's ordinary success."""
    body = _tagged(api, op, ordinary_body(api.contract, op))
    if path_ids(op):
        if isinstance(body, list):
            body = [{"senderId": _unknown(api, {"name": "senderId", "schema": _sender_id()})}]
        return _unknown_path(api, op), body, 404
    success = min(s for s in api.contract.declared_statuses(op.op_id) if s < 300)
    return op.path, body, success


def _fault(api: ApiSession, op: SpecOperation, status: int) -> dict[str, str]:
    """Arm one fault for this request alone: the headers that carry its key. Another client of
    the same emulator (a parallel shard, a second run) never takes it."""
    key = secrets.token_hex(8)
    api.control(
        "POST",
        "/faults",
        {"status": status, "operationId": op.op_id, "count": 1, "retryAfter": 0, "key": key},
    )
    return {EMULATOR_RULE_KEY: key}


def _busy(api: ApiSession, promise: Promise, status: int) -> None:
    """Provoke the busy answer through the emulator's fault plane, twice: once read as it came
    (the documented Retry-After and Error body), once through the suite's resend rule, which
    must end with the answer the request gets when nothing is busy. (On a target that is busy
    at random too, the first answer may be the other busy status: its shape is judged alike.)"""
    op = _op(api, promise)
    _skip_unless_allowed(api, op)
    path, body, expected = _ordinary(api, op)
    method = op.method.upper()
    keyed = _fault(api, op, status)
    url = f"{api.target.api_base}{path}"
    raw = api.transport.client.request(
        method, url, json=body, headers=keyed, auth=api.target.credentials.pair
    )
    if raw.status_code not in (429, 503):
        _sent(api, op, raw)
        raise AssertionError(f"the injected {status} answered {raw.status_code}")
    assert parse_retry_after(raw.headers.get("Retry-After")) is not None, (
        f"a {raw.status_code} without a usable Retry-After ({raw.headers.get('Retry-After')!r})"
    )
    # Judged and counted like every answer (the coverage's statuses show it), drift raised.
    call = api.transport.resolve(method, url, body=body)
    api.judge.judge(Observed(call, raw, raw.json(), None, None, False), validate=True)
    # What the resend rule sends again: anything after a 429; after a 503, what a repeat cannot
    # change, and a create once reading shows it was not processed. The rest is the client's.
    resent = (
        status == 429
        or method in IDEMPOTENT
        or op.op_id in api.contract.read_only_op_ids
        or op.op_id == "createSenderPool"
    )
    if not resent:
        return
    retried = api.patience.retries.get(status, 0)
    response = api.request(method, path, json=body, headers=_fault(api, op, status))
    _sent(api, op, response)
    assert response.status_code == expected, (
        f"after a {status} and a retry, answered {response.status_code}, not {expected}"
    )
    assert api.patience.retries.get(status, 0) > retried, "answered without a retry"


@pytest.mark.emulator_only
@pytest.mark.derived("busy_429_is_retried")
def test_busy_429_is_retried(api: ApiSession, promise: Promise) -> None:
    _busy(api, promise, 429)


@pytest.mark.emulator_only
@pytest.mark.derived("busy_503_is_retried")
def test_busy_503_is_retried(api: ApiSession, promise: Promise) -> None:
    _busy(api, promise, 503)


# --- a small world of this account's resources, made once -----------------------------------------


@dataclass
class World:
    """Resources this run made, for the checks that need some: a pool with two ACTIVATED
    members (one more ACTIVATED Sender kept out), its Operation, and a send from it."""

    api: ApiSession
    senders: list[dict[str, Any]] = field(default_factory=list)
    pool: str = ""
    pool_operation: str = ""
    messages: list[str] = field(default_factory=list)
    message_operation: str = ""

    @functools.cached_property
    def ready(self) -> bool:
        api = self.api
        if api.target.read_only:
            pytest.skip("read-only run: no pool of this run to check it against")
        active = api.collect("/Senders", "senders", status="ACTIVATED")
        if len(active) < 3:
            raise Inconclusive("the account needs three ACTIVATED Senders")
        # Members created at different times where the inventory allows: a date filter on the
        # pool's Senders can then be told from one that is ignored.
        later = [s for s in active[1:] if s["createdAt"] != active[0]["createdAt"]]
        second = later[-1] if later else active[1]
        spare = next(s for s in active[1:] if s["id"] != second["id"])
        active = [active[0], second, spare]
        self.senders = active[:3]
        self.pool, operation = api.create_pool(
            name="conformance-promises", senders=[{"senderId": s["id"]} for s in active[:2]]
        )
        self.pool_operation = operation["id"]
        if api.target.may_send and api.target.recipients:
            to = [{"address": a, "channel": c} for a, c in api.target.recipients]
            accepted = api.request(
                "POST",
                "/Messages",
                json={
                    "from": {"senderPoolId": self.pool},
                    "to": to,
                    "content": {"text": TEXT},
                    "tags": {RUN_TAG: api.ledger.run_id},
                },
            )
            assert accepted.status_code == 202, f"a send answered {accepted.status_code}"
            self.message_operation = accepted.json()["operationId"]
            api.ledger.message_operations.add(self.message_operation)
            done = api.wait_for_operation(accepted.json()["operationLocation"])
            listed = api.observe(
                lambda: api.collect("/Messages", "messages", operationId=done["id"]),
                lambda found: len(found) >= done["stats"]["total"],
            )
            self.messages = [m["id"] for m in listed]
        return True

    def value(self, op: SpecOperation, name: str) -> str:
        """This world's value for a path parameter of `op`."""
        assert self.ready
        messages = op.path.startswith("/Messages")
        if name == "senderPoolId":
            return self.pool
        if name == "senderId":
            return str(self.senders[0]["id"])
        if name == "operationId":
            found = self.message_operation if messages else self.pool_operation
        elif name == "messageId":
            found = self.messages[0] if self.messages else ""
        else:
            raise Inconclusive(f"no resource of this run fills the path parameter {name}")
        if not found:
            raise Inconclusive("sending off: no Message of this run to check it against")
        return found

    def ids(self) -> set[str]:
        assert self.ready
        return {
            self.pool,
            self.pool_operation,
            self.message_operation,
            *self.messages,
            *(s["id"] for s in self.senders),
        } - {""}


@pytest.fixture(scope="module")
def world(api: ApiSession) -> World:
    return World(api)


# --- account isolation ---------------------------------------------------------------------------


@pytest.mark.second_account
@pytest.mark.derived("accounts_are_isolated")
def test_accounts_are_isolated(api: ApiSession, world: World, promise: Promise) -> None:
    op = _op(api, promise)
    _skip_unless_allowed(api, op)
    other = api.target.second_account
    assert other is not None
    ours = world.ids()
    if path_ids(op):
        path = _path(op, {name: world.value(op, name) for name in path_ids(op)})
        body: Any = ordinary_body(api.contract, op)
        if isinstance(body, list):
            body = [{"senderId": world.senders[2]["id"]}]
        response = api.request(op.method.upper(), path, json=body, credentials=other)
        assert response.status_code == 404, (
            f"another account's {op.method.upper()} answered {response.status_code}"
        )
        return
    items = _walk(api, op, _list_inputs(api, op, world), credentials=other)
    leaked = ours & {str(i.get("id")) for i in items}
    assert not leaked, f"another account lists this account's {sorted(leaked)}"


# --- lists ---------------------------------------------------------------------------------------


def _list_inputs(api: ApiSession, op: SpecOperation, world: World | None) -> dict[str, Any]:
    """What a list needs besides paging: its path's IDs (this run's pool), the required body
    fields of a POST list (the address and channel of a Sender that has company)."""
    inputs: dict[str, Any] = {}
    if path_ids(op):
        assert world is not None
        inputs["path"] = _path(op, {n: world.value(op, n) for n in path_ids(op)})
    required = resolve(api.contract.document, api.contract.request_schema(op.op_id) or {})
    if required.get("required"):
        senders = api.collect("/Senders", "senders", pageSize=1000)
        if not senders:
            raise Inconclusive("the account has no Senders to search for")
        pairs = [(s["address"], s["channel"]) for s in senders]
        address, channel = max(pairs, key=pairs.count)
        inputs["body"] = {"address": address, "channel": channel}
    return inputs


def _page(
    api: ApiSession,
    op: SpecOperation,
    inputs: dict[str, Any],
    args: dict[str, Any],
    credentials: Credentials | None = None,
) -> dict[str, Any]:
    key = api.contract.list_keys[op.op_id]
    path = inputs.get("path", op.path)
    if op.method == "get":
        response = api.get(path, params=args, credentials=credentials)
    else:
        response = api.request(
            "POST", path, json={**inputs.get("body", {}), **args}, credentials=credentials
        )
    assert response.status_code == 200, f"{op.op_id} answered {response.status_code}"
    page: dict[str, Any] = response.json()
    assert isinstance(page.get(key), list)
    return page


def _walk(
    api: ApiSession,
    op: SpecOperation,
    inputs: dict[str, Any],
    credentials: Credentials | None = None,
    page_size: int = 1000,
    pages: int = 10_000,
    **filters: Any,
) -> list[dict[str, Any]]:
    key = api.contract.list_keys[op.op_id]
    args: dict[str, Any] = {**filters, "pageSize": page_size}
    items: list[dict[str, Any]] = []
    followed: set[str] = set()
    for _ in range(pages):
        page = _page(api, op, inputs, args, credentials)
        items += page[key]
        token = next_token(page, followed, op.op_id)
        if token is None:
            return items
        args["pageToken"] = token
    return items


def _first_pages(
    api: ApiSession, op: SpecOperation, inputs: dict[str, Any], **filters: Any
) -> tuple[list[str], bool]:
    """The IDs on the first FILTER_PAGES pages of a filtered walk, and whether it ended."""
    key = api.contract.list_keys[op.op_id]
    args: dict[str, Any] = {**filters, "pageSize": 1000}
    ids: list[str] = []
    followed: set[str] = set()
    for _ in range(FILTER_PAGES):
        page = _page(api, op, inputs, args)
        ids += [i["id"] for i in page[key]]
        token = next_token(page, followed, op.op_id)
        if token is None:
            return ids, True
        args["pageToken"] = token
    return ids, False


FILTER_PAGES = 2
# The unfiltered walks, kept between the cases of one list while this run wrote nothing: on an
# account with 10,000 Messages each walk is eleven large pages, each validated in full. A
# case whose judgement fails walks again (the cache may be a lagging read).
_WALKS: dict[tuple[str, str], tuple[tuple[int, int, int], list[dict[str, Any]]]] = {}


def _unfiltered(
    api: ApiSession, op: SpecOperation, inputs: dict[str, Any], fresh: bool = False
) -> list[dict[str, Any]]:
    key = (op.op_id, repr(sorted(inputs.items())))
    ledger = api.ledger
    epoch = (len(ledger.pools), len(ledger.deleted), len(ledger.message_operations))
    cached = _WALKS.get(key)
    if fresh or cached is None or cached[0] != epoch:
        cached = (epoch, _walk(api, op, inputs))
        _WALKS[key] = cached
    return cached[1]


def _needs_world(op: SpecOperation) -> bool:
    return bool(path_ids(op))


def _world_or_none(op: SpecOperation, request: pytest.FixtureRequest) -> World | None:
    return request.getfixturevalue("world") if _needs_world(op) else None


@pytest.mark.derived("next_visits_every_item_once")
def test_next_visits_every_item_once(
    api: ApiSession, promise: Promise, request: pytest.FixtureRequest
) -> None:
    op = _op(api, promise)
    inputs = _list_inputs(api, op, _world_or_none(op, request))

    attempts: list[int] = []

    def judged() -> list[str]:
        everything = [i["id"] for i in _unfiltered(api, op, inputs, fresh=bool(attempts))]
        attempts.append(1)
        if len(everything) < 2:
            raise Inconclusive(f"{op.op_id} lists fewer than two items: nothing to page")
        # One item a page for the first pages, then pages sized for ~10 steps in all (the
        # first three of them: a page boundary that skips or repeats shows at the first).
        first = [i["id"] for i in _walk(api, op, inputs, page_size=1, pages=5)]
        size = min(999, max(2, -(-len(everything) // 10)))
        paged = [i["id"] for i in _walk(api, op, inputs, page_size=size, pages=3)]
        problems = []
        if first != everything[: len(first)]:
            problems.append("pageSize=1 pages do not follow the order of one large page")
        if len(paged) != len(set(paged)):
            problems.append(f"an item was listed twice (pageSize={size})")
        if paged != everything[: len(paged)]:
            problems.append(f"pageSize={size} pages do not list every item once, in order")
        return problems

    problems = api.observe(judged, lambda found: not found)
    assert not problems, "; ".join(problems)


@pytest.mark.derived("self_rereads_the_page")
def test_self_rereads_the_page(
    api: ApiSession, promise: Promise, request: pytest.FixtureRequest
) -> None:
    op = _op(api, promise)
    key = api.contract.list_keys[op.op_id]
    inputs = _list_inputs(api, op, _world_or_none(op, request))
    first = _page(api, op, inputs, {"pageSize": 1})
    if first["pagination"]["next"] is None:
        raise Inconclusive(f"{op.op_id} has one page: no later page to read again")
    second = _page(api, op, inputs, {"pageSize": 1, "pageToken": first["pagination"]["next"]})
    for name, page in (("first", first), ("second", second)):
        again = _page(api, op, inputs, {"pageSize": 1, "pageToken": page["pagination"]["self"]})
        assert [i["id"] for i in again[key]] == [i["id"] for i in page[key]], (
            f"the {name} page's `self` read another page"
        )
        assert (again["pagination"]["next"] is None) == (page["pagination"]["next"] is None)


# How an item shows a filter's value when it does not carry a field of the filter's name: a
# decision per filter, the one place a new such filter is explained.
ITEM_VALUE: dict[str, Callable[[dict[str, Any]], Any]] = {
    "listMessages:channel": lambda m: m["from"]["channel"],
    "listMessages:operationId": lambda m: {r["id"] for r in m.get("related", [])},
    "listMessages:tags": lambda m: {f"{k}:{v};" for k, v in (m.get("tags") or {}).items()},
}
DATE_FIELD = "createdAt"
SHORT_WALK = 1000  # items: one page


def _matches(value: Any, wanted: Any) -> bool:
    return wanted in value if isinstance(value, set) else value == wanted


@pytest.mark.derived("list_filter_holds")
def test_list_filter_holds(
    api: ApiSession, promise: Promise, request: pytest.FixtureRequest
) -> None:
    op = _op(api, promise)
    name = promise.key.split(":", 1)[1]
    param = next(p for p in list_filters(api.contract, op) if p["name"] == name)
    schema = resolve(api.contract.document, param.get("schema", {}))
    inputs = _list_inputs(api, op, _world_or_none(op, request))
    value_of = ITEM_VALUE.get(promise.key)

    first_page = _page(api, op, inputs, {"pageSize": 50})[api.contract.list_keys[op.op_id]]
    is_date = schema.get("format") == "date-time" and name in ("startDate", "endDate")
    if not is_date and value_of is None and any(name not in i for i in first_page):
        # A promise with a written test too is judged by that one (`ALSO_CHECKED_BY`).
        instead = [test.rsplit("/", 1)[-1] for test in promise.tests[1:]]
        pytest.skip(
            f"not checked: the items of {op.op_id} do not show `{name}`, and no rule "
            "says how they do (ITEM_VALUE)"
            + (f"; the promise is judged by {', '.join(instead)}" if instead else "")
        )

    attempts: list[int] = []

    def judged() -> list[str]:
        everything = _unfiltered(api, op, inputs, fresh=bool(attempts))
        attempts.append(1)
        if not everything:
            raise Inconclusive(f"{op.op_id} lists nothing: no filter can be judged")
        trials: list[tuple[Any, list[str]]] = []
        if is_date:
            if any(DATE_FIELD not in i for i in everything):
                raise Inconclusive(f"the items carry no {DATE_FIELD} to judge {name} by")
            # A bound that splits the list, so both sides are there to be wrongly included or
            # left out.
            moments = [parse_rfc3339(i[DATE_FIELD]) for i in everything]
            splits = [k for k in range(len(everything)) if moments[k] != moments[0]]
            if not splits:
                raise Inconclusive(f"every item has the same {DATE_FIELD}: no bound splits them")
            # startDate near the end, endDate near the start: the filtered walk is short.
            pivot = everything[splits[-1] if name == "startDate" else splits[0]][DATE_FIELD]
            moment = parse_rfc3339(pivot)
            inside = [
                i["id"]
                for i, at in zip(everything, moments, strict=True)
                if (at >= moment) == (name == "startDate")
            ]
            trials.append((pivot, inside))
        else:
            read = value_of or (lambda item: item.get(name))
            counts: dict[Any, int] = {}
            for item in everything:
                value = read(item)
                for one in sorted(value) if isinstance(value, set) else [value]:
                    if one is not None:
                        counts[one] = counts.get(one, 0) + 1
            # The rarest value, the next rarest if its walk is short, and one value no item
            # has where the schema names one: a filter that is ignored, or matches wrongly,
            # shows on any of them; a value of 10,000 items would only cost time.
            ranked = sorted(counts, key=lambda v: (counts[v], str(v)))
            seen = ranked[:1] + [v for v in ranked[1:2] if counts[v] <= SHORT_WALK]
            candidates = seen + [v for v in schema.get("enum", []) if v not in counts][:1]
            for wanted in candidates:
                trials.append((wanted, [i["id"] for i in everything if _matches(read(i), wanted)]))
        problems = []
        for wanted, expected in trials:
            # The first pages are judged against the matching items in order (a filter that
            # is ignored or matches wrongly shows there); all of them when the walk ends.
            got, ended = _first_pages(api, op, inputs, **{name: wanted})
            if got != (expected if ended else expected[: len(got)]):
                problems.append(
                    f"?{name}={wanted}: {len(got)} items, {len(expected)} of the unfiltered "
                    f"walk match (extra {sorted(set(got) - set(expected))[:3]}, "
                    f"missing {sorted(set(expected) - set(got))[:3]})"
                )
        return problems

    problems = api.observe(judged, lambda found: not found)
    assert not problems, "; ".join(problems)


# --- written fields ------------------------------------------------------------------------------


def _edge(api: ApiSession, op: SpecOperation, name: str) -> Any:
    schema = api.contract.body_properties(op.op_id)[name]
    is_map = isinstance(schema.get("additionalProperties"), dict)
    value = edge_value(api.contract, schema, reserved=1 if is_map else 0)
    if value is None:
        pytest.skip(
            f"not checked: no edge of `{name}` is derived from its schema (written entries "
            "check it: pool sends, one Message per recipient)"
        )
    return value


@pytest.mark.mutating
@pytest.mark.derived("written_field_reads_back")
def test_written_field_reads_back(api: ApiSession, promise: Promise) -> None:
    op = _op(api, promise)
    _skip_unless_allowed(api, op)
    name = promise.key.split(":", 1)[1]
    value = _edge(api, op, name)
    is_map = isinstance(value, dict) and name == "tags"
    expected = {**value, RUN_TAG: api.ledger.run_id} if is_map else value
    if op.op_id == "createSenderPool":
        pool_id, _ = api.create_pool(**{name: value})
        shown = api.get(f"/SenderPools/{pool_id}").json()[name]
    elif op.op_id == "updateSenderPool":
        pool_id, _ = api.create_pool(name="conformance-before")
        patched = api.request("PATCH", f"/SenderPools/{pool_id}", json={name: expected})
        assert patched.status_code == 202, f"PATCH answered {patched.status_code}"
        shown = api.get(f"/SenderPools/{pool_id}").json()[name]
    elif op.op_id == "sendMessages":
        to = [{"address": a, "channel": c} for a, c in api.target.recipients][:1]
        body: dict[str, Any] = {
            "to": to,
            "content": {"text": TEXT},
            "tags": {RUN_TAG: api.ledger.run_id},
        }
        body[name] = expected
        accepted = api.request("POST", "/Messages", json=body)
        assert accepted.status_code == 202, f"a send answered {accepted.status_code}"
        api.ledger.message_operations.add(accepted.json()["operationId"])
        done = api.wait_for_operation(accepted.json()["operationLocation"])
        messages = api.observe(
            lambda: api.collect("/Messages", "messages", operationId=done["id"]),
            lambda found: len(found) >= done["stats"]["total"],
        )
        if not messages:
            raise Inconclusive("the send reached nobody: no Message to read back")
        shown = api.get(f"/Messages/{messages[0]['id']}").json()[name]
    else:
        raise AssertionError(f"no read-back for {op.op_id} (READ_BACK_FROM)")
    assert shown == expected, (
        f"`{name}` read back differs from what was written: {_diff(expected, shown)}"
    )


def _diff(written: Any, shown: Any) -> str:
    if isinstance(written, str) and isinstance(shown, str):
        return f"{len(written)} characters written, {len(shown)} read back"
    if isinstance(written, dict) and isinstance(shown, dict):
        missing = sorted(set(written) - set(shown))[:2]
        changed = sorted(k for k in written if k in shown and shown[k] != written[k])[:2]
        cut = [k[:20] for k in missing], [k[:20] for k in changed]
        return f"keys missing {cut[0]}, values changed {cut[1]}"
    return f"{str(written)[:80]!r} != {str(shown)[:80]!r}"


# --- limits on every input -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def input_pool(api: ApiSession) -> str:
    if api.target.read_only:
        pytest.skip("read-only run: no pool of this run to check it against")
    return api.create_pool(name="conformance-limits")[0]


@pytest.mark.derived("input_limit_is_enforced")
def test_input_limit_is_enforced(
    api: ApiSession, promise: Promise, request: pytest.FixtureRequest
) -> None:
    op = _op(api, promise)
    _skip_unless_allowed(api, op)
    _, where, keyword = promise.key.split(":")
    bound = next(b for w, k, b in limited_inputs(api.contract, op) if (w, k) == (where, keyword))
    ids = {}
    if path_ids(op):
        pool = request.getfixturevalue("input_pool")
        ids = {n: pool if n == "senderPoolId" else _unknown(api, {"name": n}) for n in path_ids(op)}
    body: Any = _tagged(api, op, ordinary_body(api.contract, op))
    params: dict[str, Any] = {}
    place, name, *part = where.split(".")
    if place == "query":
        schema = resolve(api.contract.document, op.parameter("query", name)["schema"])  # type: ignore[index]
        params[name] = past(schema, keyword, bound)
    else:
        schema = api.contract.body_properties(op.op_id)[name]
        body = dict(body or {})
        if keyword == "maxProperties":
            values = edge_value(api.contract, {**schema, "maxProperties": bound + 1})
            body[name] = values
        elif part:
            keys = resolve(api.contract.document, schema.get("propertyNames", {}))
            values = resolve(api.contract.document, schema.get("additionalProperties", {}))
            if part == ["key"]:
                body[name] = {past(keys, keyword, bound): "v"}
            else:
                body[name] = {"k": past(values, keyword, bound)}
        else:
            body[name] = past(schema, keyword, bound)
    response = api.request(op.method.upper(), _path(op, ids), json=body, params=params)
    _sent(api, op, response)
    assert response.status_code == 400, (
        f"{where} just past {keyword} {bound} answered {response.status_code}"
    )
