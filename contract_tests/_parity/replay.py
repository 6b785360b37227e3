"""Re-send a transcript's requests to a target and compare its answers, exchange by exchange.

Placeholders in a request are replaced by the values this target handed out at the same point
(its own normaliser numbers them in the same order), the run tag by this run's, masked phone
numbers by the target's own recipients. Everything goes through an `ApiSession`: the guard
refuses to change a pool this replay did not create (a pool is the replay's when it carries
this run's tag), the rate limit applies, and `cleanup()` deletes what the replay created.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx

from contract_tests._parity.compare import Difference, compare
from contract_tests._parity.transcript import Entry, Recorder
from contract_tests._safety import RUN_TAG, Blocked
from contract_tests._session import ApiSession
from contract_tests._target import Credentials

NOT_REPLAYED = "not_replayed"
POLL_TIMEOUT = 120.0  # seconds an Operation may take to finish on the replayed target


@dataclass
class Outcome:
    reference: Entry
    live: Entry | None
    differences: list[Difference] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return not self.differences


class Replayer:
    def __init__(self, api: ApiSession, recorder: Recorder) -> None:
        self.api = api
        self.recorder = recorder
        self.normaliser = recorder.normaliser
        api.observer = recorder
        self._recipients = iter([address for address, _ in api.target.recipients])
        self._invented = 0

    def replay(self, entries: list[Entry]) -> list[Outcome]:
        return [self.one(entry) for entry in entries]

    def one(self, entry: Entry) -> Outcome:
        request = entry.request
        try:
            self._bind_inputs(request)
            path = self.normaliser.unmask(request["path"])
            query = [(k, self.normaliser.unmask(v)) for k, v in request["query"]]
            body = self.normaliser.unmask(request.get("body"))
            auth = self._auth(request["auth"])
        except (KeyError, LookupError) as missing:
            return self._not_replayed(entry, f"needs {missing}, which this target never returned")
        if query:
            path = f"{path}?{urlencode(query)}"
        self.recorder.expected = entry.response
        try:
            response = self._send(request["method"], path, body, auth)
            if entry.poll:
                response = self._poll(request["method"], path, body, auth, response)
        except Blocked as blocked:
            return self._not_replayed(entry, f"refused by the safety guard: {blocked}")
        except httpx.HTTPError as error:
            return self._not_replayed(entry, f"{type(error).__name__}: {error}")
        self._adopt(response)
        live = self.recorder.entries[-1]
        maps = self.normaliser.vocabulary.map_keys
        return Outcome(entry, live, compare(entry.response, live.response, entry.compare, maps))

    def _send(
        self, method: str, path: str, body: Any, auth: Credentials | str | None
    ) -> httpx.Response:
        return self.api.request(
            method,
            path,
            json=None if isinstance(body, str) else body,
            content=body.encode() if isinstance(body, str) else None,
            headers={"Content-Type": "application/json"} if isinstance(body, str) else None,
            credentials=auth if isinstance(auth, Credentials) else None,
            anonymous=auth == "none",
            validate=False,
        )

    def _poll(
        self, method: str, path: str, body: Any, auth: Any, response: httpx.Response
    ) -> httpx.Response:
        """An Operation read: ask again until it is terminal, as the recording did (the
        recorder keeps only the last answer of consecutive polls)."""
        deadline = self.api.timer.monotonic() + POLL_TIMEOUT
        delay = 0.05
        while response.status_code == 200 and self.api.timer.monotonic() < deadline:
            status = _json(response).get("status") if isinstance(_json(response), dict) else None
            if status in self.api.contract.terminal_statuses or status is None:
                break
            self.api.timer.sleep(delay)
            delay = min(delay * 2, 5.0)
            response = self._send(method, path, body, auth)
        return response

    def _bind_inputs(self, request: dict[str, Any]) -> None:
        """Masked phone numbers the target never returned are inputs (recipients): give each
        one of this target's recipients, in order."""
        used: set[str] | None = None
        for placeholder in self.normaliser.placeholders(request):
            if placeholder in self.normaliser.bound or not placeholder.startswith("<phone#"):
                continue
            used = set(self.normaliser.bound.values()) if used is None else used
            address = self._next_recipient(used)
            if address is None:
                raise LookupError(f"a recipient for {placeholder} (--send-to)")
            self.normaliser.bind(placeholder, address)
            used.add(address)

    def _next_recipient(self, used: set[str]) -> str | None:
        for address in self._recipients:
            if address not in used:
                return address
        if self.api.target.external:
            return None
        # The built-in emulator messages nobody: invent numbers when the recording had more
        # recipients than the target names (a 10,000-recipient send, say).
        while True:
            self._invented += 1
            candidate = f"+1202{self._invented:07d}"
            if candidate not in used:
                return candidate

    def _auth(self, label: str) -> Credentials | str | None:
        target = self.api.target
        if label == "primary":
            return None
        if label == "none":
            return "none"
        if label == "second":
            if target.second_account is None:
                raise LookupError("a second account (TWILIO_SECOND_ACCOUNT_SID/_AUTH_TOKEN)")
            return target.second_account
        return Credentials(target.credentials.username, "not-the-secret")

    def _adopt(self, response: httpx.Response) -> None:
        """Pools carrying this run's tag are this replay's: the guard lets it change them and
        cleanup deletes them."""
        for item in _objects(_json(response)):
            tags = item.get("tags")
            pool_id = item.get("id")
            if (
                isinstance(tags, dict)
                and tags.get(RUN_TAG) == self.api.ledger.run_id
                and isinstance(pool_id, str)
                and self.normaliser.vocabulary.id_kind(pool_id) == "SenderPoolId"
            ):
                self.api.ledger.created(pool_id)

    def _not_replayed(self, entry: Entry, why: str) -> Outcome:
        return Outcome(entry, None, [Difference(NOT_REPLAYED, "request", entry.label, why)])


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _objects(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value, *(o for v in value.values() for o in _objects(v))]
    if isinstance(value, list):
        return [o for v in value for o in _objects(v)]
    return []


def score(outcomes: list[Outcome]) -> tuple[int, int]:
    """(matching exchanges, total)."""
    return sum(o.matches for o in outcomes), len(outcomes)
