"""The emulator sdk-check drives, over HTTP: its control plane (reset, inventory, faults,
variance, progression, consistency, the request journal) and the public API for set-up.

`built_in()` starts the kit's own emulator in this process (the one place sdk-check builds
it; named in the layering contract); `--emulator-url` points at one already running, such as
the pytest plugin's, so several scorecards share one server.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

# The built-in emulator's account and an API key acting for it.
ACCOUNT = ("AC" + "5d" * 16, "sdk-check-auth-token")
API_KEY = ("SK" + "5d" * 16, "sdk-check-api-key-secret")


# The sender inventory every behaviour starts from (whatever the emulator was started with):
# 14 Senders over five channels, 5 of them ACTIVATED SMS, so filtered pages run to several.
INVENTORY: list[dict[str, Any]] = [
    *({"channel": "SMS", "address": f"+1415555010{n}", "status": "ACTIVATED"} for n in range(5)),
    {"channel": "SMS", "address": "+14155550199", "status": "DEACTIVATED"},
    *(
        {"channel": "EMAIL", "address": f"team{n}@example.com", "status": "ACTIVATED"}
        for n in range(3)
    ),
    {"channel": "WHATSAPP", "address": "+14155550123", "status": "ACTIVATED"},
    {"channel": "WHATSAPP", "address": "+5511987650001", "status": "DEACTIVATED"},
    {"channel": "RCS", "address": "acme_agent", "status": "ACTIVATED"},
    {"channel": "PUSH", "address": "acme_app", "status": "ACTIVATED"},
    {"channel": "PUSH", "address": "acme_app_beta", "status": "ACTIVATED"},
]


class SetupFailed(Exception):
    """The emulator refused a set-up call: the kit's or the emulator's fault, not the SDK's."""


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str

    def as_json(self) -> dict[str, str]:
        return {"username": self.username, "password": self.password}


class EmulatorControl:
    """Set-up calls and journal reads on one emulator (`url` is where /_emulator/ lives)."""

    def __init__(
        self,
        url: str,
        account: Credentials,
        api_key: Credentials | None,
        control_token: str | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.base_url = f"{self.url}/v1"
        self.account = account
        self.api_key = api_key
        headers = {"Content-Type": "application/json"}
        if control_token:
            headers["Authorization"] = f"Bearer {control_token}"
        self._control = httpx.Client(base_url=f"{self.url}/_emulator", headers=headers, timeout=30)
        self._api = httpx.Client(
            base_url=self.base_url, auth=(account.username, account.password), timeout=30
        )

    def close(self) -> None:
        self._control.close()
        self._api.close()

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        try:
            response = self._control.request(method, path, json=body)
        except httpx.HTTPError as error:
            raise SetupFailed(f"the emulator's control plane at {self.url}: {error}") from None
        if response.status_code != 200:
            raise SetupFailed(
                f"{method} /_emulator{path} answered {response.status_code}: {response.text[:300]}"
            )
        return response.json()

    def reset(self) -> None:
        """Back to a clean emulator: no state, rules or journal; strong, immediate; the
        account's inventory is INVENTORY."""
        self._call("PUT", "/consistency", {"consistency": "strong"})
        self._call("PUT", "/progression", {"progression": "immediate"})
        self._call("DELETE", "/faults")
        self._call("DELETE", "/variance")
        self._call("POST", "/reset", {})
        self._call("PUT", f"/accounts/{self.account_sid()}/senders", {"senders": INVENTORY})
        self._call("DELETE", "/requests")

    @functools.cache  # noqa: B019 - one control object per run
    def account_sid(self) -> str:
        """The account the credentials name (an API key's account is the same one)."""
        summary = self._call("GET", "/")
        sids = [a["sid"] for a in summary["accounts"]]
        if self.account.username in sids:
            return self.account.username
        raise SetupFailed(f"the emulator has no account {self.account.username} ({sids})")

    def fault(self, **rule: Any) -> None:
        self._call("POST", "/faults", rule)

    def vary(self, **rule: Any) -> None:
        self._call("POST", "/variance", rule)

    def progression(self, value: str) -> None:
        self._call("PUT", "/progression", {"progression": value})

    def consistency(self, value: str) -> None:
        self._call("PUT", "/consistency", {"consistency": value})

    def journal(self, op_id: str | None = None) -> list[dict[str, Any]]:
        query = {} if op_id is None else {"operationId": op_id}
        try:
            response = self._control.get("/requests", params=query)
        except httpx.HTTPError as error:
            raise SetupFailed(f"the emulator's journal at {self.url}: {error}") from None
        if response.status_code != 200:
            raise SetupFailed(f"GET /_emulator/requests answered {response.status_code}")
        entries: list[dict[str, Any]] = response.json()["requests"]
        return entries

    def clear_journal(self) -> None:
        self._call("DELETE", "/requests")

    def api(self, method: str, path: str, body: Any = None) -> httpx.Response:
        """The kit's own call to the public API (set-up and checks; cleared from the journal
        before the adapter runs)."""
        try:
            return self._api.request(method, path, json=body)
        except httpx.HTTPError as error:
            raise SetupFailed(f"the emulator's API at {self.base_url}: {error}") from None

    def create_pool(self, name: str) -> str:
        """A pool made through the API, its Operation completed: its ID."""
        accepted = self.api("POST", "/SenderPools", {"name": name})
        if accepted.status_code != 202:
            raise SetupFailed(f"creating a pool answered {accepted.status_code}")
        operation_id = accepted.json()["operationId"]
        listed = self.api("GET", f"/SenderPools?operationId={operation_id}").json()
        pools = listed["senderPools"]
        if len(pools) != 1:
            raise SetupFailed(f"the pool of {operation_id} is not listed ({listed})")
        pool_id: str = pools[0]["id"]
        return pool_id


@contextlib.contextmanager
def built_in() -> Iterator[tuple[str, Credentials, Credentials]]:
    """The kit's emulator, self-checking, served over HTTP on loopback for this run."""
    from comms_emulator import EmulatorConfig, create_app
    from comms_emulator.threaded import ThreadedEmulator
    from comms_spec import Contract

    config = EmulatorConfig(
        accounts=dict([ACCOUNT]),
        api_keys={API_KEY[0]: (API_KEY[1], ACCOUNT[0])},
        self_check=True,
    )
    with ThreadedEmulator(create_app(config, Contract.load())) as server:
        yield server.url, Credentials(*ACCOUNT), Credentials(*API_KEY)
