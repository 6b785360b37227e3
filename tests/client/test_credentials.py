"""Basic authentication from Twilio's standard environment variables, against the emulator."""

from __future__ import annotations

import pytest
from twilio_comms_sender_pools import DEFAULT_BASE_URL, AuthenticatedClient, Client, errors
from twilio_comms_sender_pools.api.senders import list_senders
from twilio_comms_sender_pools.client import credentials_from_env
from twilio_comms_sender_pools.models import CommsError, SenderList

from comms_emulator import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, EmulatorConfig, create_app
from comms_emulator.threaded import ThreadedEmulator
from comms_spec import Contract

SID, TOKEN = "AC" + "1" * 32, "token-1"
KEY, SECRET = "SK" + "2" * 32, "secret-2"


def test_account_sid_and_auth_token() -> None:
    env = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN}
    assert credentials_from_env(env) == (SID, TOKEN)


def test_an_api_key_wins_over_the_auth_token() -> None:
    env = {
        "TWILIO_ACCOUNT_SID": SID,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_API_KEY": KEY,
        "TWILIO_API_SECRET": SECRET,
    }
    assert credentials_from_env(env) == (KEY, SECRET)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "no credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"),
        ({"TWILIO_ACCOUNT_SID": SID}, "TWILIO_ACCOUNT_SID is set but TWILIO_AUTH_TOKEN is not"),
        ({"TWILIO_AUTH_TOKEN": TOKEN}, "TWILIO_AUTH_TOKEN is set but TWILIO_ACCOUNT_SID is not"),
        (
            {"TWILIO_API_KEY": KEY, "TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN},
            "TWILIO_API_KEY is set but TWILIO_API_SECRET is not",
        ),
        ({"TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": ""}, "no credentials"),
    ],
)
def test_missing_or_half_set_credentials_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(errors.MissingCredentials, match=message):
        AuthenticatedClient.from_env(environ=env)


def test_the_secret_never_shows_in_repr() -> None:
    client = AuthenticatedClient.from_env(
        environ={"TWILIO_API_KEY": KEY, "TWILIO_API_SECRET": SECRET}
    )
    assert KEY in repr(client)
    assert SECRET not in repr(client)
    assert client.base_url == DEFAULT_BASE_URL


def test_from_env_authenticates_against_the_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    config = EmulatorConfig(
        self_check=True,
        accounts={SID: TOKEN},
        api_keys={KEY: (SECRET, SID)},
    )
    with ThreadedEmulator(create_app(config)) as emulator:
        base = f"{emulator.url}/v1"
        monkeypatch.setenv("TWILIO_ACCOUNT_SID", SID)
        monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
        with AuthenticatedClient.from_env(base) as client:
            assert isinstance(list_senders.sync(client=client), SenderList)
        monkeypatch.setenv("TWILIO_API_KEY", KEY)
        monkeypatch.setenv("TWILIO_API_SECRET", SECRET)
        with AuthenticatedClient.from_env(base) as client:
            assert isinstance(list_senders.sync(client=client), SenderList)
        monkeypatch.setenv("TWILIO_API_SECRET", "wrong")
        with AuthenticatedClient.from_env(base) as client:
            denied = list_senders.sync_detailed(client=client)
        with Client(base) as anonymous:
            anonymous_denied = list_senders.sync_detailed(client=anonymous)
        with AuthenticatedClient(
            base, username=DEFAULT_ACCOUNT_SID, password=DEFAULT_AUTH_TOKEN
        ) as c:
            unknown_account = list_senders.sync_detailed(client=c)
    for response in (denied, anonymous_denied, unknown_account):
        assert response.status_code == 401
        assert isinstance(response.parsed, CommsError)


def test_the_default_base_url_is_the_specs_first_server(contract: Contract) -> None:
    server = contract.document["servers"][0]
    url = server["url"]
    for name, variable in server.get("variables", {}).items():
        url = url.replace(f"{{{name}}}", variable["default"])
    assert url == DEFAULT_BASE_URL
