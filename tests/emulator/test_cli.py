"""`comms-emulator` as a user runs it: a real process, a start-up line, a clean stop."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from comms_emulator import Retention, create_app
from comms_emulator.cli import (
    CONTROL_TOKEN_ENV,
    READY_PREFIX,
    build_parser,
    check_reach,
    config_from_args,
)
from comms_spec import Contract


@contextmanager
def running(*args: str, env: dict[str, str] | None = None) -> Iterator[tuple[str, list[str]]]:
    with subprocess.Popen(
        [sys.executable, "-m", "comms_emulator", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    ) as process:
        assert process.stdout is not None
        lines = [process.stdout.readline()]
        try:
            match = re.search(r"listening on (http://\S+)", lines[0])
            assert match, lines
            yield match.group(1), lines
        finally:
            process.send_signal(signal.SIGTERM)
            # Read through the same buffered stream readline() used: communicate(timeout=...)
            # reads the raw pipe and would skip lines already buffered.
            lines += process.stdout.read().splitlines()
            process.wait(timeout=15)
    assert process.returncode == 0, lines
    assert lines[-1] == "comms-emulator stopped"


@pytest.mark.slow
def test_start_serve_and_stop_cleanly() -> None:
    with running(
        "--account", "AC1:tok1", "--api-key", "SK1:sec1:AC1", "--progression", "polls:2"
    ) as (url, lines):
        assert lines[0].startswith(READY_PREFIX + "http://127.0.0.1:")
        assert "for accounts AC1; progression polls:2" in lines[0]
        assert httpx.get(f"{url}/v1/Senders", auth=("AC1", "tok1")).status_code == 200
        assert httpx.get(f"{url}/preview/Senders", auth=("SK1", "sec1")).status_code == 200
        assert httpx.get(f"{url}/v1/Senders", auth=("AC1", "nope")).status_code == 401


@pytest.mark.slow
def test_environment_credentials_are_the_fallback() -> None:
    env = {"TWILIO_ACCOUNT_SID": "ACenv", "TWILIO_AUTH_TOKEN": "envtoken"}
    with running(env=env) as (url, lines):
        assert "for accounts ACenv" in lines[0]
        assert httpx.get(f"{url}/v1/Senders", auth=("ACenv", "envtoken")).status_code == 200


@pytest.mark.slow
def test_default_development_account_is_announced() -> None:
    env = {"TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": ""}
    with running(env=env) as (url, lines):
        lines.append(httpx.get(f"{url}/_emulator/").text)
    assert any("development account AC00000000000000000000000000000000:" in line for line in lines)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--account", "no-colon"], "expected --account SID:TOKEN"),
        (["--api-key", "SK1:secret"], "expected --api-key KEY:SECRET:SID"),
        (["--api-key", "SK1:secret:ACnope", "--account", "AC1:t"], "unknown account ACnope"),
        (["--senders", "/does/not/exist.json"], "cannot read sender file"),
    ],
)
def test_bad_configuration_exits_2_with_a_message(args: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "comms_emulator", "--port", "0", *args],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert message in result.stderr


@pytest.mark.slow
def test_bad_progression_is_a_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "comms_emulator", "--progression", "soon"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "invalid progression 'soon'" in result.stderr


@pytest.mark.slow
def test_port_in_use_is_reported(tmp_path: Path) -> None:
    with running() as (url, _):
        port = url.rsplit(":", 1)[1]
        result = subprocess.run(
            [sys.executable, "-m", "comms_emulator", "--port", port],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 2
    assert "Address already in use" in result.stderr


def test_api_key_from_the_environment_needs_its_account() -> None:
    args = build_parser().parse_args([])
    with pytest.raises(ValueError, match="TWILIO_API_KEY needs TWILIO_ACCOUNT_SID"):
        config_from_args(args, {"TWILIO_API_KEY": "SK1", "TWILIO_API_SECRET": "s"})
    config = config_from_args(
        args,
        {
            "TWILIO_API_KEY": "SK1",
            "TWILIO_API_SECRET": "s",
            "TWILIO_ACCOUNT_SID": "AC9",
            "TWILIO_AUTH_TOKEN": "t",
        },
    )
    assert config.accounts == {"AC9": "t"}
    assert config.api_keys == {"SK1": ("s", "AC9")}


def test_rcs_capable_patterns_reach_the_emulator(contract: Contract) -> None:
    args = build_parser().parse_args(["--rcs-capable", "+1914*", "--rcs-capable", "+44*"])
    config = config_from_args(args, {})
    assert config.rcs_capable == ["+1914*", "+44*"]
    world = create_app(config, contract).state.world
    assert world.rcs_capable("+19143188062")
    assert not world.rcs_capable("+12025550100")


def test_retention_reaches_the_emulator(contract: Contract) -> None:
    config = config_from_args(build_parser().parse_args(["--retention", "1h:10"]), {})
    assert config.retention == Retention(3600, 10)
    assert create_app(config, contract).state.world.retention == Retention(3600, 10)
    assert config_from_args(build_parser().parse_args([]), {}).retention == Retention()


def test_bad_retention_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["--retention", "forever"])
    assert exited.value.code == 2
    assert "invalid retention 'forever'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--host", "0.0.0.0"], {}, "pass --allow-remote"),
        (["--host", "0.0.0.0", "--allow-remote", "--account", "AC1:t"], {}, "control token"),
        (
            ["--host", "0.0.0.0", "--allow-remote", "--control-token", "ct"],
            {},
            "development account's credentials are published",
        ),
        (["--host", "192.0.2.1", "--allow-remote", "--account", "AC1:t"], {}, "control token"),
    ],
)
def test_reaching_beyond_loopback_must_be_asked_for_and_guarded(
    args: list[str], env: dict[str, str], message: str
) -> None:
    parsed = build_parser().parse_args(args)
    refusal = check_reach(parsed, config_from_args(parsed, env))
    assert refusal is not None
    assert message in refusal


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--host", "127.0.0.1"], {}),
        (["--host", "localhost"], {}),
        (["--host", "::1"], {}),
        (["--host", "127.0.0.2"], {}),
        (["--host", "0.0.0.0", "--allow-remote", "--account", "AC1:t", "--control-token", "c"], {}),
        (
            ["--host", "0.0.0.0", "--allow-remote"],
            {CONTROL_TOKEN_ENV: "c", "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"},
        ),
    ],
)
def test_loopback_or_a_guarded_remote_bind_is_allowed(args: list[str], env: dict[str, str]) -> None:
    parsed = build_parser().parse_args(args)
    assert check_reach(parsed, config_from_args(parsed, env)) is None


@pytest.mark.parametrize(
    "args",
    [
        ["--public-url", "ftp://x"],
        ["--public-url", "emulator:8080"],
        ["--public-url", "http://x/?q=1"],
    ],
)
def test_a_bad_public_url_is_refused(args: list[str]) -> None:
    with pytest.raises(ValueError, match="--public-url"):
        config_from_args(build_parser().parse_args(args), {})


@pytest.mark.parametrize(
    "args",
    [
        ["--body-timeout", "0"],
        ["--body-timeout", "inf"],
        ["--header-timeout", "nan"],
        ["--keep-alive-timeout", "1.5"],
        ["--shutdown-timeout", "-1"],
        ["--write-timeout", "0"],
    ],
)
def test_bad_limits_are_usage_errors(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(args)
    assert stopped.value.code == 2
    assert "expected" in capsys.readouterr().err


@pytest.mark.slow
def test_a_public_bind_without_a_control_token_refuses_to_start() -> None:
    public = [sys.executable, "-m", "comms_emulator", "--port", "0", "--host", "0.0.0.0"]
    result = subprocess.run(
        public,
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, CONTROL_TOKEN_ENV: ""},
    )
    assert result.returncode == 2
    assert "--allow-remote" in result.stderr
    result = subprocess.run(
        [*public, "--allow-remote", "--account", "AC1:t"],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, CONTROL_TOKEN_ENV: ""},
    )
    assert result.returncode == 2
    assert "needs a control token" in result.stderr


@pytest.mark.slow
def test_a_guarded_public_bind_warns_and_wants_the_token() -> None:
    args = ["--host", "0.0.0.0", "--allow-remote", "--account", "AC1:tok1"]
    args += ["--control-token", "ct-1", "--public-url", "http://emulator.test:9999"]
    with running(*args) as (url, lines):
        url = url.replace("0.0.0.0", "127.0.0.1")
        refused = httpx.post(f"{url}/_emulator/reset", headers={"Content-Type": "application/json"})
        allowed = httpx.post(
            f"{url}/_emulator/reset",
            headers={"Content-Type": "application/json", "Authorization": "Bearer ct-1"},
        )
        created = httpx.post(f"{url}/v1/SenderPools", json={"name": "p"}, auth=("AC1", "tok1"))
    assert refused.status_code == 401
    assert allowed.status_code == 200
    assert created.headers["Location"].startswith("http://emulator.test:9999/v1/")
    assert any("WARNING: listening on 0.0.0.0" in line for line in lines)
    assert any("URLs in responses start with http://emulator.test:9999" in line for line in lines)


def test_the_help_states_the_fixed_limits(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    shown = capsys.readouterr().out
    for limit in (
        "16,384 bytes",
        "(431)",
        "(414)",
        "1.1 only, with one Host (400)",
        "65,536 characters",
        "--write-timeout",
        "65,536 pieces",
        "1,024 per connection",
        "~2 ms a turn",
    ):
        assert limit in shown
