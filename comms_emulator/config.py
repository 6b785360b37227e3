"""What an emulator is started with. The CLI and tests both build one of these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from comms_emulator.models.clock import Clock, SystemClock
from comms_emulator.models.consistency import Consistency
from comms_emulator.models.progression import Progression
from comms_emulator.models.quota import PoolQuota
from comms_emulator.models.retention import Retention
from comms_emulator.models.world import Credential

# A ready-to-use account for local work when none is configured. Its SID has Twilio's
# shape (AC + 32 hex) so clients that check it are satisfied.
DEFAULT_ACCOUNT_SID = "AC00000000000000000000000000000000"
DEFAULT_AUTH_TOKEN = "emulator-auth-token"
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024  # 10,000 sender references fit with room to spare
# A client that has sent its headers gets this long to send the whole body, then a 408.
DEFAULT_BODY_TIMEOUT = 5.0
DEFAULT_JOURNAL_SIZE = 1000


@dataclass
class EmulatorConfig:
    accounts: dict[str, str] = field(default_factory=dict)  # SID -> auth token
    api_keys: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (secret, SID)
    inventory: list[dict[str, Any]] | dict[str, list[dict[str, Any]]] | None = None
    progression: Progression = field(default_factory=Progression)
    self_check: bool = False
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    fault_seed: int | None = None
    # The variance of a busy, eventually consistent API (all off by default): lists lag writes,
    # a seeded `fault_rate` of requests answer 429/503, every answer takes `latency` seconds.
    consistency: Consistency = field(default_factory=Consistency)
    fault_rate: float = 0.0
    fault_retry_after: int = 1  # the Retry-After (seconds) of those faults
    latency: float = 0.0
    # Recipient addresses whose devices take RCS (shell patterns; "*" for all). None by default.
    rcs_capable: list[str] = field(default_factory=list)
    # What the models read time from; tests inject a `ManualClock` instead of sleeping.
    clock: Clock = field(default_factory=SystemClock)
    # How long Operations and Messages are kept (7 days) and how many of each per account.
    retention: Retention = field(default_factory=Retention)
    # How many pools and pool memberships (pool, Sender pairs) each account may hold.
    pool_quota: PoolQuota = field(default_factory=PoolQuota)
    # The origin every URL the emulator writes starts with (Location, operationLocation,
    # /openapi.json servers). None: http:// and the local address the request arrived on (the
    # bound socket's, as the server reports it). Never the request's Host header.
    public_url: str | None = None
    # When set, every /_emulator/ call must send `Authorization: Bearer <token>`.
    control_token: str | None = None
    body_timeout: float = DEFAULT_BODY_TIMEOUT
    # How many requests the journal (GET /_emulator/requests) keeps, oldest dropped; 0: off.
    journal_size: int = DEFAULT_JOURNAL_SIZE

    def __post_init__(self) -> None:
        # The modes and limits also take their command-line form ("polls:3", "eventual:2", "7d"), so
        # a config built from strings works; anything else is refused here, not at the first
        # request that reads it.
        for name, kind in _PARSED_FIELDS:
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, kind.parse(value))
            elif not isinstance(value, kind):
                raise TypeError(
                    f"EmulatorConfig.{name} must be a {kind.__name__} or its text form"
                    f" ({kind.__name__}.parse), not {type(value).__name__}"
                )

    def credentials(self) -> dict[str, Credential]:
        accounts = self.accounts or {DEFAULT_ACCOUNT_SID: DEFAULT_AUTH_TOKEN}
        creds = {sid: Credential(sid, token, sid) for sid, token in accounts.items()}
        for key, (secret, sid) in self.api_keys.items():
            if sid not in accounts:
                raise ValueError(f"API key {key} belongs to unknown account {sid}")
            creds[key] = Credential(key, secret, sid)
        return creds


_Parsed = type[Progression] | type[Consistency] | type[Retention] | type[PoolQuota]
_PARSED_FIELDS: tuple[tuple[str, _Parsed], ...] = (
    ("progression", Progression),
    ("consistency", Consistency),
    ("retention", Retention),
    ("pool_quota", PoolQuota),
)
