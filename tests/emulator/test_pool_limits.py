"""An account's pools and pool memberships are bounded (`--pool-limits`): a create or an
add-senders past a limit is a 409 in the error shape with nothing applied, accepted work that
completes later cannot overshoot, and deleting, removing or a reset makes room. Small limits,
driven in process (no server, no 100,000 pools)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from comms_emulator import EmulatorConfig, create_app
from comms_emulator.asgi_transport import SyncASGITransport
from comms_emulator.cli import build_parser, config_from_args
from comms_emulator.models.account import AccountState
from comms_emulator.models.errors import LimitReached
from comms_emulator.models.progression import Progression
from comms_emulator.models.quota import PoolQuota
from comms_spec import Contract
from tests.emulator.conftest import ACCOUNT_A

POLLS = Progression.parse("polls:1")
NOW = Progression()


def _app(contract: Contract, quota: PoolQuota) -> Any:
    config = EmulatorConfig(accounts=dict([ACCOUNT_A]), self_check=True, pool_quota=quota)
    return create_app(config, contract)


@pytest.fixture
def small(contract: Contract) -> Iterator[tuple[httpx.Client, AccountState, list[str]]]:
    """3 pools and 5 memberships; the API in process, its account, and its sender IDs."""
    app = _app(contract, PoolQuota(3, 5))
    account = app.state.world.account(ACCOUNT_A[0])
    transport = SyncASGITransport(app)
    with httpx.Client(
        transport=transport, base_url="http://emulator/v1", auth=ACCOUNT_A, timeout=10
    ) as api:
        yield api, account, [s.id for s in account.all_senders()]
    transport.close()


def _refused(response: httpx.Response, limit: str) -> None:
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["status"] == 409
    assert isinstance(body["code"], int)
    assert body["moreInfo"].endswith(str(body["code"]))
    assert limit in body["message"], body["message"]


def _senders(ids: list[str]) -> dict[str, Any]:
    return {"senders": _items(ids)}


def _items(ids: list[str]) -> list[dict[str, str]]:
    return [{"senderId": s} for s in ids]


def test_pools_past_the_limit_are_409_and_delete_makes_room(
    small: tuple[httpx.Client, AccountState, list[str]],
) -> None:
    api, account, _ = small
    for index in range(3):
        assert api.post("/SenderPools", json={"name": f"p{index}"}).status_code == 202
    before = account.counts()
    _refused(api.post("/SenderPools", json={"name": "one too many"}), "limit of 3 pools")
    assert account.counts() == before  # no pool, no Operation
    pool_id = api.get("/SenderPools").json()["senderPools"][0]["id"]
    assert api.delete(f"/SenderPools/{pool_id}").status_code == 202
    assert api.post("/SenderPools", json={"name": "room again"}).status_code == 202


def test_memberships_past_the_limit_are_409_with_nothing_added(
    small: tuple[httpx.Client, AccountState, list[str]],
) -> None:
    api, account, senders = small
    created = api.post("/SenderPools", json={"name": "a", **_senders(senders[:3])})
    assert created.status_code == 202
    pool_id = api.get("/SenderPools").json()["senderPools"][0]["id"]
    operations = account.counts()["operations"]
    # 3 held + 3 new > 5: refused whole, not 2 of the 3 added.
    _refused(
        api.post(f"/SenderPools/{pool_id}/Senders", json=_items(senders[3:6])),
        "limit of 5 memberships",
    )
    members = api.get(f"/SenderPools/{pool_id}/Senders").json()["senders"]
    assert sorted(m["id"] for m in members) == sorted(senders[:3])
    assert account.counts()["operations"] == operations
    # A create that brings too many members is refused too, though the pool count has room.
    _refused(api.post("/SenderPools", json=_senders(senders[3:6])), "limit of 5 memberships")
    # Unknown senders and members already in the pool take no room; 2 new ones fit exactly.
    fill = _items([*senders[:3], *senders[3:5], "comms_sender_01hzzzzzzzzzzzzzzzzzzzzzzz"])
    assert api.post(f"/SenderPools/{pool_id}/Senders", json=fill).status_code == 202
    assert account.held() == (1, 5)
    assert api.delete(f"/SenderPools/{pool_id}/Senders/{senders[0]}").status_code == 202
    assert api.post(f"/SenderPools/{pool_id}/Senders", json=_items(senders[5:6])).is_success
    assert account.held() == (1, 5)


def test_accepted_work_reserves_room_until_it_completes(contract: Contract) -> None:
    account = _app(contract, PoolQuota(2, 5)).state.world.account(ACCOUNT_A[0])
    senders = [s.id for s in account.all_senders()]
    pending = account.create_pool("pending", {}, senders[:4], POLLS)
    assert account.counts()["senderPools"] == 0
    assert account.held() == (1, 4)
    with pytest.raises(LimitReached, match="limit of 5 memberships"):
        account.create_pool("b", {}, senders[4:6], NOW)
    account.create_pool("c", {}, senders[4:5], NOW)
    with pytest.raises(LimitReached, match="limit of 2 pools"):
        account.create_pool("d", {}, [], NOW)
    account.poll(pending.id, POLLS)
    assert pending.status == "COMPLETED"
    assert pending.created == 5
    assert account.held() == (2, 5)


def test_a_member_removed_while_work_is_pending_cannot_overshoot(contract: Contract) -> None:
    """Add [s0, s1] to a pool holding s0 reserves one membership (s1). s0 is then removed and
    its room taken elsewhere: when the Operation completes, s0 has no room and fails."""
    account = _app(contract, PoolQuota(5, 2)).state.world.account(ACCOUNT_A[0])
    s = [x.id for x in account.all_senders()]
    account.create_pool("a", {}, s[:1], NOW)
    account.create_pool("b", {}, [], NOW)
    a, b = (p.id for p in account.list_pools({}))
    adding = account.add_senders(a, s[:2], POLLS)
    account.remove_sender(a, s[0])
    account.add_senders(b, s[2:3], NOW)
    assert account.held() == (2, 2)
    account.poll(adding.id, POLLS)
    assert (adding.created, adding.failed) == (1, 1)
    assert account.held() == (2, 2)
    assert {x.id for x in account.pool(a).members} == {s[1]}


def test_a_reset_frees_everything(contract: Contract) -> None:
    world = _app(contract, PoolQuota(1, 1)).state.world
    account = world.account(ACCOUNT_A[0])
    account.create_pool("a", {}, [next(iter(account.all_senders())).id], NOW)
    with pytest.raises(LimitReached):
        account.create_pool("b", {}, [], NOW)
    world.reset()
    fresh = world.account(ACCOUNT_A[0])
    assert fresh.held() == (0, 0)
    assert fresh.quota == PoolQuota(1, 1)
    fresh.create_pool("b", {}, [], NOW)


def test_the_flag_reaches_the_model(contract: Contract) -> None:
    config = config_from_args(build_parser().parse_args(["--pool-limits", "3:20"]), {})
    assert config.pool_quota == PoolQuota(3, 20)
    world = create_app(config, contract).state.world
    assert world.account(world.account_sids[0]).quota == PoolQuota(3, 20)
    assert config_from_args(build_parser().parse_args([]), {}).pool_quota == PoolQuota()
    assert EmulatorConfig(pool_quota="4:9").pool_quota == PoolQuota(4, 9)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["3", "0:10", "3:0", "a:b", "3:20:1"])
def test_bad_pool_limits_are_a_usage_error(text: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["--pool-limits", text])
    assert exited.value.code == 2
    assert "invalid pool limits" in capsys.readouterr().err


def test_the_spec_states_the_default_limits(contract: Contract) -> None:
    """The inferred note (one place: the shared 409 response) names the defaults the code has."""
    note = contract.document["components"]["responses"]["Conflict"]["x-inferred-reason"]
    quota = PoolQuota()
    assert f"{quota.max_pools:,} SenderPools" in note
    assert f"{quota.max_memberships:,} pool memberships" in note
    assert f"{quota.max_pool_text:,} characters of SenderPool names and tags" in note
    for op_id in ("createSenderPool", "addSenderPoolSenders"):
        assert "409" in contract.operation(op_id).node["responses"]


def test_pool_names_and_tags_are_bounded_in_characters(contract: Contract) -> None:
    """Counting pools alone let 200,000 pools named with 65,536 characters each hold ~13 GB.
    Past the account's characters of names and tags: a create is 409, an update 400 (the
    status it declares), nothing applied; a delete makes room."""
    app = _app(contract, PoolQuota(10, 10, max_pool_text=30))
    account = app.state.world.account(ACCOUNT_A[0])
    with httpx.Client(
        transport=SyncASGITransport(app), base_url="http://emulator/v1", auth=ACCOUNT_A
    ) as api:
        assert api.post("/SenderPools", json={"name": "a" * 10, "tags": {"k": "v"}}).is_success
        assert api.post("/SenderPools", json={"name": "b" * 10}).is_success  # 22 of 30
        before = account.counts()
        _refused(api.post("/SenderPools", json={"name": "c" * 9}), "limit of 30")
        assert account.counts() == before
        ids = {p["name"]: p["id"] for p in api.get("/SenderPools").json()["senderPools"]}
        first, second = ids["a" * 10], ids["b" * 10]
        grown = api.patch(f"/SenderPools/{first}", json={"name": "a" * 19})  # 22 + 9
        assert grown.status_code == 400, grown.text
        assert "limit of 30" in grown.json()["message"]
        assert api.get(f"/SenderPools/{first}").json()["name"] == "a" * 10
        assert api.patch(f"/SenderPools/{first}", json={"tags": {}}).is_success  # 20 of 30
        assert api.post("/SenderPools", json={"name": "c" * 10}).is_success  # exactly 30
        assert api.delete(f"/SenderPools/{second}").is_success
        assert api.post("/SenderPools", json={"name": "d" * 10}).is_success
