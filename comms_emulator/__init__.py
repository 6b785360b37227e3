"""A stateful local stand-in for Twilio's Comms API Sender Pools, driven by spec/.

from comms_emulator import EmulatorConfig, create_app
from comms_spec import Contract
app = create_app(EmulatorConfig(accounts={"AC...": "token"}, self_check=True), Contract.load())
"""

from comms_emulator.app import create_app
from comms_emulator.config import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, EmulatorConfig
from comms_emulator.models.clock import Clock, ManualClock, SystemClock
from comms_emulator.models.progression import Progression
from comms_emulator.models.quota import PoolQuota
from comms_emulator.models.retention import Retention

__all__ = [
    "DEFAULT_ACCOUNT_SID",
    "DEFAULT_AUTH_TOKEN",
    "Clock",
    "EmulatorConfig",
    "ManualClock",
    "PoolQuota",
    "Progression",
    "Retention",
    "SystemClock",
    "create_app",
]
