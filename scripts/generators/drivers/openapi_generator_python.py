"""openapi-generator `python`, default options, through the docs' workflow (one JSON line per
step). Run by scripts/generators/run.py with the generated `openapi_client` installed.

One standard configuration workaround: the generator's default `datetime_format`
("%Y-%m-%dT%H:%M:%S.%f%z") writes `+0000` offsets, which are not RFC 3339; it is set to the
RFC 3339 form with `Z` (docs/sdk-authors/generators.md).
"""

import json
import os
import sys
import time
from datetime import UTC, datetime

import openapi_client as oc
from openapi_client.exceptions import ApiException

FINAL = ("COMPLETED", "CANCELED")
RECIPIENT = {"address": "+12025550100", "channel": "PHONE"}


def configuration(password: str) -> oc.Configuration:
    config = oc.Configuration(
        host=os.environ["COMMS_BASE_URL"], username=os.environ["COMMS_SID"], password=password
    )
    config.datetime_format = "%Y-%m-%dT%H:%M:%SZ"  # the workaround above
    return config


CLIENT = oc.ApiClient(configuration(os.environ["COMMS_TOKEN"]))
SENDERS, POOLS, MESSAGES = oc.SendersApi(CLIENT), oc.SenderPoolsApi(CLIENT), oc.MessagesApi(CLIENT)


def step(name, run):
    try:
        value = run()
    except Exception as error:  # every failure is a finding of this step
        print(json.dumps({"step": name, "ok": False, "detail": repr(error)[:300]}), flush=True)
        sys.exit(1)
    print(json.dumps({"step": name, "ok": True}), flush=True)
    return value


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def until(read, what):
    for _ in range(100):
        value = read()
        if value is not None:
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def final(fetch, operation_id):
    def read():
        operation = fetch(operation_id)
        return operation if operation.status in FINAL else None

    return until(read, "the Operation")


def status_of(call):
    try:
        call()
    except ApiException as error:
        return error.status
    return 200


def list_activated():
    page = SENDERS.list_senders(status="ACTIVATED", channel="SMS")
    check(len(page.senders) >= 3, "fewer than 3 ACTIVATED SMS senders")
    check(all(s.status == "ACTIVATED" for s in page.senders), "a sender is not ACTIVATED")
    return [s.id for s in page.senders]


def main():
    sms = step("list ACTIVATED senders", list_activated)
    request = oc.CreateSenderPoolRequest(
        name="generators",
        senders=[oc.SenderReference(sender_id=sms[0])],
        tags={"suite": "generators"},
    )
    accepted = step("create a pool with tags", lambda: POOLS.create_sender_pool(request))
    step(
        "wait for its Operation",
        lambda: final(POOLS.fetch_sender_pool_operation, accepted.operation_id),
    )

    def find():
        pools = POOLS.list_sender_pools(operation_id=accepted.operation_id).sender_pools
        return pools[0].id if pools else None

    pool_id = step("find it by operationId", lambda: until(find, "the pool in the list"))

    def fetch():
        check(POOLS.fetch_sender_pool(pool_id).tags == {"suite": "generators"}, "tags not kept")

    step("fetch", fetch)

    def patch():
        POOLS.update_sender_pool(pool_id, oc.UpdateSenderPoolRequest(name="generators-renamed"))
        check(POOLS.fetch_sender_pool(pool_id).name == "generators-renamed", "name not changed")

    step("PATCH", patch)

    def add():
        refs = [oc.SenderReference(sender_id=sms[1]), oc.SenderReference(sender_id=sms[2])]
        added = POOLS.add_sender_pool_senders(pool_id, refs)
        final(POOLS.fetch_sender_pool_operation, added.operation_id)

    step("add two senders", add)

    def filtered():
        page = POOLS.list_sender_pool_senders(
            pool_id,
            channel="SMS",
            status="ACTIVATED",
            start_date=datetime(2020, 1, 1, tzinfo=UTC),
            end_date=datetime(2099, 1, 1, tzinfo=UTC),
        )
        check(len(page.senders) == 3, f"expected 3 senders, got {len(page.senders)}")

    step("list its senders by channel, status, dates", filtered)

    def remove():
        POOLS.remove_sender_pool_sender(pool_id, sms[2])
        left = POOLS.list_sender_pool_senders(pool_id).senders
        check(len(left) == 2, f"expected 2 senders, got {len(left)}")

    step("remove one", remove)

    def walk():
        seen, token = [], None
        while True:
            page = POOLS.list_sender_pools(page_size=1, page_token=token)
            seen += [p.id for p in page.sender_pools]
            token = page.pagination.next
            if not token:
                break
        check(pool_id in seen, "the pool was not visited")
        check(len(set(seen)) == len(seen), "a pool was visited twice")

    step("walk all pools with pageSize=1", walk)

    def send():
        body = oc.SendMessagesRequest.from_dict(
            {
                "from": {"senderPoolId": pool_id},
                "to": [RECIPIENT],
                "content": {"text": "Hello from openapi-generator python"},
            }
        )
        sent = MESSAGES.send_messages(body)
        operation = final(MESSAGES.fetch_message_operation, sent.operation_id)
        check(operation.stats.total == 1, "the send made no Message")

    step("send a Message and wait for its Operation", send)
    step("delete", lambda: POOLS.delete_sender_pool(pool_id))

    def gone():
        code = status_of(lambda: POOLS.fetch_sender_pool(pool_id))
        check(code == 404, f"expected 404, got {code}")

    step("404 after delete", gone)

    def unauthorised():
        wrong = oc.SendersApi(oc.ApiClient(configuration("wrong")))
        code = status_of(wrong.list_senders)
        check(code == 401, f"expected 401, got {code}")

    step("401 with wrong credentials", unauthorised)


main()
