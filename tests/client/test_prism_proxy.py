"""Stoplight Prism's validation proxy in front of the emulator stays clean: the documented
workflows, driven through `prism proxy --errors` with the generated client, draw no violation of
the published spec, in a request or in an answer.

With `--errors` Prism turns a violation into its own error answer (a problem+json whose `type`
is one of https://stoplight.io/prism/errors#...) instead of passing the exchange on; it also logs
each one. The test fails on either. Prism is pinned in scripts/prism/ (package.json and
package-lock.json, installed by `npm ci` in `nox -s tests`); the test is skipped only where npm
is absent, and fails where npm is present but the install is missing.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from twilio_comms_sender_pools import AuthenticatedClient, errors
from twilio_comms_sender_pools.api.messages import (
    fetch_message,
    list_message_operations,
    list_messages,
    send_messages,
)
from twilio_comms_sender_pools.api.sender_pools import (
    add_sender_pool_senders,
    create_sender_pool,
    delete_sender_pool,
    fetch_sender_pool,
    fetch_sender_pool_operation,
    list_sender_pool_operations,
    list_sender_pool_senders,
    list_sender_pools,
    remove_sender_pool_sender,
    update_sender_pool,
)
from twilio_comms_sender_pools.api.senders import (
    fetch_sender,
    list_senders,
    resolve_senders,
    search_senders,
)
from twilio_comms_sender_pools.models import (
    AddressRecipient,
    CreateSenderPoolRequest,
    ResolveSendersRequest,
    SearchSendersRequest,
    SenderReference,
    SendMessagesRequest,
    UpdateSenderPoolRequest,
)
from twilio_comms_sender_pools.types import present

from comms_emulator import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN
from scripts.ports import free_port
from scripts.prism_server import PRISM, PUBLISHED, PrismDidNotStart, running
from tests.client.conftest import Emulated

PRISM_ERRORS = "https://stoplight.io/prism/errors#"
# Violations Prism reports where Prism, not the spec or the emulator, is wrong: a log or answer
# fragment -> why it is Prism's. None today; an entry needs a reason a reviewer can check.
PRISM_BUGS: dict[str, str] = {}

# The documented send forms (the Send Messages page), as the suite's own send test builds them.
PROFILE = {"profileId": "mem_profile_01h9krwprkeee8fzqspvwy6nq7"}
STORE = {"memoryStoreId": "mem_store_00000000000000000000000000"}
CONTENT_FORMS: list[dict[str, Any]] = [
    {"text": "Prism proxy check", "media": ["https://example.com/a.png"]},
    {"contentId": "HX0123456789abcdef0123456789abcdef"},
    {"modules": {"SMS": {"text": "Prism"}, "WHATSAPP": {"text": "proxy"}}},
]


@pytest.fixture
def prism(emulated: Emulated, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`prism proxy --errors` in front of the emulator: (its base URL, its log file)."""
    if shutil.which("npm") is None:
        pytest.skip("npm is absent: Prism cannot be installed here")
    if not PRISM.exists():
        pytest.fail(f"{PRISM} is missing: `nox -s tests` installs it (npm ci in scripts/prism)")
    port = free_port()
    log = tmp_path / "prism.log"
    args = ["proxy", "--errors", "-h", "127.0.0.1", "-p", str(port)]
    with log.open("wb") as out:
        try:
            with running(
                [*args, str(PUBLISHED), emulated.base_url],
                lambda: "Prism is listening" in log.read_text(errors="replace"),
                output=out,
            ):
                yield f"http://127.0.0.1:{port}", log
        except PrismDidNotStart as failed:
            pytest.fail(f"Prism did not start ({failed}):\n{log.read_text(errors='replace')}")


class Answers:
    """Every answer that came through the proxy; the ones that are Prism's violation reports."""

    def __init__(self) -> None:
        self.count = 0
        self.violations: list[str] = []

    def __call__(self, response: httpx.Response) -> None:
        response.read()
        self.count += 1
        is_problem = response.headers.get("content-type", "").startswith("application/problem")
        if (is_problem and PRISM_ERRORS in response.text) or "sl-violations" in response.headers:
            request = response.request
            self.violations.append(
                f"{request.method} {request.url.path}?{request.url.query.decode()} -> "
                f"{response.status_code} {response.headers.get('sl-violations', '')}"
                f"{response.text[:600]}"
            )


def _drive(client: AuthenticatedClient, wrong: AuthenticatedClient) -> None:
    """The docs' workflows, each step once: what a user of the client does, through the proxy."""
    sms = list(list_senders.sync_all(client=client, channel="SMS", status="ACTIVATED"))
    fetch_sender.call(sms[0].id, client=client)
    search_senders.call(
        client=client, body=SearchSendersRequest(address=sms[0].address, channel="SMS")
    )
    phone = AddressRecipient(address="+12025550100", channel="PHONE")
    resolve_senders.call(client=client, body=ResolveSendersRequest(recipient_addresses=[phone]))
    body = CreateSenderPoolRequest(
        name="Prism", tags={"suite": "prism"}, senders=[SenderReference(sender_id=sms[0].id)]
    )
    created = present(create_sender_pool.call(client=client, body=body).operation_id)
    [pool] = list_sender_pools.sync_wait_and_find(created, client=client, timeout=20)
    fetch_sender_pool.call(pool.id, client=client)
    change = UpdateSenderPoolRequest(name="Prism EU", tags={"suite": "prism", "region": "eu"})
    update_sender_pool.call(pool.id, client=client, body=change)
    more = [SenderReference(sender_id=s.id) for s in sms[1:3]]
    added = add_sender_pool_senders.call(pool.id, client=client, body=more)
    fetch_sender_pool_operation.sync_wait(present(added.operation_id), client=client)
    now = dt.datetime.now(dt.UTC)
    list_sender_pool_senders.call(
        pool.id,
        client=client,
        channel="SMS",
        status="ACTIVATED",
        start_date=now - dt.timedelta(days=3650),
        end_date=now + dt.timedelta(days=1),
    )
    remove_sender_pool_sender.call(pool.id, sms[0].id, client=client)
    second = present(create_sender_pool.call(client=client, body=CreateSenderPoolRequest()))
    list_sender_pools.sync_wait_and_find(present(second.operation_id), client=client, timeout=20)
    assert len(list(list_sender_pools.sync_all(client=client, page_size=1))) == 2
    list(list_sender_pool_operations.sync_all(client=client, page_size=1))
    recipients = [
        {"address": phone.address, "channel": "PHONE", "variables": {"form": "address"}},
        {"addresses": [{"address": "+12025550101", "channel": "PHONE"}]},
        {**PROFILE, **STORE, "variables": {"form": "profile"}},
    ]
    for content in CONTENT_FORMS:
        send = SendMessagesRequest.from_dict(
            {"from": {"senderPoolId": pool.id}, "to": recipients, "content": content}
        )
        sent = present(send_messages.call(client=client, body=send).operation_id)
        messages = list_messages.sync_wait_and_find(sent, client=client, timeout=20)
        fetch_message.call(messages[0].id, client=client)
    list(list_message_operations.sync_all(client=client, page_size=2))
    delete_sender_pool.call(pool.id, client=client)
    with pytest.raises(errors.ApiError) as gone:
        fetch_sender_pool.call(pool.id, client=client)
    assert gone.value.status_code == 404
    with pytest.raises(errors.ApiError) as refused:
        list_senders.call(client=wrong)
    assert refused.value.status_code == 401


@pytest.mark.slow
def test_the_documented_workflows_draw_no_prism_violation(
    emulated: Emulated, prism: tuple[str, Path]
) -> None:
    base_url, log = prism
    answers = Answers()
    hooks = {"event_hooks": {"response": [answers]}}
    with (
        AuthenticatedClient(
            base_url, username=DEFAULT_ACCOUNT_SID, password=DEFAULT_AUTH_TOKEN, httpx_args=hooks
        ) as client,
        AuthenticatedClient(
            base_url, username=DEFAULT_ACCOUNT_SID, password="wrong", httpx_args=hooks
        ) as wrong,
    ):
        _drive(client, wrong)
    assert answers.count >= 30, answers.count  # the workflows really went through the proxy
    # The detector itself, and the log's end marker: a request the spec forbids (pageSize 0) is
    # reported in the answer, and logged after every line the workflows caused.
    probe = Answers()
    with httpx.Client(base_url=base_url, event_hooks={"response": [probe]}) as raw:
        raw.get("/SenderPools", params={"pageSize": 0}, auth=(DEFAULT_ACCOUNT_SID, "x"))
    assert len(probe.violations) == 1, probe.violations
    deadline = time.monotonic() + 10
    while not (logged := _logged(log)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert logged, "Prism logged nothing for the probe"
    assert "get /SenderPools" in logged[-1], logged
    found = answers.violations + logged[:-1]
    assert [v for v in found if not any(bug in v for bug in PRISM_BUGS)] == [], "\n".join(found)


def _logged(log: Path) -> list[str]:
    """The lines of Prism's log that report a violation or an error answer of its own."""
    return [
        line
        for line in log.read_text(errors="replace").splitlines()
        if "✖" in line or "Violation" in line or PRISM_ERRORS in line
    ]
