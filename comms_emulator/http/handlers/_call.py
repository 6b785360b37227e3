from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from comms_emulator.http.origin import PublicOrigin
from comms_emulator.http.render import page_json
from comms_emulator.http.render_cache import PoolRenders
from comms_emulator.http.reply import Reply
from comms_emulator.http.validation import ValidRequest
from comms_emulator.models.account import AccountState
from comms_emulator.models.listing import PAGE_PARAMETERS, Selection
from comms_emulator.models.pagination import Window, list_scope, paginate
from comms_emulator.models.records import Listable, sort_key
from comms_emulator.models.world import World
from comms_spec import Contract, SpecOperation

T = TypeVar("T", bound=Listable)


@dataclass(frozen=True)
class ListShape:
    """A list operation as the contract declares it: the array its page holds, its filters
    (the query parameters that select items) and its default page size. Search Senders pages
    through its body instead (`in_body`): its filters and paging fields are body properties."""

    collection: str
    filters: tuple[str, ...]
    default_page_size: int
    in_body: bool = False
    op_id: str = ""  # the list operation: its page tokens are good for it alone

    @classmethod
    def of(cls, contract: Contract, operation: SpecOperation) -> ListShape | None:
        op_id = operation.op_id
        collection = contract.list_keys.get(op_id)
        if collection is None:
            return None
        if operation.parameter("query", "pageSize") is None:
            fields = contract.body_properties(op_id)
            if "pageSize" in fields:
                names = tuple(name for name in fields if name not in PAGE_PARAMETERS)
                default = int(fields["pageSize"]["default"])
                return cls(collection, names, default, in_body=True, op_id=op_id)
        filters = tuple(
            p["name"]
            for p in operation.parameters
            if p["in"] == "query" and p["name"] not in PAGE_PARAMETERS
        )
        page_size = contract.parameter_default(op_id, "pageSize")
        return cls(collection, filters, int(page_size), op_id=op_id)


@dataclass(slots=True)  # per request: frozen would cost 4x to build (a setattr per field)
class Call:
    world: World
    account: AccountState
    request: ValidRequest
    # Where the URLs we hand out point: `api_base` (e.g. http://127.0.0.1:8080/v1), made when
    # asked for (a fetch hands out none) from the origin of this request (its ASGI scope) and
    # the API version it was made under.
    origin: PublicOrigin
    scope: Any
    version: str
    listing: ListShape | None = None  # set for list operations
    renders: PoolRenders = field(default_factory=PoolRenders)  # the Api's, shared by calls
    _filters: dict[str, Any] | None = None  # `filters`, once made

    @property
    def api_base(self) -> str:
        return f"{self.origin.of(self.scope)}/{self.version}"

    @property
    def body(self) -> Any:
        return self.request.body

    def path(self, name: str) -> str:
        return self.request.path[name]

    @property
    def list_fields(self) -> Mapping[str, Any]:
        """Where this list's filters and paging fields are: the query, or (Search) the body."""
        return self.request.body if self.list_shape.in_body else self.request.query

    @property
    def filters(self) -> dict[str, Any]:
        """The list filters of this operation, each with its value or None (read-only: made
        once per request, for the selection and again for the page token's scope)."""
        filters = self._filters
        if filters is None:
            fields = self.list_fields
            filters = self._filters = {name: fields.get(name) for name in self.list_shape.filters}
        return filters

    @property
    def list_shape(self) -> ListShape:
        if self.listing is None:
            raise TypeError("not a list operation")
        return self.listing


_new = object.__new__


def new_call(
    world: World,
    account: AccountState,
    request: ValidRequest,
    origin: PublicOrigin,
    scope: Any,
    version: str,
    listing: ListShape | None,
    renders: PoolRenders,
) -> Call:
    """`Call(...)` for the request pipeline, every field set, without calling the class: in
    3.11 a class call runs `__init__` in a frame of its own, off the interpreter's fast path
    for calls (about 700 instructions per request, measured under callgrind). A field added to
    `Call` must be set here too (tests/emulator/test_pipeline_call.py checks)."""
    call: Call = _new(Call)
    call.world = world
    call.account = account
    call.request = request
    call.origin = origin
    call.scope = scope
    call.version = version
    call.listing = listing
    call.renders = renders
    call._filters = None
    return call


Handler = Callable[[Call], Reply]


def accepted(operation_id: str, location: str) -> Reply:
    """202 for work an Operation tracks: its ID and location, in the body and in `Location`."""
    return Reply(
        202, {"operationId": operation_id, "operationLocation": location}, {"Location": location}
    )


def list_reply(
    call: Call,
    selection: Selection[T],
    item_json: Callable[[T], dict[str, Any]],
    rendered: PoolRenders | None = None,
) -> Reply:
    """One page of `selection`, as the spec's list envelope. A page token is bound to the
    account, the collection, the path and every filter, dates included. With `rendered` (items'
    bodies and encodings, reused), the page is spliced from the items' encodings."""
    shape = call.list_shape
    query = call.request.body if shape.in_body else call.request.query
    scope = list_scope(
        call.account.sid,
        f"{shape.op_id}/{shape.collection}",
        {
            **call.request.path,
            **call.filters,
            "startDate": query.get("startDate"),
            "endDate": query.get("endDate"),
        },
    )
    cursor = None
    if "pageToken" in query:
        cursor = call.world.tokens.decode(scope, query["pageToken"])  # refused: a 400
    page = paginate(
        selection.source,
        key=sort_key,
        window=Window.of(call.request.start_ms, call.request.end_ms),
        cursor=cursor,
        page_size=query.get("pageSize", shape.default_page_size),
        matches=selection.matches,
        codec=call.world.tokens,
        scope=scope,
    )
    if rendered is not None:
        return rendered.page_reply(shape.collection, page)
    return Reply(200, page_json(shape.collection, page, item_json))
