"""A test's handle on an emulator it shares with other tests: credentials, reset, and the knobs
the control plane offers (faults, response variance, progression, sender inventory, RCS
capability, the request journal), called
in-process on the emulator's world, so a helper takes effect before it returns.

The pytest plugin (`comms_emulator.pytest_plugin`) hands these to tests; anyone else can wrap
an app built by `create_app` the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from comms_emulator.config import EmulatorConfig
from comms_emulator.http.journal import RequestJournal
from comms_emulator.models.consistency import Consistency
from comms_emulator.models.faults import FaultRule
from comms_emulator.models.progression import Progression
from comms_emulator.models.routing import RcsCapability
from comms_emulator.models.rules import check_op
from comms_emulator.models.variance import VarianceRule
from comms_emulator.models.world import World
from comms_spec import parse_rfc3339_ms

if TYPE_CHECKING:
    import httpx


class EmulatorHarness:
    """Helpers over one emulator app (`create_app(...)`)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._config: EmulatorConfig = app.state.config
        self._world: World = app.state.world
        self._journal: RequestJournal = app.state.journal
        self._accounts: list[tuple[str, str]] = [
            (str(c.username), str(c.secret))
            for c in self._config.credentials().values()
            if c.username == c.account_sid
        ]

    @property
    def accounts(self) -> list[tuple[str, str]]:
        """Every emulated account's (SID, auth token), the first being the default one."""
        return list(self._accounts)

    @property
    def account_sid(self) -> str:
        return self._accounts[0][0]

    @property
    def auth_token(self) -> str:
        return self._accounts[0][1]

    @property
    def auth(self) -> tuple[str, str]:
        """The first account's HTTP Basic credentials, as httpx and requests take them."""
        return self._accounts[0]

    def reset(self) -> None:
        """Back to start-up state: every account's pools, Operations and Messages forgotten, the
        configured inventory back, no faults, the configured progression and RCS patterns."""
        world = self._world
        world.inventory = self._config.inventory  # undo seed_senders
        world.reset()
        world.faults.clear()
        world.progression = self._config.progression
        world.rcs_capable = RcsCapability(list(self._config.rcs_capable))
        world.variance.clear()
        if world.consistency != self._config.consistency:
            world.consistency = self._config.consistency
            world.reset()
        self._journal.clear()

    def requests(
        self,
        op_id: str | None = None,
        *,
        since: str | None = None,
        account: str | None = None,
    ) -> list[dict[str, Any]]:
        """What the emulator's API received (the request journal), oldest first, filtered by
        spec operationId, RFC 3339 `since` and account SID: as `GET /_emulator/requests` lists
        them, credentials redacted. The fixture clears it before every test."""
        since_ms = None if since is None else parse_rfc3339_ms(since)
        return self._journal.entries(op_id=op_id, since_ms=since_ms, account=account)

    def clear_requests(self) -> None:
        self._journal.clear()

    def vary(
        self,
        kind: str,
        *,
        op_id: str | None = None,
        count: int | None = 1,
        rate: float | None = None,
        field: str | None = None,
        status: int | None = None,
        seconds: float | None = None,
        key: str | None = None,
    ) -> None:
        """Vary the next `count` answers (or a `rate` share) of `op_id` (any when None;
        with a `key`, only requests whose X-Emulator-Rule-Key header is that key): `kind` is one
        of unknownEnum, addedField, missingField, htmlError, emptyError, stall, drop
        (docs/sdk-authors/emulator-variance.md)."""
        rule = VarianceRule(
            kind,
            op_id=op_id,
            count=None if rate is not None else count,
            rate=rate,
            field=field,
            status=status,
            seconds=seconds,
            key=key,
        )
        self.app.api.variance_applier.check(rule)
        self._world.variance.add(rule)

    def clear_variance(self) -> None:
        self._world.variance.clear()

    def fault(
        self,
        status: int,
        *,
        op_id: str | None = None,
        count: int | None = 1,
        rate: float | None = None,
        retry_after: int = 1,
        key: str | None = None,
    ) -> None:
        """Answer the next `count` requests (or a `rate` share of them) to `op_id` (any
        operation when None) with `status` (429 or 503) and `Retry-After: retry_after`; with a
        `key`, only requests whose X-Emulator-Rule-Key header is that key. Raises ValueError
        for an operation the spec does not have."""
        check_op(op_id, self.app.state.contract.op_ids)
        self._world.faults.add(
            FaultRule(
                status=status,
                op_id=op_id,
                count=None if rate is not None else count,
                rate=rate,
                retry_after=retry_after,
                key=key,
            )
        )

    def clear_faults(self) -> None:
        self._world.faults.clear()

    def set_progression(self, progression: str) -> None:
        """How Operations and Messages advance: "immediate", "polls:N" or "seconds:T"."""
        self._world.progression = Progression.parse(progression)

    def set_consistency(self, consistency: str) -> None:
        """How far lists lag writes: "strong" or "eventual:SECONDS" (as `PUT
        /_emulator/consistency`). Every account starts afresh, as at start-up with that mode;
        `reset` (the fixture, before every test) puts the configured mode back."""
        self._world.consistency = Consistency.parse(consistency)
        self._world.reset()

    def seed_senders(self, senders: list[dict[str, Any]], *, account: str | None = None) -> int:
        """Replace an account's (default: the first one's) sender inventory; its pools and
        Operations go with it. Entries as `comms-emulator --inventory` takes them."""
        return self._world.seed_senders(account or self.account_sid, senders)

    def set_rcs_capable(self, patterns: Iterable[str]) -> None:
        """Recipient patterns whose devices take RCS ("+1914*"; "*" for every device)."""
        self._world.rcs_capable = RcsCapability(list(patterns))


class LiveEmulator(EmulatorHarness):
    """A harness on an emulator served over HTTP (`ThreadedEmulator`, `comms-emulator`)."""

    def __init__(self, app: Any, url: str) -> None:
        super().__init__(app)
        self.url = url  # scheme://host:port, where /_emulator/ lives
        self.base_url = f"{url}/v1"  # what a client's base-URL setting takes


class AsgiEmulator(EmulatorHarness):
    """A harness plus httpx clients wired straight into the app: no server, no socket."""

    base_url = "http://comms-emulator/v1"

    def client(self) -> httpx.Client:
        """A synchronous httpx.Client on /v1 with the first account's credentials; use it as a
        context manager (closing it stops the transport's event-loop thread)."""
        import httpx

        from comms_emulator.asgi_transport import SyncASGITransport

        return httpx.Client(
            transport=SyncASGITransport(self.app), base_url=self.base_url, auth=self.auth
        )

    def async_client(self) -> httpx.AsyncClient:
        """An httpx.AsyncClient on /v1 with the first account's credentials."""
        import httpx

        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app),
            base_url=self.base_url,
            auth=self.auth,
        )
