"""The behaviour catalogue: what a well-behaved Comms API SDK does against a real, busy API.

Each behaviour names the documented fact or the kit's decision it rests on (the tags of
`comms-api-facts.md`: [DOC] an official page, [3P] third-party code only, [GAP] the docs are
silent and the kit decided), sets the emulator up, asks the adapter for one or more actions,
and judges from the adapter's answers and the emulator's request journal. A verdict carries the
journal lines that prove it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from contract_tests._sdk.adapter import Adapter, Answer
from contract_tests._sdk.emulator import Credentials, EmulatorControl

PASS, FAIL, UNSUPPORTED = "pass", "fail", "not supported"
# What the adapter's hello may list beside its actions.
FEATURES = ("retries", "timeouts")
# Seconds the kit gives an adapter per action beyond the time the action itself may take
# (--answer-timeout).
DEFAULT_SLACK = 30.0
REQUEST_TIMEOUT = 5.0  # the per-request timeout the kit hands the adapter, unless stated


@dataclass
class Verdict:
    outcome: str
    reason: str
    evidence: list[str] = field(default_factory=list)


class Ctx:
    """What a behaviour works with: the emulator, the adapter, the answers so far."""

    def __init__(
        self,
        emulator: EmulatorControl,
        adapter: Adapter,
        error_codes: dict[int, int],
        slack: float = DEFAULT_SLACK,
    ) -> None:
        self.slack = slack
        self.emulator = emulator
        self.adapter = adapter
        self.error_codes = error_codes
        self.answers: list[tuple[str, Answer]] = []

    def call(
        self,
        action: str,
        args: dict[str, Any],
        *,
        credentials: Credentials | None = None,
        timeout: float = REQUEST_TIMEOUT,
        expected: float = 0.0,
    ) -> Answer:
        """Ask the adapter; `timeout` is the per-request timeout it is told to use, `expected`
        how long the action itself may take (a wait's deadline). The kit waits for the answer
        the longer of the two, plus the slack."""
        context = {
            "baseUrl": self.emulator.base_url,
            "credentials": (credentials or self.emulator.account).as_json(),
            "timeout": timeout,
        }
        bound = max(timeout, expected) + self.slack
        answer = self.adapter.call(action, args, timeout=bound, context=context)
        self.answers.append((action, answer))
        return answer

    def journal(self, op_id: str | None = None) -> list[dict[str, Any]]:
        return self.emulator.journal(op_id)


Judge = Callable[[Ctx], Verdict]


@dataclass(frozen=True)
class Behaviour:
    id: str
    title: str
    rests_on: str
    requires: tuple[str, ...]  # actions and features the adapter must declare
    judge: Judge


def line(entry: dict[str, Any]) -> str:
    """A journal entry as one line of evidence."""
    query = "&".join(f"{k}={v}" for k, v in entry["query"])
    marks = ""
    if "fault" in entry:
        marks += " (injected fault)"
    if "variance" in entry:
        marks += f" (variance {entry['variance']})"
    credential = entry.get("credential") or {}
    who = f" as {credential.get('scheme', '?')} {credential.get('username', '')}".rstrip()
    return (
        f"#{entry['seq']} {entry['time'][11:23]} {entry['method']} {entry['path']}"
        f"{'?' + query if query else ''}{who if credential else ' (no credentials)'}"
        f" -> {entry['status']}{marks}"
    )


def evidence(entries: list[dict[str, Any]], *answers: Answer) -> list[str]:
    shown = [line(e) for e in entries[-12:]]
    if len(entries) > 12:
        shown.insert(0, f"... {len(entries) - 12} earlier requests")
    return shown + [f"adapter: {a.describe()}" for a in answers]


def _unsupported(answer: Answer) -> Verdict | None:
    if answer.unsupported is not None:
        return Verdict(UNSUPPORTED, answer.unsupported, [f"adapter: {answer.describe()}"])
    return None


def _ids(answer: Answer) -> list[str] | None:
    ids = (answer.result or {}).get("ids")
    return [str(i) for i in ids] if isinstance(ids, list) else None


def _seconds(entry: dict[str, Any]) -> float:
    from comms_spec import parse_rfc3339_ms

    return parse_rfc3339_ms(entry["time"]) / 1000


def _expected_ids(ctx: Ctx, path: str) -> list[str]:
    body = ctx.emulator.api("GET", path).json()
    return [item["id"] for item in body["senders"]]


# --- the behaviours --------------------------------------------------------------------------


def sends_credentials(ctx: Ctx) -> Verdict:
    """With each pair the kit hands over (an account, an API key), every request the adapter
    sends must carry exactly that pair as HTTP Basic."""
    pairs = [("account", ctx.emulator.account)]
    if ctx.emulator.api_key is not None:
        pairs.append(("API key", ctx.emulator.api_key))
    shown: list[str] = []
    for label, given in pairs:
        ctx.emulator.clear_journal()
        answer = ctx.call("listSenders", {"pageSize": 50}, credentials=given)
        if (skipped := _unsupported(answer)) is not None:
            return skipped
        entries = ctx.journal()
        if answer.result is None:
            why = f"with the {label} credentials: {answer.describe()}"
            return Verdict(FAIL, why, evidence(entries, answer))
        if not entries:
            return Verdict(FAIL, "the adapter sent no request", evidence(entries, answer))
        for entry in entries:
            sent = entry.get("credential") or {}
            basic = str(sent.get("scheme", "")).lower() == "basic"
            if not basic or sent.get("username") != given.username or entry["status"] == 401:
                why = f"a request went without HTTP Basic of the {label} pair"
                return Verdict(FAIL, why, evidence([entry], answer))
        shown += evidence(entries)
    names = " and ".join(label for label, _ in pairs)
    return Verdict(PASS, f"every request used HTTP Basic with the {names} pair given", shown)


def follows_every_page(ctx: Ctx) -> Verdict:
    expected = _expected_ids(ctx, "/Senders?pageSize=1000")
    ctx.emulator.clear_journal()
    answer = ctx.call("listSenders", {"pageSize": 4})
    if (skipped := _unsupported(answer)) is not None:
        return skipped
    entries = ctx.journal("listSenders")
    got = _ids(answer)
    if got is None:
        return Verdict(FAIL, f"no list of ids: {answer.describe()}", evidence(entries, answer))
    pages = -(-len(expected) // 4)
    if sorted(got) != sorted(expected) or len(got) != len(expected):
        return Verdict(
            FAIL,
            f"{len(got)} ids, expected each of {len(expected)} once (over {pages} pages)",
            evidence(entries, answer),
        )
    if len(entries) != pages:
        why = f"{len(entries)} page requests for {pages} pages: the last page's next is null"
        return Verdict(FAIL, why, evidence(entries, answer))
    tokens = [dict(e["query"]).get("pageToken") for e in entries]
    if (
        tokens[0] is not None
        or any(t is None for t in tokens[1:])
        or len(set(tokens[1:])) != len(tokens[1:])
    ):
        return Verdict(
            FAIL, "pages after the first must each follow a new pageToken", evidence(entries)
        )
    return Verdict(
        PASS, f"{len(entries)} pages, every id once, until next was null", evidence(entries)
    )


def keeps_filters(ctx: Ctx) -> Verdict:
    filters = {"channel": "SMS", "status": "ACTIVATED"}
    expected = _expected_ids(ctx, "/Senders?channel=SMS&status=ACTIVATED&pageSize=1000")
    ctx.emulator.clear_journal()
    answer = ctx.call("listSenders", {**filters, "pageSize": 2})
    if (skipped := _unsupported(answer)) is not None:
        return skipped
    entries = ctx.journal("listSenders")
    if len(entries) < 2:
        return Verdict(FAIL, "expected at least two pages to be read", evidence(entries, answer))
    for entry in entries:
        query = dict(entry["query"])
        lost = {k: v for k, v in {**filters, "pageSize": "2"}.items() if query.get(k) != v}
        if lost:
            return Verdict(FAIL, f"a page was asked without {lost}", evidence(entries, answer))
    if sorted(_ids(answer) or []) != sorted(expected):
        return Verdict(
            FAIL,
            f"the ids differ from the filtered set ({len(expected)})",
            evidence(entries, answer),
        )
    return Verdict(
        PASS, f"{len(entries)} pages, each with channel, status and pageSize", evidence(entries)
    )


def _create(ctx: Ctx, name: str) -> tuple[str | None, Answer]:
    answer = ctx.call("createSenderPool", {"name": name})
    operation_id = (answer.result or {}).get("operationId")
    return (operation_id if isinstance(operation_id, str) else None), answer


def waits_to_terminal(ctx: Ctx) -> Verdict:
    ctx.emulator.progression("polls:3")
    operation_id, created = _create(ctx, "sdk-check-wait")
    if (skipped := _unsupported(created)) is not None:
        return skipped
    if operation_id is None:
        return Verdict(
            FAIL,
            f"create gave no operationId: {created.describe()}",
            evidence(ctx.journal(), created),
        )
    answer = ctx.call(
        "waitForOperation", {"operationId": operation_id, "deadline": 20}, expected=20
    )
    if (skipped := _unsupported(answer)) is not None:
        return skipped
    polls = ctx.journal("fetchSenderPoolOperation")
    status = (answer.result or {}).get("status")
    if status != "COMPLETED":
        return Verdict(FAIL, f"expected COMPLETED: {answer.describe()}", evidence(polls, answer))
    if len(polls) < 3:
        return Verdict(
            FAIL,
            f"COMPLETED comes on the 3rd poll; {len(polls)} were made",
            evidence(polls, answer),
        )
    return Verdict(PASS, f"polled {len(polls)} times until COMPLETED", evidence(polls, answer))


def honours_deadline(ctx: Ctx) -> Verdict:
    ctx.emulator.progression("seconds:3600")
    operation_id, created = _create(ctx, "sdk-check-deadline")
    if (skipped := _unsupported(created)) is not None:
        return skipped
    if operation_id is None:
        return Verdict(
            FAIL,
            f"create gave no operationId: {created.describe()}",
            evidence(ctx.journal(), created),
        )
    deadline = 1.0
    answer = ctx.call(
        "waitForOperation",
        {"operationId": operation_id, "deadline": deadline},
        expected=deadline,
    )
    if (skipped := _unsupported(answer)) is not None:
        return skipped
    polls = ctx.journal("fetchSenderPoolOperation")
    if answer.kind != "timeout":
        return Verdict(
            FAIL,
            f"expected a timeout error after {deadline} s: {answer.describe()}",
            evidence(polls, answer),
        )
    if answer.elapsed > deadline + 2:
        return Verdict(
            FAIL,
            f"answered after {answer.elapsed:.1f} s, deadline {deadline} s",
            evidence(polls, answer),
        )
    if polls and _seconds(polls[-1]) - _seconds(polls[0]) > deadline + 1:
        return Verdict(FAIL, "kept polling past the deadline", evidence(polls, answer))
    return Verdict(
        PASS,
        f"gave up after {answer.elapsed:.1f} s (deadline {deadline} s), {len(polls)} polls",
        evidence(polls, answer),
    )


def unknown_status_running(ctx: Ctx) -> Verdict:
    ctx.emulator.progression("polls:4")
    operation_id, created = _create(ctx, "sdk-check-unknown-status")
    if (skipped := _unsupported(created)) is not None:
        return skipped
    if operation_id is None:
        return Verdict(
            FAIL,
            f"create gave no operationId: {created.describe()}",
            evidence(ctx.journal(), created),
        )
    ctx.emulator.vary(
        kind="unknownEnum", operationId="fetchSenderPoolOperation", field="status", count=2
    )
    answer = ctx.call(
        "waitForOperation", {"operationId": operation_id, "deadline": 20}, expected=20
    )
    if (skipped := _unsupported(answer)) is not None:
        return skipped
    polls = ctx.journal("fetchSenderPoolOperation")
    if (answer.result or {}).get("status") != "COMPLETED":
        return Verdict(
            FAIL,
            f"expected to keep waiting to COMPLETED: {answer.describe()}",
            evidence(polls, answer),
        )
    varied = [p for p in polls if p.get("variance")]
    if len(varied) != 2 or polls[-1] is varied[-1]:
        return Verdict(FAIL, "the unknown status must be polled past", evidence(polls, answer))
    return Verdict(
        PASS,
        f"polled past 2 unknown statuses to COMPLETED ({len(polls)} polls)",
        evidence(polls, answer),
    )


def waits_retry_after(ctx: Ctx) -> Verdict:
    wait = 1
    ctx.emulator.fault(status=429, operationId="listSenders", count=1, retryAfter=wait)
    answer = ctx.call("listSenders", {"pageSize": 50})
    if (skipped := _unsupported(answer)) is not None:
        return skipped
    entries = ctx.journal("listSenders")
    if answer.result is None:
        return Verdict(
            FAIL, f"the 429 was not retried: {answer.describe()}", evidence(entries, answer)
        )
    if len(entries) < 2 or entries[0]["status"] != 429:
        return Verdict(FAIL, "expected the 429 and then a retry", evidence(entries, answer))
    waited = _seconds(entries[1]) - _seconds(entries[0])
    # The journal's times are whole milliseconds: allow one either side.
    if waited < wait - 0.002:
        return Verdict(
            FAIL,
            f"retried after {waited:.3f} s; Retry-After said {wait} s",
            evidence(entries, answer),
        )
    return Verdict(
        PASS,
        f"waited {waited:.2f} s (Retry-After: {wait}) before the retry",
        evidence(entries, answer),
    )


def retries_read_503(ctx: Ctx) -> Verdict:
    pool_id = ctx.emulator.create_pool("sdk-check-503")
    ctx.emulator.clear_journal()
    ctx.emulator.fault(status=503, operationId="fetchSenderPool", count=1, retryAfter=0)
    answer = ctx.call("fetchSenderPool", {"senderPoolId": pool_id})
    if (skipped := _unsupported(answer)) is not None:
        return skipped
    entries = ctx.journal("fetchSenderPool")
    if (answer.result or {}).get("id") != pool_id:
        return Verdict(
            FAIL,
            f"the read was not retried to success: {answer.describe()}",
            evidence(entries, answer),
        )
    if [e["status"] for e in entries][:2] != [503, 200]:
        return Verdict(
            FAIL, "expected the 503, then a retry answered 200", evidence(entries, answer)
        )
    return Verdict(PASS, "retried the read after the 503", evidence(entries, answer))


def no_blind_create_resend(ctx: Ctx) -> Verdict:
    ctx.emulator.fault(status=503, operationId="createSenderPool", count=1, retryAfter=0)
    answer = ctx.call("createSenderPool", {"name": "sdk-check-once"})
    if (skipped := _unsupported(answer)) is not None:
        return skipped
    entries = ctx.journal()
    creates = [e for e in entries if e["operationId"] == "createSenderPool"]
    if len(creates) > 1:
        return Verdict(
            FAIL,
            f"the create was sent {len(creates)} times after a 503 (no idempotency key exists)",
            evidence(entries, answer),
        )
    if answer.status == 503:
        return Verdict(
            PASS, "surfaced the 503 with the create sent once", evidence(entries, answer)
        )
    reads = [e for e in entries if e["method"] == "GET"]
    if answer.result is not None and reads:
        return Verdict(
            PASS, "sent the create once, then read to find out", evidence(entries, answer)
        )
    return Verdict(
        FAIL,
        f"expected the 503 surfaced, or a read: {answer.describe()}",
        evidence(entries, answer),
    )


def gives_up(ctx: Ctx) -> Verdict:
    pool_id = ctx.emulator.create_pool("sdk-check-budget")
    ctx.emulator.clear_journal()
    ctx.emulator.fault(status=503, operationId="fetchSenderPool", rate=1, retryAfter=0)
    answer = ctx.call("fetchSenderPool", {"senderPoolId": pool_id}, expected=60)
    if (skipped := _unsupported(answer)) is not None:
        return skipped
    entries = ctx.journal("fetchSenderPool")
    if answer.status != 503:
        return Verdict(
            FAIL,
            f"expected the 503 surfaced once the budget ran out: {answer.describe()}",
            evidence(entries, answer),
        )
    if len(entries) < 2 or len(entries) > 20:
        return Verdict(
            FAIL,
            f"{len(entries)} attempts; expected some retries and a bound",
            evidence(entries, answer),
        )
    if "retry-after" not in (answer.error or {}).get("headers", {}):
        return Verdict(
            FAIL, "the surfaced 503 lost its Retry-After header", evidence(entries, answer)
        )
    return Verdict(
        PASS,
        f"gave up after {len(entries)} attempts with the 503 and its headers",
        evidence(entries, answer),
    )


def _surfaces(status: int, args: dict[str, Any], credentials: Credentials | None = None) -> Judge:
    def judge(ctx: Ctx) -> Verdict:
        answer = ctx.call("fetchSenderPool", args, credentials=credentials)
        if (skipped := _unsupported(answer)) is not None:
            return skipped
        entries = ctx.journal()
        error = answer.error or {}
        code = ctx.error_codes.get(status, status * 100)
        if answer.status != status:
            return Verdict(
                FAIL, f"expected status {status}: {answer.describe()}", evidence(entries, answer)
            )
        if error.get("code") != code:
            return Verdict(
                FAIL,
                f"expected error code {code}, got {error.get('code')!r}",
                evidence(entries, answer),
            )
        if not isinstance(error.get("message"), str) or not error["message"]:
            return Verdict(FAIL, "the error's message was lost", evidence(entries, answer))
        return Verdict(
            PASS,
            f"surfaced status {status}, code {code} and the message",
            evidence(entries, answer),
        )

    return judge


UNKNOWN_POOL = "comms_senderpool_01h9krwprkeee8fzqspvwy6nq8"


def _wrong_password(ctx_emulator: EmulatorControl) -> Credentials:
    return Credentials(ctx_emulator.account.username, "not-the-auth-token")


def surfaces_401(ctx: Ctx) -> Verdict:
    return _surfaces(401, {"senderPoolId": UNKNOWN_POOL}, _wrong_password(ctx.emulator))(ctx)


def _error_page(kind: str) -> Judge:
    def judge(ctx: Ctx) -> Verdict:
        pool_id = ctx.emulator.create_pool(f"sdk-check-{kind}")
        ctx.emulator.clear_journal()
        ctx.emulator.vary(kind=kind, operationId="fetchSenderPool", status=500, count=1)
        answer = ctx.call("fetchSenderPool", {"senderPoolId": pool_id})
        if (skipped := _unsupported(answer)) is not None:
            return skipped
        entries = ctx.journal()
        if answer.kind != "api" or answer.status != 500:
            return Verdict(
                FAIL,
                f"expected an API error with status 500: {answer.describe()}",
                evidence(entries, answer),
            )
        return Verdict(
            PASS, "surfaced status 500 from a body that is not JSON", evidence(entries, answer)
        )

    return judge


def tolerates_unknown_enum(ctx: Ctx) -> Verdict:
    expected = _expected_ids(ctx, "/Senders?pageSize=1000")
    ctx.emulator.clear_journal()
    ctx.emulator.vary(
        kind="unknownEnum", operationId="listSenders", field="senders.*.channel", count=1
    )
    answer = ctx.call("listSenders", {"pageSize": 1000})
    if (skipped := _unsupported(answer)) is not None:
        return skipped
    entries = ctx.journal()
    if sorted(_ids(answer) or []) != sorted(expected):
        return Verdict(
            FAIL,
            f"a new channel value broke the list: {answer.describe()}",
            evidence(entries, answer),
        )
    return Verdict(
        PASS, "read every Sender despite a channel it does not know", evidence(entries, answer)
    )


def tolerates_added_field(ctx: Ctx) -> Verdict:
    pool_id = ctx.emulator.create_pool("sdk-check-added")
    ctx.emulator.clear_journal()
    ctx.emulator.vary(kind="addedField", operationId="fetchSenderPool", count=1)
    answer = ctx.call("fetchSenderPool", {"senderPoolId": pool_id})
    if (skipped := _unsupported(answer)) is not None:
        return skipped
    entries = ctx.journal()
    if (answer.result or {}).get("id") != pool_id:
        return Verdict(
            FAIL, f"an added field broke the read: {answer.describe()}", evidence(entries, answer)
        )
    return Verdict(
        PASS, "read the pool despite a field the spec does not declare", evidence(entries, answer)
    )


def tolerates_missing_field(ctx: Ctx) -> Verdict:
    ctx.emulator.vary(
        kind="missingField", operationId="createSenderPool", field="operationLocation", count=1
    )
    operation_id, answer = _create(ctx, "sdk-check-missing")
    if (skipped := _unsupported(answer)) is not None:
        return skipped
    entries = ctx.journal()
    if operation_id is None:
        return Verdict(
            FAIL,
            f"the 202 without operationLocation broke create: {answer.describe()}",
            evidence(entries, answer),
        )
    if ctx.emulator.api("GET", f"/SenderPools/Operations/{operation_id}").status_code != 200:
        return Verdict(
            FAIL,
            f"the operationId returned ({operation_id}) is not the one sent",
            evidence(entries, answer),
        )
    return Verdict(
        PASS, "created without the inferred operationLocation", evidence(entries, answer)
    )


def ends_stalled_request(ctx: Ctx) -> Verdict:
    pool_id = ctx.emulator.create_pool("sdk-check-stall")
    ctx.emulator.clear_journal()
    timeout = 1.0
    ctx.emulator.vary(kind="stall", operationId="fetchSenderPool", seconds=60, count=1)
    answer = ctx.call("fetchSenderPool", {"senderPoolId": pool_id}, timeout=timeout)
    if (skipped := _unsupported(answer)) is not None:
        return skipped
    entries = ctx.journal()
    stalled = [e for e in entries if e.get("variance") == "stall"]
    if answer.result is not None and stalled and answer.elapsed <= timeout * 4 + 1:
        return Verdict(
            PASS,
            f"timed out the stalled request and retried it ({answer.elapsed:.1f} s)",
            evidence(entries, answer),
        )
    if answer.kind != "timeout":
        return Verdict(
            FAIL,
            f"expected a timeout within {timeout:g} s: {answer.describe()}",
            evidence(entries, answer),
        )
    if answer.elapsed > timeout + 2:
        return Verdict(
            FAIL,
            f"answered after {answer.elapsed:.1f} s; timeout {timeout:g} s",
            evidence(entries, answer),
        )
    return Verdict(
        PASS,
        f"ended the stalled request after {answer.elapsed:.1f} s (timeout {timeout:g} s)",
        evidence(entries, answer),
    )


def survives_dropped_connection(ctx: Ctx) -> Verdict:
    pool_id = ctx.emulator.create_pool("sdk-check-drop")
    ctx.emulator.clear_journal()
    ctx.emulator.vary(kind="drop", operationId="fetchSenderPool", count=1)
    answer = ctx.call("fetchSenderPool", {"senderPoolId": pool_id})
    if (skipped := _unsupported(answer)) is not None:
        return skipped
    entries = ctx.journal()
    if answer.kind == "transport" or (answer.result or {}).get("id") == pool_id:
        how = "surfaced it as a transport error" if answer.error else "retried the read"
        return Verdict(PASS, f"the connection dropped mid-answer; {how}", evidence(entries, answer))
    return Verdict(
        FAIL,
        f"expected a transport error (or a retried read): {answer.describe()}",
        evidence(entries, answer),
    )


def finds_created_pool(ctx: Ctx) -> Verdict:
    lag = 1
    ctx.emulator.consistency(f"eventual:{lag}")
    operation_id, created = _create(ctx, "sdk-check-find")
    if (skipped := _unsupported(created)) is not None:
        return skipped
    if operation_id is None:
        return Verdict(
            FAIL,
            f"create gave no operationId: {created.describe()}",
            evidence(ctx.journal(), created),
        )
    answer = ctx.call("findSenderPool", {"operationId": operation_id, "deadline": 10}, expected=10)
    if (skipped := _unsupported(answer)) is not None:
        return skipped
    entries = ctx.journal()
    pool_id = (answer.result or {}).get("id")
    if not isinstance(pool_id, str):
        return Verdict(
            FAIL,
            f"the pool was not found within 10 s: {answer.describe()}",
            evidence(entries, answer),
        )
    fetched = ctx.emulator.api("GET", f"/SenderPools/{pool_id}")
    if fetched.status_code != 200 or fetched.json().get("name") != "sdk-check-find":
        return Verdict(FAIL, f"{pool_id} is not the pool created", evidence(entries, answer))
    return Verdict(PASS, f"found the pool under a {lag} s list lag", evidence(entries, answer))


def _facts(*tags: str) -> str:
    return "; ".join(tags)


CATALOGUE: tuple[Behaviour, ...] = (
    Behaviour(
        "auth.basic",
        "sends the documented credentials",
        _facts(
            "[DOC] HTTP Basic with Account SID + Auth Token, or API Key SID + secret (facts §0 "
            "Auth, §3.8; S5, S7, S14)",
        ),
        ("listSenders",),
        sends_credentials,
    ),
    Behaviour(
        "pages.follows-next",
        "follows every page to next: null",
        _facts(
            "[DOC] pageToken from pagination.next; next is null on the last page (facts §2.5, "
            "§3.6; S5)",
        ),
        ("listSenders",),
        follows_every_page,
    ),
    Behaviour(
        "pages.keeps-filters",
        "keeps filters and page size on every page",
        _facts(
            "[DOC] channel, status, pageSize are query parameters of every page request (facts "
            "§1.2 List Senders; S11)",
            "[GAP] the kit binds a page token to its filters (spec: pagination)",
        ),
        ("listSenders",),
        keeps_filters,
    ),
    Behaviour(
        "operations.waits",
        "waits an Operation to a terminal status",
        _facts(
            "[DOC] factory calls answer 202 + an Operation; poll it until COMPLETED or CANCELED "
            "(facts §3.1; S10, S4)",
        ),
        ("createSenderPool", "waitForOperation"),
        waits_to_terminal,
    ),
    Behaviour(
        "operations.deadline",
        "honours a wait deadline",
        _facts(
            "[GAP] no documented completion time: a wait needs the caller's deadline (facts §3.1;"
            " kit decision, DESIGN §4.7)",
        ),
        ("createSenderPool", "waitForOperation"),
        honours_deadline,
    ),
    Behaviour(
        "operations.unknown-status",
        "treats an unknown Operation status as still running",
        _facts(
            "[DOC] OperationStatus enum PROCESSING, COMPLETED, CANCELED (facts §2.4; S4)",
            "[3P] clients treat more values defensively (facts §5 #20); kit decision: open enums "
            "(DESIGN §4.8)",
        ),
        ("createSenderPool", "waitForOperation"),
        unknown_status_running,
    ),
    Behaviour(
        "retry.retry-after",
        "waits at least Retry-After before retrying a 429",
        _facts(
            "[DOC] every endpoint may answer 429 (facts §1.1 error statuses)",
            "[3P] Retry-After in delta-seconds (facts §2.8, §3.9); the spec requires the header",
        ),
        ("listSenders", "retries"),
        waits_retry_after,
    ),
    Behaviour(
        "retry.read-503",
        "retries a 503 on a read",
        _facts(
            "[DOC] 503 is listed for every operation (facts §1.1.3)",
            "kit decision: a read is safe to resend (DESIGN §4.7)",
        ),
        ("fetchSenderPool", "retries"),
        retries_read_503,
    ),
    Behaviour(
        "retry.no-blind-create",
        "never resends a create blindly after a 503",
        _facts(
            "[GAP] no idempotency key is documented for any endpoint (facts §3.10): a resent "
            "create can create twice",
        ),
        ("createSenderPool",),
        no_blind_create_resend,
    ),
    Behaviour(
        "retry.budget",
        "gives up after its budget",
        _facts(
            "[DOC] 503 is listed for every operation (facts §1.1.3)",
            "kit decision: retries are bounded and the last answer is surfaced with its headers",
        ),
        ("fetchSenderPool", "retries"),
        gives_up,
    ),
    Behaviour(
        "errors.400",
        "surfaces status, error code and message on 400",
        _facts(
            "[DOC] 400 on every operation (facts §1.1.3)",
            "[GAP] the error body: the spec's inferred Error {code, message, status} (facts §2.8)",
        ),
        ("fetchSenderPool",),
        _surfaces(400, {"senderPoolId": "comms_senderpool_not-an-id"}),
    ),
    Behaviour(
        "errors.401",
        "surfaces status, error code and message on 401",
        _facts(
            "[DOC] Basic authentication is required (facts §0)",
            "[GAP] 401 is not listed in the pages (facts §2.8); the spec declares it",
        ),
        ("fetchSenderPool",),
        surfaces_401,
    ),
    Behaviour(
        "errors.404",
        "surfaces status, error code and message on 404",
        _facts(
            "[DOC] 404 for an unknown senderPoolId (facts §1.1.3; S5)",
        ),
        ("fetchSenderPool",),
        _surfaces(404, {"senderPoolId": UNKNOWN_POOL}),
    ),
    Behaviour(
        "errors.html-body",
        "survives an HTML error body",
        _facts(
            "[GAP] error bodies are undocumented (facts §2.8): a proxy's page is possible; kit "
            "decision: tolerant reader (DESIGN §4.8)",
        ),
        ("fetchSenderPool",),
        _error_page("htmlError"),
    ),
    Behaviour(
        "errors.empty-body",
        "survives an empty error body",
        _facts(
            "[GAP] error bodies are undocumented (facts §2.8); kit decision: tolerant reader "
            "(DESIGN §4.8)",
        ),
        ("fetchSenderPool",),
        _error_page("emptyError"),
    ),
    Behaviour(
        "tolerant.unknown-enum",
        "tolerates an unknown enum value",
        _facts(
            "[DOC] enum values are UPPER_CASE and the API is in Public Beta (facts §0): values "
            "get added",
            "kit decision: open enums (DESIGN §4.8)",
        ),
        ("listSenders",),
        tolerates_unknown_enum,
    ),
    Behaviour(
        "tolerant.added-field",
        "tolerates an added field",
        _facts(
            "kit decision: a real API grows new fields; none of that is drift (DESIGN §4.7, §4.8)",
        ),
        ("fetchSenderPool",),
        tolerates_added_field,
    ),
    Behaviour(
        "tolerant.missing-inferred",
        "tolerates a missing inferred-optional field",
        _facts(
            "[DOC] AcceptedOperation's fields are shown Optional (facts §2.6, §5 #10); the spec "
            "requires them by inference",
        ),
        ("createSenderPool",),
        tolerates_missing_field,
    ),
    Behaviour(
        "timeout.stalled",
        "ends a stalled request within its timeout",
        _facts(
            "kit decision: a dead socket must not hang the caller (DESIGN §4.8)",
        ),
        ("fetchSenderPool", "timeouts"),
        ends_stalled_request,
    ),
    Behaviour(
        "transport.dropped",
        "surfaces a dropped connection",
        _facts(
            "kit decision: a dead socket is surfaced, not swallowed (DESIGN §4.8)",
        ),
        ("fetchSenderPool",),
        survives_dropped_connection,
    ),
    Behaviour(
        "consistency.find-created",
        "finds a created pool under eventually consistent lists",
        _facts(
            "[DOC] the Operation ID filters the pool list (facts §3.2; S5)",
            "[GAP] list freshness is undocumented (facts §5 open unknowns); kit decision: lists "
            "may lag (DESIGN §4.7)",
        ),
        ("createSenderPool", "findSenderPool"),
        finds_created_pool,
    ),
)
