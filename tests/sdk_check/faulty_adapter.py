"""An sdk-check adapter for a hand-written SDK over httpx with five faults an SDK author
really makes (each marked FAULT). Everything else it does right, so sdk-check must fail
exactly the rows these faults break (tests/sdk_check/test_scorecards.py: FAULTS)."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import httpx

ACTIONS = [
    "listSenders",
    "listAllSenderPools",
    "fetchSenderPool",
    "createSenderPool",
    "waitForOperation",
    "findSenderPool",
]
CHANNELS = {"SMS", "RCS", "EMAIL", "WHATSAPP", "PUSH"}
RETRIES = 3


class ApiError(Exception):
    def __init__(self, response: httpx.Response, body: Any) -> None:
        self.response, self.body = response, body


class Deadline(Exception):
    pass


def send(http: httpx.Client, method: str, path: str, **kwargs: Any) -> Any:
    for attempt in range(RETRIES + 1):
        response = http.request(method, path, **kwargs)
        last = attempt == RETRIES
        if response.status_code == 429 and not last:
            continue  # FAULT: retried at once; Retry-After is never read for a 429
        # FAULT: a 503 is retried for every method, a POST too (a create can happen twice).
        if response.status_code == 503 and not last:
            time.sleep(float(response.headers.get("Retry-After", "1")))
            continue
        break
    if response.status_code >= 400:
        # FAULT: an error body is read as JSON whenever there is one (an HTML page crashes it).
        raise ApiError(response, response.json() if response.content else {})
    return response.json()


def every_page(http: httpx.Client, path: str, key: str, query: dict[str, Any]) -> list[Any]:
    items: list[Any] = []
    params = dict(query)
    while True:
        body = send(http, "GET", path, params=params)
        items += body[key]
        token = body["pagination"]["next"]
        if token is None:
            return items
        # FAULT: later pages are asked with the token and page size only; the filters are lost.
        params = {"pageToken": token, "pageSize": query.get("pageSize", 50)}


def act(http: httpx.Client, action: str, args: dict[str, Any]) -> dict[str, Any]:
    query = {k: v for k, v in args.items() if k in ("channel", "status", "pageSize", "operationId")}
    if action == "listSenders":
        senders = every_page(http, "/Senders", "senders", query)
        for sender in senders:
            if sender["channel"] not in CHANNELS:  # FAULT: a closed enum
                raise ValueError(f"unknown channel {sender['channel']!r}")
        return {"ids": [s["id"] for s in senders]}
    if action == "listAllSenderPools":
        return {"ids": [p["id"] for p in every_page(http, "/SenderPools", "senderPools", query)]}
    if action == "fetchSenderPool":
        pool = send(http, "GET", f"/SenderPools/{args['senderPoolId']}")
        return {"id": pool["id"], "name": pool["name"]}
    if action == "createSenderPool":
        accepted = send(http, "POST", "/SenderPools", json={"name": args["name"]})
        return {"operationId": accepted["operationId"]}
    if action == "waitForOperation":
        until = time.monotonic() + float(args["deadline"])
        while True:
            operation = send(http, "GET", f"/SenderPools/Operations/{args['operationId']}")
            if operation["status"] in ("COMPLETED", "CANCELED"):
                return {"status": operation["status"]}
            if time.monotonic() + 0.1 >= until:
                raise Deadline(f"still {operation['status']}")
            time.sleep(0.1)
    if action == "findSenderPool":
        until = time.monotonic() + float(args["deadline"])
        while True:
            listed = every_page(http, "/SenderPools", "senderPools", query)
            if listed:
                return {"id": listed[0]["id"]}
            if time.monotonic() + 0.2 >= until:
                raise Deadline("not listed yet")
            time.sleep(0.2)
    raise LookupError(action)


def answer(request: dict[str, Any]) -> dict[str, Any]:
    if request["action"] == "hello":
        name = "hand-written httpx SDK (five faults)"
        return {"result": {"name": name, "actions": ACTIONS, "features": ["retries", "timeouts"]}}
    if request["action"] not in ACTIONS:
        return {"unsupported": "not in this SDK"}
    credentials = request["credentials"]
    auth = (credentials["username"], credentials["password"])
    try:
        with httpx.Client(
            base_url=request["baseUrl"], auth=auth, timeout=float(request["timeout"])
        ) as http:
            return {"result": act(http, request["action"], request["args"])}
    except ApiError as error:
        body = error.body if isinstance(error.body, dict) else {}
        return {
            "error": {
                "kind": "api",
                "status": error.response.status_code,
                "code": body.get("code"),
                "message": body.get("message", ""),
                "headers": dict(error.response.headers),
            }
        }
    except (Deadline, httpx.TimeoutException) as error:
        return {"error": {"kind": "timeout", "message": str(error)}}
    except httpx.TransportError as error:
        return {"error": {"kind": "transport", "message": repr(error)}}
    except Exception as error:
        return {"error": {"kind": "client", "message": repr(error)}}


if __name__ == "__main__":
    for line in sys.stdin:
        request = json.loads(line)
        if request["action"] == "bye":
            break
        print(json.dumps({"id": request["id"], **answer(request)}), flush=True)
