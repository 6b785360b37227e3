from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from comms_emulator.http.errors import bad_request
from comms_emulator.http.render import page_json
from comms_emulator.http.validation import ValidRequest
from comms_emulator.models.account import AccountState
from comms_emulator.models.pagination import InvalidPageToken, Window, list_scope, paginate
from comms_emulator.models.records import Listable, sort_key
from comms_emulator.models.world import World

T = TypeVar("T", bound=Listable)
DEFAULT_PAGE_SIZE = 50  # documented default; the spec's `default` says the same


@dataclass(frozen=True)
class Call:
    world: World
    account: AccountState
    request: ValidRequest
    api_base: str  # e.g. http://127.0.0.1:8080/v1: where the URLs we hand out point

    @property
    def body(self) -> Any:
        return self.request.body

    def path(self, name: str) -> str:
        return self.request.path[name]


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Call], Reply]


def accepted(operation_id: str, location: str) -> Reply:
    """202 for work an Operation tracks: its ID and location, in the body and in `Location`."""
    return Reply(
        202, {"operationId": operation_id, "operationLocation": location}, {"Location": location}
    )


def list_reply(
    call: Call,
    collection: str,
    index: Iterable[T],
    item_json: Callable[[T], dict[str, Any]],
    filters: dict[str, Any],
    matches: Callable[[T], bool] | None = None,
) -> Reply:
    """One page of `index`, filtered, as the spec's list envelope."""
    query = call.request.query
    scope = list_scope(
        call.account.sid,
        collection,
        {**filters, "startDate": query.get("startDate"), "endDate": query.get("endDate")},
    )
    cursor = None
    if "pageToken" in query:
        try:
            cursor = call.world.tokens.decode(scope, query["pageToken"])
        except InvalidPageToken as error:
            raise bad_request(f"Invalid pageToken: {error}") from None
    page = paginate(
        index,
        key=sort_key,
        window=Window.of(call.request.start_ms, call.request.end_ms),
        cursor=cursor,
        page_size=query.get("pageSize", DEFAULT_PAGE_SIZE),
        matches=matches,
        codec=call.world.tokens,
        scope=scope,
    )
    return Reply(200, page_json(collection, page, item_json))
