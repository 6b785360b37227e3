"""The suite's multi-request workflows over a session's `request`: create a pool and find it,
collect every page of a list, wait for an Operation, find out whether a write whose answer was
lost went through, and clean up what the run created."""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from comms_spec import Contract
from contract_tests._judge import Drift, Exchange
from contract_tests._patience import Inconclusive, Patience
from contract_tests._safety import RUN_TAG, Blocked, Ledger, tag_for_run
from contract_tests._target import Credentials, Target
from contract_tests._timer import Timer
from contract_tests._transport import Call

TIMED_OUT = "operation_completes_within_timeout"
LOCATION_RESOLVES = "operation_location_resolves"


# Why a write answered 503 whose outcome no read can tell is left inconclusive (the drift proofs
# recognise such runs by it).
UNREADABLE_503 = "not sent again, since no read tells if it was processed"


class PoolWorkflows:
    """Mixed into the session: what each workflow needs of it is declared here."""

    contract: Contract
    target: Target
    ledger: Ledger
    timer: Timer
    patience: Patience
    version_prefix: str

    @property
    def last(self) -> Exchange | None:
        raise NotImplementedError

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        credentials: Credentials | None = None,
        anonymous: bool = False,
        validate: bool = True,
    ) -> httpx.Response:
        raise NotImplementedError  # the session's: through its transport and judge

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def create_pool(self, **body: Any) -> tuple[str, dict[str, Any]]:
        """Create a pool tagged with the run id; return (pool id, its completed Operation)."""
        body["tags"] = tag_for_run(body.get("tags"), self.ledger.run_id)
        accepted = self.request("POST", "/SenderPools", json=body)
        assert accepted.status_code == 202, f"create answered {accepted.status_code}"
        operation = self.wait_for_operation(accepted.json()["operationLocation"])
        pools = self.observe(
            lambda: self.collect("/SenderPools", "senderPools", operationId=operation["id"]),
            lambda found: len(found) == 1,
        )
        assert len(pools) == 1, f"GET /SenderPools?operationId= found {len(pools)} pools"
        self.ledger.created(pools[0]["id"])
        return pools[0]["id"], operation

    def adopt(self, operation_location: str) -> list[str]:
        """Put the pools an accepted Operation produced in the ledger, so cleanup finds them
        even when the create was not meant to succeed."""
        operation = self.wait_for_operation(operation_location)
        listed = self.observe(
            lambda: self.collect("/SenderPools", "senderPools", operationId=operation["id"]),
            lambda found: operation["status"] != "COMPLETED" or bool(found),
        )
        pools = [p["id"] for p in listed]
        for pool_id in pools:
            self.ledger.created(pool_id)
        return pools

    def api_path(self, url: str) -> str:
        raise NotImplementedError  # the session's: a URL's path below the API base

    @property
    def test_name(self) -> str:
        raise NotImplementedError  # the session's: the test whose exchanges it judges now

    def observe(
        self, read: Callable[[], Any], until: Callable[[Any], bool], *, absence: str = ""
    ) -> Any:
        """Read a list until it shows what it must (`until`), within the consistency window;
        the last read either way, for the caller to judge. `absence`: why this wait proves
        that something does not appear (`until` is its appearing; `Patience.observe`)."""
        return self.patience.observe(read, until, lambda: self.lagging_read(until), absence=absence)

    def lagging_read(self, until: Callable[[Any], bool]) -> dict[str, str]:
        """The read that still did not show what it waited for when the window closed: its
        last request (operation, path and query), the condition, and the test."""
        last = self.last
        request = ""
        if last is not None:
            url = urlsplit(last.url)
            request = f"{last.method} {self.api_path(last.url)}" + (
                f"?{url.query}" if url.query else ""
            )
        return {
            "operation": last.operation if last is not None else "",
            "request": request,
            "waitedFor": condition(until),
            "test": self.test_name,
        }

    def wait_for_operation(self, location: str) -> dict[str, Any]:
        """Poll an Operation until it ends. Past `--operation-timeout` that is a finding, and
        a location that does not resolve is one at once, not a wait. Either way the kind of
        Operation (the operation its location reaches) is then known stuck: a later wait on it
        reads once and, if it has not ended, is inconclusive, so a run with every Operation
        stuck still ends within the timeout and a little more."""
        path = urlsplit(location).path.removeprefix(self.version_prefix)
        matched = self.contract.router.match("GET", path)
        kind = matched.op_id if matched else path
        stuck = self.patience.stuck.get(kind)
        timeout = self.patience.operation_timeout
        deadline = self.timer.monotonic() + timeout
        delay = 0.05
        while True:
            response = self.get(location)
            if response.status_code != 200:
                self.patience.stuck.setdefault(
                    kind, f"an operationLocation answered {response.status_code}"
                )
                assert self.last is not None
                raise Drift(
                    kind,
                    LOCATION_RESOLVES,
                    f"the operationLocation {location} answered {response.status_code}, "
                    "not the Operation it was handed out for",
                    self.last,
                )
            operation: dict[str, Any] = response.json()
            if operation["status"] in self.contract.terminal_statuses:
                return operation
            if stuck is not None:
                raise Inconclusive(
                    f"{kind}: not waited for again ({stuck}, reported once as a finding); "
                    f"Operation {operation['id']} is still {operation['status']}"
                )
            if self.timer.monotonic() > deadline:
                self.patience.stuck[kind] = (
                    f"an earlier Operation did not complete within {timeout:g}s"
                )
                assert self.last is not None
                raise Drift(
                    kind,
                    TIMED_OUT,
                    f"Operation {operation['id']} did not complete: still "
                    f"{operation['status']} after {timeout:g}s (--operation-timeout)",
                    self.last,
                )
            self.timer.sleep(min(delay, max(deadline - self.timer.monotonic(), 0.01)))
            delay = min(delay * 2, 5.0)

    def collect(self, path: str, key: str, **params: Any) -> list[dict[str, Any]]:
        """Every item of a list, following `pagination.next`."""
        items: list[dict[str, Any]] = []
        query = dict(params)
        followed: set[str] = set()
        for _ in range(MAX_PAGES):
            page = self.get(path, params=query).json()
            items += page[key]
            if len(items) > MAX_LISTED:
                raise AssertionError(
                    f"{path}: more than {MAX_LISTED:,} items listed and the pagination goes "
                    "on: the walk stops there"
                )
            token = next_token(page, followed, path)
            if token is None:
                return items
            query["pageToken"] = token
        raise AssertionError(f"{path}: pagination did not end after {MAX_PAGES:,} pages")

    def tagged_pools(self) -> list[str]:
        """The pools listed with this run's tag (a list: recent ones may be missing). The
        pool list has no tag filter, so this reads every pool of the account."""
        return [
            p["id"]
            for p in self.collect("/SenderPools", "senderPools", pageSize=1000)
            if (p.get("tags") or {}).get(RUN_TAG) == self.ledger.run_id
        ]

    def unknown_outcome(self, call: Call) -> None:
        """A POST or DELETE answered 503: find out by reading whether it was processed.
        Returns when it was not (the caller sends it again); raises Inconclusive when it was,
        or when no read can tell (the answer that was lost cannot be checked)."""
        what = f"{call.method} {urlsplit(call.url).path} answered 503"
        if call.op_id == "createSenderPool" and isinstance(call.body, dict):
            known = set(self.ledger.pools)

            def strangers() -> list[str]:
                return [p for p in self.tagged_pools() if p not in known]

            # Read until a pool of this run no ledger knows appears, for the whole window: one
            # that exists but is not listed yet must be found before the create is sent again.
            made = self.observe(
                strangers,
                lambda ids: bool(ids),
                absence=f"{what}: a pool it made may be listed late, so the whole window is "
                "read before the create is taken as not processed and sent again",
            )
            if not made:
                return
            for pool_id in made:
                self.ledger.created(pool_id)
            raise Inconclusive(f"{what}, but reading back shows it was processed", processed=True)
        if call.op_id == "deleteSenderPool":
            if self.get(call.api_path).status_code == 200:
                return
            raise Inconclusive(f"{what}, but reading back shows it was processed", processed=True)
        raise Inconclusive(f"{what}; {UNREADABLE_503}")

    def cleanup(self) -> list[str]:
        """Delete every pool this run created, in the ledger or listed with the run's tag (a
        create whose answer was lost); return the ones that could not be deleted."""
        failed = []
        if not self.target.read_only:
            try:
                for pool_id in self.tagged_pools():
                    self.ledger.created(pool_id)
            except (httpx.HTTPError, Blocked, Inconclusive, Drift, KeyError, ValueError):
                pass  # the ledger alone, then
        for pool_id in self.ledger.remaining():
            try:
                status = self.request(
                    "DELETE", f"/SenderPools/{pool_id}", validate=False
                ).status_code
            except Inconclusive as unknown:
                status = 404 if unknown.processed else -1
            except (httpx.HTTPError, Blocked):
                status = -1
            if 200 <= status < 300 or status == 404:
                self.ledger.deleted.add(pool_id)
            else:
                failed.append(pool_id)
        return failed


MAX_PAGES = 10_000  # pages one walk follows before the pagination is judged not to end
# Items one walk holds: a target handing out page after full page (each new token, each page
# within the answer limit) took memory without bound, gigabytes long before MAX_PAGES.
MAX_LISTED = 200_000


def next_token(page: dict[str, Any], followed: set[str], what: str) -> Any:
    """`page`'s next token, None on its last page, noted in `followed` (the walk's). A token
    the walk already followed makes a loop, which would never end: that is drift."""
    token = page["pagination"]["next"]
    if token is None:
        return None
    # Kept by digest: a walk of tokens a megabyte each held them all (gigabytes by MAX_PAGES).
    seen = hashlib.sha256(str(token).encode(errors="surrogatepass")).hexdigest()
    if seen in followed:
        raise AssertionError(f"{what}: pagination loops: next token {str(token)[:80]!r} came back")
    followed.add(seen)
    return token


def condition(until: Callable[[Any], bool]) -> str:
    """What a wait waited for, as the code says it: the condition's source (a lambda's body)
    and where it is, e.g. `len(found) == 1 (contract_tests/_workflows.py:65)`."""
    code = until.__code__
    where = f"{_package_path(code.co_filename)}:{code.co_firstlineno}"
    try:
        text = " ".join(inspect.getsource(until).split())
    except (OSError, TypeError):  # no source shipped: the place says it
        return where
    if "lambda" in text:
        text = text[text.index("lambda") :].split(":", 1)[-1].strip().rstrip(",)").strip()
    return f"{text} ({where})"


def _package_path(filename: str) -> str:
    """`.../contract_tests/suite/test_x.py` -> `contract_tests/suite/test_x.py`."""
    parts = filename.replace("\\", "/").split("/")
    return (
        "/".join(parts[parts.index("contract_tests") :]) if "contract_tests" in parts else filename
    )
