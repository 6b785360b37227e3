"""Real-API safety, shown against the emulator over HTTP treated as someone else's account:
pools that existed before the run come through untouched, everything the run created is gone
afterwards (also after Ctrl-C), --read-only changes nothing, and no credential is printed or
written to a report."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.contract.support import (
    CREDENTIALS_ENV,
    FIRST_SID,
    FIRST_TOKEN,
    ROOT,
    SECOND_TOKEN,
    run_conformance,
    runner_command,
    server,
)

# Each test starts a server and a whole conformance run: minutes, not seconds.
pytestmark = [pytest.mark.slow, pytest.mark.long_running]

AUTH = (FIRST_SID, FIRST_TOKEN)


def _existing_pools(api: httpx.Client) -> list[str]:
    senders = [s["id"] for s in api.get("/Senders", params={"pageSize": 5}).json()["senders"]]
    pool_ids = []
    for index in range(3):
        accepted = api.post(
            "/SenderPools",
            json={
                "name": f"production-pool-{index}",
                "tags": {"owner": "someone-else"},
                "senders": [{"senderId": s} for s in senders[index : index + 2]],
            },
        ).json()
        listed = api.get("/SenderPools", params={"operationId": accepted["operationId"]})
        pool_ids.append(listed.json()["senderPools"][0]["id"])
    return pool_ids


def _snapshot(api: httpx.Client) -> dict[str, Any]:
    pools = api.get("/SenderPools", params={"pageSize": 1000}).json()["senderPools"]
    return {
        p["id"]: (
            p,
            api.get(f"/SenderPools/{p['id']}/Senders", params={"pageSize": 1000}).json()["senders"],
        )
        for p in pools
    }


def _operations(api: httpx.Client) -> int:
    return len(api.get("/SenderPools/Operations", params={"pageSize": 1000}).json()["operations"])


def _messages(api: httpx.Client) -> list[dict[str, Any]]:
    listed = api.get("/Messages", params={"pageSize": 1000})
    messages: list[dict[str, Any]] = listed.json()["messages"]
    return messages


def _message_operations(api: httpx.Client) -> int:
    return len(api.get("/Messages/Operations", params={"pageSize": 1000}).json()["operations"])


def _assert_no_secrets(text: str, where: str) -> None:
    for secret in (FIRST_TOKEN, SECOND_TOKEN):
        assert secret not in text, f"a credential appears in {where}"


def test_pre_existing_pools_are_untouched_and_the_run_cleans_up(tmp_path: Path) -> None:
    with server("intact") as url, httpx.Client(base_url=f"{url}/v1", auth=AUTH) as api:
        _existing_pools(api)
        before = _snapshot(api)
        code, output, report = run_conformance(url, tmp_path, "--profile", "quick")
        after = _snapshot(api)
        sends = _message_operations(api)
    assert code == 0, output[-3000:]
    assert after == before  # same pools, same names, tags, timestamps and members
    assert sends == 0, "the run sent Messages to a target that is not the built-in emulator"
    assert "sends Messages: only the built-in emulator is sent to" in output
    assert report["counts"]["passed"] >= 40
    _assert_no_secrets(output, "the runner's output")
    for path in tmp_path.iterdir():
        _assert_no_secrets(path.read_text(), path.name)


def test_read_only_changes_nothing(tmp_path: Path) -> None:
    with server("intact") as url, httpx.Client(base_url=f"{url}/v1", auth=AUTH) as api:
        _existing_pools(api)
        before, operations = _snapshot(api), _operations(api)
        code, output, report = run_conformance(url, tmp_path, "--profile", "quick", "--read-only")
        assert (_snapshot(api), _operations(api)) == (before, operations)
    assert code == 0, output[-3000:]
    assert report["readOnly"] is True
    assert report["counts"]["skipped"] > 0


def test_interrupted_run_still_cleans_up(tmp_path: Path) -> None:
    with server("intact") as url, httpx.Client(base_url=f"{url}/v1", auth=AUTH) as api:
        _existing_pools(api)
        before = _snapshot(api)
        with subprocess.Popen(
            runner_command(url, tmp_path, "--profile", "default"),
            cwd=ROOT,
            env={**os.environ, **CREDENTIALS_ENV},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        ) as process:
            deadline = time.monotonic() + 120
            while len(_snapshot(api)) <= len(before) and time.monotonic() < deadline:
                time.sleep(0.2)  # wait until the run has created pools of its own
            assert len(_snapshot(api)) > len(before), "the run never created a pool"
            process.send_signal(signal.SIGINT)
            output, _ = process.communicate(timeout=120)
        assert process.returncode == 2, output[-3000:]  # interrupted: not a verdict
        assert _snapshot(api) == before


def test_rate_limited_target_is_waited_out(tmp_path: Path) -> None:
    with server("intact") as url:
        # Each of these refuses its first four requests: fewer than the suite's five retries,
        # so a suite that honours 429 gets through, and one that does not reports drift.
        for op_id in (
            "listSenders",
            "createSenderPool",
            "fetchSenderPool",
            "listSenderPools",
        ):
            rule = {"status": 429, "operationId": op_id, "count": 4, "retryAfter": 0}
            httpx.post(f"{url}/_emulator/faults", json=rule).raise_for_status()
        code, output, report = run_conformance(url, tmp_path, "--profile", "quick")
    assert code == 0, output[-3000:]
    assert report["findings"] == []


def test_sending_needs_the_flag_and_goes_only_to_the_named_recipients(tmp_path: Path) -> None:
    with server("intact") as url, httpx.Client(base_url=f"{url}/v1", auth=AUTH) as api:
        code, output, _ = run_conformance(url, tmp_path / "refused", "--allow-sending")
        assert code == 2, output[-3000:]
        assert "--send-to ADDRESS:CHANNEL" in output
        assert _message_operations(api) == 0
        recipient = "+15005550006"
        code, output, report = run_conformance(
            url,
            tmp_path / "allowed",
            "--profile",
            "quick",
            "--allow-sending",
            f"--send-to={recipient}:PHONE",
        )
        messages = _messages(api)
    assert code == 0, output[-3000:]
    assert messages, "the send tests sent nothing"
    assert {to["address"] for m in messages for to in m["to"]} == {recipient}
    assert report["counts"]["passed"] >= 40
