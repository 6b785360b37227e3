"""Parity and replay, in process: the emulator against itself matches exchange for exchange;
each kind of difference is found and named; transcripts are sanitised and replay at 100%;
a replay is as safe as a conformance run. (Over HTTP against broken emulators: test_parity_e2e.)"""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from comms_spec import Contract
from contract_tests._parity import (
    Entry,
    Normaliser,
    Vocabulary,
    compare,
    load,
    open_session,
    run_parity,
    run_replay,
    save,
    summary,
)
from contract_tests._safety import RUN_TAG
from contract_tests._target import EMULATOR_ACCOUNTS, EMULATOR_RECIPIENTS, in_process_target
from contract_tests.cli import parity as cli

QUIET: Any = lambda message: None  # noqa: E731


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, list[Entry]]:
    """One parity run of the emulator against itself, its reference recorded."""
    contract = Contract.load()
    path = tmp_path_factory.mktemp("parity") / "transcript.json"
    run = run_parity(
        contract,
        in_process_target(contract),
        in_process_target(contract),
        record=path,
        say=QUIET,
    )
    return run, load(path)


def test_the_emulator_against_itself_matches_every_exchange(
    recorded: tuple[Any, list[Entry]],
) -> None:
    run, entries = recorded
    matched, total = run.score
    assert (matched, total) == (total, len(entries)), [
        (o.reference.label, o.differences) for o in run.outcomes if not o.matches
    ]
    assert run.same
    assert run.percent == 100.0
    # Every workflow the issue names is in the script, with errors for bad input, unknown IDs
    # and missing credentials.
    operations = {e.operation for e in entries}
    assert {
        "createSenderPool",
        "updateSenderPool",
        "addSenderPoolSenders",
        "removeSenderPoolSender",
        "listSenderPoolSenders",
        "fetchSenderPoolOperation",
        "listSenderPoolOperations",
        "deleteSenderPool",
        "sendMessages",
        "fetchMessageOperation",
        "listMessages",
        "searchSenders",
        "resolveSenders",
    } <= operations
    statuses = {e.response["status"] for e in entries}
    assert {200, 202, 400, 401, 404} <= statuses
    assert any(k == "pageToken" for e in entries for k, _ in e.request["query"])


def test_a_recorded_transcript_replays_at_100_percent(
    recorded: tuple[Any, list[Entry]],
) -> None:
    contract = Contract.load()
    _, entries = recorded
    run = run_replay(contract, entries, in_process_target(contract), name="t", say=QUIET)
    assert run.score == (len(entries), len(entries))


def test_transcripts_carry_no_credentials_phone_numbers_or_run_ids(
    recorded: tuple[Any, list[Entry]],
) -> None:
    _, entries = recorded
    text = json.dumps([e.to_json() for e in entries])
    for sid, token in EMULATOR_ACCOUNTS.items():
        assert sid not in text
        assert token not in text
    for address, _ in EMULATOR_RECIPIENTS:
        assert address not in text
    assert "ckit-" not in text  # run ids
    for masked in ("<run-tag>", "<phone#1>", "<SenderPoolId#1>", "<date-time#1>", "<page-token#1>"):
        assert masked in text
    assert "emulator.local" not in text  # the target's own base URL


def _tampered(entries: list[Entry], operation: str, change: Any) -> list[Entry]:
    copied = copy.deepcopy(entries)
    for entry in copied:
        if entry.operation == operation and change(entry):
            return copied
    raise AssertionError(f"no {operation} exchange to tamper with")


def _set_status(status: int) -> Any:
    def change(entry: Entry) -> bool:
        entry.response["status"] = status
        return True

    return change


def _merge_tags(entry: Entry) -> bool:
    tags = (entry.response.get("body") or {}).get("tags")
    if isinstance(tags, dict) and tags.get("stage") == "two":
        tags["keep"] = "no"
        return True
    return False


def _other_error_shape(entry: Entry) -> bool:
    if entry.response["status"] != 404:
        return False
    entry.response["body"] = {"error": {"httpStatus": 404}}
    return True


def _reorder(entry: Entry) -> bool:
    senders = entry.response["body"]["senders"]
    if len(senders) < 2:
        return False
    senders.reverse()
    return True


def _drop_header(entry: Entry) -> bool:
    return entry.response["headers"].pop("location", None) is not None


@pytest.mark.parametrize(
    ("operation", "change", "check"),
    [
        ("deleteSenderPool", _set_status(204), "status_differs"),
        ("fetchSenderPool", _merge_tags, "value_differs"),
        ("fetchSender", _other_error_shape, "error_code_differs"),
        ("fetchSender", _other_error_shape, "body_shape_differs"),
        ("listSenderPoolSenders", _reorder, "ordering_differs"),
        ("createSenderPool", _drop_header, "header_differs"),
    ],
)
def test_each_kind_of_difference_is_named(
    recorded: tuple[Any, list[Entry]], operation: str, change: Any, check: str
) -> None:
    contract = Contract.load()
    entries = _tampered(recorded[1], operation, change)
    run = run_replay(contract, entries, in_process_target(contract), name="t", say=QUIET)
    found = {(o.reference.operation, d.check) for o in run.outcomes for d in o.differences}
    assert found == {(operation, check)} or (operation, check) in found, found
    assert not run.same
    assert run.score[0] == run.score[1] - 1


def test_a_replay_changes_only_what_it_created_and_cleans_up(
    recorded: tuple[Any, list[Entry]],
) -> None:
    contract = Contract.load()
    target = in_process_target(contract)
    bystander = open_session(contract, target)
    senders = bystander.collect("/Senders", "senders", status="ACTIVATED")
    foreign, _ = bystander.create_pool(
        name="not the replay's", senders=[{"senderId": senders[0]["id"]}]
    )
    entries = copy.deepcopy(recorded[1])
    # A transcript that names a pool the replay did not create (say, a hand-edited one).
    delete = next(e for e in entries if e.operation == "deleteSenderPool")
    delete.request["path"] = f"/SenderPools/{foreign}"
    # Stop before the script's own deletes: cleanup must delete what the replay created.
    cut = entries.index(delete) + 1
    run = run_replay(contract, entries[:cut], target, name="t", say=QUIET)
    refused = run.outcomes[-1].differences
    assert [d.check for d in refused] == ["not_replayed"]
    assert "safety guard" in str(refused[0].actual)
    assert bystander.get(f"/SenderPools/{foreign}").status_code == 200
    left = [p for p in bystander.collect("/SenderPools", "senderPools") if p["id"] != foreign]
    assert left == [], "the replay left pools behind"
    bystander.cleanup()


def test_normal_forms_mask_what_differs_and_learn_ids() -> None:
    contract = Contract.load()
    vocabulary = Vocabulary(contract)
    normaliser = Normaliser(vocabulary, "http://a.example/v1", ["s3cret-token"], "ckit-1")
    pool = "comms_senderpool_01h455vb4pex5vsknk084sn02q"
    body = {
        "id": pool,
        "createdAt": "2026-01-01T00:00:00Z",
        "tags": {RUN_TAG: "ckit-1", "owner": "ops@example.com"},
        "href": f"http://a.example/v1/SenderPools/{pool}",
        "note": "token s3cret-token for +14155550100",
        "pagination": {"next": "abc", "self": "def"},
    }
    normal = normaliser.response_body(body)
    assert normal == {
        "createdAt": "<date-time#1>",
        "href": "<api>/SenderPools/<SenderPoolId#1>",
        "id": "<SenderPoolId#1>",
        "note": "token [REDACTED] for <phone#1>",
        "pagination": {"next": "<page-token#1>", "self": "<page-token#2>"},
        "tags": {RUN_TAG: "<run-tag>", "owner": "<email#1>"},
    }
    assert list(normal) == sorted(normal)  # key order never matters
    # A request naming what the target handed out carries placeholders; an unknown ID stays.
    unknown = "comms_senderpool_00000000000000000000000000"
    assert normaliser.request_text(f"/SenderPools/{pool}") == "/SenderPools/<SenderPoolId#1>"
    assert normaliser.request_text(f"/SenderPools/{unknown}") == f"/SenderPools/{unknown}"
    assert normaliser.request_text("2026-01-01T00:00:00Z") == "<date-time#1>"
    assert normaliser.request_text("abc") == "<page-token#1>"
    # ...and a replay turns them back into its own target's values.
    assert normaliser.unmask({"p": "<SenderPoolId#1>", "t": "<run-tag>"}) == {
        "p": pool,
        "t": "ckit-1",
    }
    with pytest.raises(KeyError):
        normaliser.unmask("<SenderPoolId#9>")
    assert normaliser.response_body({"message": "Pool x is gone"}, error=True) == {
        "message": "<text>"
    }


def test_shape_comparison_ignores_account_data() -> None:
    mine: dict[str, Any] = {
        "status": 200,
        "headers": {},
        "body": {"senders": [{"a": 1}], "n": {"next": None}},
    }
    theirs: dict[str, Any] = {
        "status": 200,
        "headers": {},
        "body": {"senders": [{"a": 2}, {"a": 3}], "n": {"next": "x"}},
    }
    assert compare(mine, theirs, "shape") == []
    # In full, the list length is a value; `next` null vs a token is a change of type.
    assert {d.check for d in compare(mine, theirs, "full")} == {
        "value_differs",
        "body_shape_differs",
    }
    theirs["body"]["senders"] = [{"b": 2}]
    assert {d.check for d in compare(mine, theirs, "shape")} == {"body_shape_differs"}


def _main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_replay_command_scores_and_reports(
    recorded: tuple[Any, list[Entry]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = tmp_path / "t.json"
    save(transcript, "emulator", recorded[1])
    code, out = _main(
        ["replay", str(transcript), "--base-url", "emulator", "--report-dir", str(tmp_path / "ok")],
        capsys,
    )
    total = len(recorded[1])
    assert code == 0, out[-2000:]
    assert f"parity score {total}/{total} exchanges match (100.0%)" in out
    save(transcript, "emulator", _tampered(recorded[1], "deleteSenderPool", _set_status(204)))
    reports = tmp_path / "bad"
    code, out = _main(
        ["replay", str(transcript), "--base-url", "emulator", "--report-dir", str(reports)], capsys
    )
    assert code == 1, out[-2000:]
    data = json.loads((reports / "report.json").read_text())
    assert data["parityScore"] == {
        "matching": total - 1,
        "total": total,
        "percent": data["parityScore"]["percent"],
    }
    [finding] = data["findings"]
    assert (finding["operation"], finding["check"]) == ("deleteSenderPool", "status_differs")
    assert finding["requests"]["reference"].startswith("curl -X DELETE")
    assert finding["requests"]["other"].startswith("curl -X DELETE")
    assert "status_differs" in (reports / "report.md").read_text()
    assert 'failures="1"' in (reports / "junit.xml").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["parity", "--base-url", "emulator"], "--against"),
        (["replay", "missing.json", "--base-url", "emulator"], "cannot read transcript"),
        (["replay", "{not-json}", "--base-url", "emulator"], "cannot read transcript"),
        (["parity", "--base-url", "ftp://x", "--against", "emulator"], "http(s) URL"),
        (["replay", "pyproject.toml", "--base-url", "emulator"], "cannot read transcript"),
    ],
)
def test_usage_and_set_up_errors_exit_2(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _main([*args, "--report-dir", str(tmp_path)], capsys)
    assert code == 2
    assert message in out


def test_a_file_that_is_not_a_transcript_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for content in ({"format": "other"}, {"format": "comms-parity-transcript/1", "exchanges": []}):
        path = tmp_path / "t.json"
        path.write_text(json.dumps(content))
        code, out = _main(["replay", str(path), "--base-url", "emulator"], capsys)
        assert code == 2, out


def test_a_reference_that_breaks_the_script_is_reported_not_hidden() -> None:
    contract = Contract.load()
    reference = in_process_target(contract)
    app = reference.app

    async def creates_fail(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and (scope["method"], scope["path"]) == (
            "POST",
            "/v1/SenderPools",
        ):
            await send(
                {"type": "http.response.start", "status": 503, "headers": [(b"retry-after", b"0")]}
            )
            await send({"type": "http.response.body", "body": b"{}"})
            return
        await app(scope, receive, send)

    run = run_parity(
        contract,
        dataclasses.replace(reference, app=creates_fail),
        in_process_target(contract),
        say=QUIET,
    )
    assert "without operationLocation" in run.stopped
    assert not run.same
    # What was recorded before the stop was still compared: the create differs.
    assert ("createSenderPool", "status_differs") in {
        (o.reference.operation, d.check) for o in run.outcomes for d in o.differences
    }
    checks = {f["check"] for f in summary(run, contract)["findings"]}
    assert {"workflow_stopped", "status_differs"} <= checks


def test_a_replay_aligns_numbers_with_the_recording() -> None:
    """A live listing with fewer items than the recorded one does not shift the numbers of
    every later ID (which would make each later request name the wrong resource)."""
    live = Normaliser(Vocabulary(Contract.load()), "http://b.example/v1", [], "ckit-2")
    first, later = (f"comms_senderpool_01h455vb4pex5vsknk084sn02{c}" for c in "qr")
    recorded_list = {"senderPools": [{"id": f"<SenderPoolId#{n}>"} for n in (1, 2, 3)]}
    raw_list = {"senderPools": [{"id": first}]}
    live.align(raw_list, recorded_list)
    assert live.response_body(raw_list) == {"senderPools": [{"id": "<SenderPoolId#1>"}]}
    recorded = {"id": "<SenderPoolId#4>", "createdAt": "<date-time#7>"}
    raw = {"id": later, "createdAt": "2026-01-01T00:00:00Z"}
    live.align(raw, recorded)
    assert live.response_body(raw) == recorded
    assert live.unmask("/SenderPools/<SenderPoolId#4>?t=<date-time#7>") == (
        f"/SenderPools/{later}?t=2026-01-01T00:00:00Z"
    )
