"""The parity workflows: one scripted sequence of exchanges, run against the reference target
while it is recorded, then replayed against the other target.

Why a script and not the pytest suite twice: a parity comparison needs the *same* requests, in
the same order, with each target's own IDs substituted where the other's stood. Two pytest runs
make different choices (fixtures, fuzzing, retries) and only say pass/fail; a recorded script
gives an exchange-by-exchange pairing for free, and the same replay engine then serves
recorded transcripts (`replay FILE`). The script asserts nothing: every answer is data for the
comparison. It stops only when the reference target did not hand out a value the rest needs.

Safety is the conformance run's: every request goes through `ApiSession` (guard, rate limit,
redaction); every pool is created tagged with the run id and put in the ledger; unknown-ID
probes use IDs of the documented shape that no target issued; cleanup deletes what remains.
"""

from __future__ import annotations

from typing import Any

import httpx

from contract_tests._parity.transcript import Recorder
from contract_tests._safety import RUN_TAG
from contract_tests._session import ApiSession
from contract_tests._target import TargetError

SENDERS_NEEDED = 3
TEXT = {"text": "Conformance parity check: please ignore."}


class ScriptStopped(Exception):
    """The reference target's answers left the script without a value it needs."""


class Workflows:
    def __init__(self, api: ApiSession, recorder: Recorder, *, sends: bool) -> None:
        self.api = api
        self.recorder = recorder
        self.sends = sends
        self.run_id = api.ledger.run_id

    # --- helpers -----------------------------------------------------------------------------

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.api.request(method, path, validate=False, **kwargs)

    def body(self, response: httpx.Response, *keys: str) -> Any:
        try:
            value = response.json()
            for key in keys:
                value = value[key]
        except (ValueError, KeyError, TypeError, IndexError):
            raise ScriptStopped(
                f"{response.request.method} {response.request.url.path} answered "
                f"{response.status_code} without {'.'.join(keys) or 'a JSON body'}"
            ) from None
        return value

    def wait(self, accepted: httpx.Response) -> str:
        """Follow an accepted request's Operation to its end; return the Operation's ID."""
        location = self.body(accepted, "operationLocation")
        operation = self.api.wait_for_operation(location)
        return str(operation["id"])

    def create_pool(self, name: str, senders: list[str], tags: dict[str, str]) -> str:
        accepted = self.call(
            "POST",
            "/SenderPools",
            json={
                "name": name,
                "senders": [{"senderId": s} for s in senders],
                "tags": {**tags, RUN_TAG: self.run_id},
            },
        )
        operation_id = self.wait(accepted)
        listed = self.call("GET", "/SenderPools", params={"operationId": operation_id})
        pools = self.body(listed, "senderPools")
        if len(pools) != 1:
            raise ScriptStopped(f"GET /SenderPools?operationId= found {len(pools)} pools")
        pool_id = str(pools[0]["id"])
        self.api.ledger.created(pool_id)
        return pool_id

    @staticmethod
    def unknown(known_id: str, prefix_length: int) -> str:
        """An ID of the same documented shape as `known_id` that no target issued."""
        return known_id[:prefix_length] + "0" * (len(known_id) - prefix_length)

    # --- the script --------------------------------------------------------------------------

    def run(self) -> None:
        senders = self.inventory()
        first = self.lifecycle(senders)
        self.membership(first, senders)
        others = self.pagination_and_filters(first, senders)
        self.errors(first, senders)
        if self.sends:
            self.send(first)
        self.deletion([*others, first])

    def inventory(self) -> list[str]:
        with self.recorder.shape_only():
            page = self.call(
                "GET", "/Senders", params={"status": "ACTIVATED", "pageSize": SENDERS_NEEDED}
            )
            listed = self.body(page, "senders")
            senders = [str(s["id"]) for s in listed]
            if len(senders) < SENDERS_NEEDED:
                raise TargetError(
                    f"parity needs {SENDERS_NEEDED} ACTIVATED senders on the reference "
                    f"account; it has {len(senders)}"
                )
            self.call("GET", f"/Senders/{senders[0]}")
            first = listed[0]
            search = {"address": first["address"], "channel": first["channel"], "pageSize": 1}
            self.call("POST", "/Senders/Search", json=search)
            self.call("GET", "/SenderPools/Operations", params={"pageSize": 1})
        return senders

    def lifecycle(self, senders: list[str]) -> str:
        pool = self.create_pool("parity-lifecycle", senders[:1], {"stage": "one", "keep": "no"})
        self.call("GET", f"/SenderPools/{pool}")
        self.call("PATCH", f"/SenderPools/{pool}", json={"name": "parity-renamed"})
        self.call("GET", f"/SenderPools/{pool}")
        self.call(
            "PATCH", f"/SenderPools/{pool}", json={"tags": {"stage": "two", RUN_TAG: self.run_id}}
        )
        self.call("GET", f"/SenderPools/{pool}")
        return pool

    def membership(self, pool: str, senders: list[str]) -> None:
        added = self.call(
            "POST",
            f"/SenderPools/{pool}/Senders",
            json=[{"senderId": s} for s in senders[1:]],
        )
        self.wait(added)
        self.call("GET", f"/SenderPools/{pool}/Senders")
        self.call("GET", f"/SenderPools/{pool}/Senders", params={"status": "ACTIVATED"})
        self.call("DELETE", f"/SenderPools/{pool}/Senders/{senders[1]}")
        self.call("GET", f"/SenderPools/{pool}/Senders")
        self.call("GET", f"/Senders/{senders[1]}")

    def pagination_and_filters(self, first: str, senders: list[str]) -> list[str]:
        created_at = self.body(self.call("GET", f"/SenderPools/{first}"), "createdAt")
        others = [self.create_pool(f"parity-page-{i}", senders[:1], {}) for i in range(2)]
        # Only this run's pools are created after `created_at` (on a quiet account), so the
        # pages are the same on both targets.
        params: dict[str, Any] = {"startDate": created_at, "pageSize": 2}
        for _ in range(10):
            page = self.call("GET", "/SenderPools", params=params)
            token = self.body(page, "pagination").get("next")
            if token is None:
                break
            params["pageToken"] = token
        self.call("GET", "/SenderPools", params={"startDate": created_at, "pageSize": 1000})
        return others

    def errors(self, pool: str, senders: list[str]) -> None:
        prefix = len(self.api.contract.id_prefix("SenderPoolId"))
        sender_prefix = len(self.api.contract.id_prefix("SenderId"))
        self.call("POST", "/SenderPools", json={"name": 5, "tags": {RUN_TAG: self.run_id}})
        self.call("POST", "/SenderPools", content=b"{not json", headers=_JSON)
        self.call("GET", "/SenderPools", params={"pageSize": 0})
        self.call("GET", "/SenderPools", params={"pageToken": "not-a-token"})
        self.call("GET", f"/SenderPools/{self.unknown(pool, prefix)}")
        self.call("GET", "/SenderPools/not-an-id")
        self.call("GET", f"/Senders/{self.unknown(senders[0], sender_prefix)}")
        self.call("PATCH", f"/SenderPools/{pool}", json={"tags": "not-a-map"})
        self.call(
            "DELETE", f"/SenderPools/{pool}/Senders/{self.unknown(senders[0], sender_prefix)}"
        )
        self.call("GET", "/Senders", anonymous=True)

    def send(self, pool: str) -> None:
        recipients = [{"address": a, "channel": c} for a, c in self.api.target.recipients[:1]]
        with self.recorder.shape_only():  # which Sender wins depends on the account's senders
            self.call(
                "POST",
                "/Senders/Resolve",
                json={"senderPoolId": pool, "recipientAddresses": recipients},
            )
        accepted = self.call(
            "POST",
            "/Messages",
            json={
                "from": {"senderPoolId": pool},
                "to": recipients,
                "content": TEXT,
                "tags": {RUN_TAG: self.run_id},
            },
        )
        operation_id = self.wait(accepted)
        self.call("GET", "/Messages", params={"operationId": operation_id})

    def deletion(self, pools: list[str]) -> None:
        for pool in pools:
            deleted = self.call("DELETE", f"/SenderPools/{pool}")
            if 200 <= deleted.status_code < 300:
                self.api.ledger.deleted.add(pool)
        self.call("GET", f"/SenderPools/{pools[0]}")


_JSON = {"Content-Type": "application/json"}
