"""`comms-docs-check` on page copies: the seeds as they are give no change; each edit made as
a docs change would arrive names exactly the claims citing the changed fact, nothing else."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from comms_spec import load_spec
from comms_spec.checks.sources import load_index
from comms_spec.docs_check import DocsReport, check_pages, main
from comms_spec.docs_check.claims import cited_facts
from comms_spec.docs_check.facts import HOLDS, judge
from comms_spec.docs_check.pages import DirectorySource
from tests.docs_check.conftest import ADD, CREATE, GUIDE, LIST, POOL_SENDERS, edit

FERN = "https://docs.comms.twilio.com/comms-api-reference/sender-pools"
POOL_SENDERS_URL = "https://www.twilio.com/docs/bulk-messaging/api/sender-pool-sender-resource"
GUIDE_URL = "https://www.twilio.com/docs/comms/sender-pools"


def _run(copies: Path) -> DocsReport:
    return check_pages(load_spec(), load_index(), DirectorySource(copies), live=False)


def _claims(report: DocsReport) -> set[str]:
    return set(report.claims())


def test_the_seeds_as_they_are_give_no_change(copies: Path) -> None:
    report = _run(copies)
    assert report.findings == []
    read = {p.url for p in report.pages if p.state == "read"}
    assert read == {
        f"{FERN}/list",
        f"{FERN}/create",
        f"{FERN}/add-sender",
        POOL_SENDERS_URL,
        GUIDE_URL,
    }
    # Not vacuous: every fact the claims cite on these pages was looked for, and holds.
    index = load_index()
    facts = [f for f in cited_facts(load_spec()) if f.url in read]
    assert len(facts) > 40
    for fact in facts:
        text = (copies / index[fact.url]["copy"]).read_text(encoding="utf-8")
        assert judge(fact, text).state == HOLDS, fact
    assert main([str(copies)]) == 0


def test_a_maximum_changed(copies: Path) -> None:
    edit(copies, LIST, "1-1000Defaults", "1-500Defaults")
    edit(copies, LIST, "maximum is 1000", "maximum is 500")
    report = _run(copies)
    [finding] = report.findings
    assert (finding.page, finding.kind, finding.fact) == (
        f"{FERN}/list",
        "value-changed",
        "maximum 1000",
    )
    assert "500" in finding.message
    assert finding.claims == ("/components/parameters/PageSize",)


def test_a_status_code_removed(copies: Path) -> None:
    edit(copies, ADD, "409\nConflict Error\n", "")
    report = _run(copies)
    assert {f.fact for f in report.findings} == {"status 409", "name Conflict Error"}
    assert _claims(report) == {
        "/components/responses/Conflict",
        "/paths/~1SenderPools~1{senderPoolId}~1Senders/post",
    }


def test_an_enum_value_added(copies: Path) -> None:
    edit(copies, POOL_SENDERS, "WHATSAPPPUSHThe status", "WHATSAPPPUSHFAXThe status")
    report = _run(copies)
    [finding] = report.findings
    assert finding.kind == "value-changed"
    assert "also FAX" in finding.message
    assert finding.claims == ("/components/schemas/SenderCommunicationChannel",)


def test_an_operation_added_to_the_sections_list(copies: Path) -> None:
    edit(
        copies,
        CREATE,
        "      • GETFetch a SenderPool Operation\n",
        "      • GETFetch a SenderPool Operation\n      • POSTPause a SenderPool\n",
    )
    report = _run(copies)
    [finding] = report.findings
    assert (finding.page, finding.kind) == (FERN, "operation-added")
    assert "'Pause a SenderPool'" in finding.message
    assert finding.claims == ()  # the spec has no claim about it yet: that is the news


def test_a_page_removed(copies: Path) -> None:
    (copies / GUIDE).unlink()
    report = _run(copies)
    [finding] = report.findings
    assert (finding.page, finding.kind) == (GUIDE_URL, "page-vanished")
    assert set(finding.claims) == {
        "/components/schemas/Pagination/properties/next",
        "/components/schemas/SenderList",
        "/components/schemas/SenderPool",
        "/components/schemas/SenderPoolFrom",
        "/paths/~1Senders/get/responses/200",
    }


@pytest.mark.parametrize(
    ("name", "old", "new", "claims"),
    [
        (
            ADD,
            "senderIdstringRequired",
            "senderIdstringOptional",
            {"/components/schemas/SenderReference"},
        ),
        (
            POOL_SENDERS,
            "^comms_sender_[0-7][a-hjkmnpqrstv-z0-9]{25,34}",
            "^comms_sender_[0-7][a-hjkmnpqrstv-z0-9]{25,40}",
            {"/components/schemas/SenderId"},
        ),
        (
            POOL_SENDERS,
            "ACTIVATEDDEACTIVATED",
            "ACTIVATED",
            {"/components/schemas/SenderStatus"},
        ),
        (
            CREATE,
            "tagsmap from strings to stringsOptional",
            "labelsmap from strings to stringsOptional",
            {"/components/schemas/CreateSenderPoolRequest"},
        ),
    ],
    ids=["marker-now-optional", "pattern-changed", "enum-value-removed", "field-renamed"],
)
def test_other_kinds_of_change_name_their_claims(
    copies: Path, name: str, old: str, new: str, claims: set[str]
) -> None:
    edit(copies, name, old, new)
    assert _claims(_run(copies)) == claims


def test_an_edit_elsewhere_on_a_page_does_not_flap(copies: Path) -> None:
    edit(copies, LIST, "This operation fetches a paginated list of SenderPools.", "Lists pools.")
    edit(copies, LIST, "Was this page helpful?", "Did this help?")
    edit(copies, POOL_SENDERS, "helps identify the sender", "names the sender")
    edit(copies, GUIDE, "optimize throughput", "raise throughput")
    assert _run(copies).findings == []


def test_the_reports_carry_the_claims_with_impact_docs(copies: Path, tmp_path: Path) -> None:
    edit(copies, LIST, "1-1000Defaults", "1-500Defaults")
    reports = tmp_path / "reports"
    assert main([str(copies), "--reports", str(reports)]) == 1
    data = json.loads((reports / "docs-check.json").read_text(encoding="utf-8"))
    assert data["changed"] is True
    assert data["claimsToRevisit"] == ["/components/parameters/PageSize"]
    assert {f["impact"] for f in data["findings"]} == {"docs"}
    suite = ElementTree.parse(reports / "docs-check.xml").getroot()
    assert suite.get("failures") == "1"
    assert "/components/parameters/PageSize" in (reports / "docs-check.md").read_text("utf-8")


@pytest.mark.parametrize(
    "argv",
    [[], ["/no/such/dir"], ["--fetch", "some/dir"], ["--origin", "http://127.0.0.1:1", "x"]],
    ids=["nothing", "missing-dir", "both", "origin-without-fetch"],
)
def test_a_set_up_error_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "comms-docs-check" in capsys.readouterr().err


def test_the_citation_audit_holds_on_the_seeds_and_fails_on_an_edit(copies: Path) -> None:
    from scripts.citation_audit import main as audit

    assert audit(["--sample", "0", "--copies", str(copies)]) == 0
    edit(copies, ADD, "senderIdstringRequired", "senderIdstringOptional")
    assert audit(["--sample", "0", "--copies", str(copies)]) == 1


SENDER_POOL_MD = "https://static1.twilio.com/docs/bulk-messaging/api/sender-pool-resource.md"


def _schema_block(key_length: int) -> str:
    """A page as twilio.com serves its `.md`: a JSON schema block (built here from the facts
    the index records, not copied)."""
    tags = (
        '"tags":{"title":"Tags","type":"object","maxProperties":10,'
        f'"propertyNames":{{"type":"string","maxLength":{key_length},'
        '"pattern":"^[a-zA-Z0-9._~-]+$"},'
        '"additionalProperties":{"type":"string","maxLength":256,"pattern":"^[a-zA-Z0-9._~-]+$"}}'
    )
    return (
        '# SenderPools resource\n\n<OperationTable type="properties" data={{"title":"SenderPool",'
        '"required":["id","name","tags","createdAt","updatedAt"],"properties":{"id":{'
        '"pattern":"^comms_senderpool_[0-7][a-hjkmnpqrstv-z0-9]{25,34}"},' + tags + "}}} />\n"
    )


@pytest.mark.parametrize(
    ("key_length", "claims"),
    [(128, set()), (64, {"/components/schemas/Tags/propertyNames"})],
    ids=["as-indexed", "key-length-changed"],
)
def test_a_markdown_copy_by_url_is_read_by_its_schema_block(
    copies: Path, key_length: int, claims: set[str]
) -> None:
    mirrored = copies / "static1.twilio.com" / "docs" / "bulk-messaging" / "api"
    mirrored.mkdir(parents=True)
    (mirrored / "sender-pool-resource.md").write_text(_schema_block(key_length), "utf-8")
    report = _run(copies)
    [page] = [p for p in report.pages if p.url == SENDER_POOL_MD]
    assert page.state == "read"
    assert _claims(report) == claims


def test_a_partial_mirror_by_url_reports_no_page_as_vanished(tmp_path: Path) -> None:
    """Without the stored copies, a page the mirror lacks is unchecked, not gone."""
    mirrored = tmp_path / "mirror" / "static1.twilio.com" / "docs" / "bulk-messaging" / "api"
    mirrored.mkdir(parents=True)
    (mirrored / "sender-pool-resource.md").write_text(_schema_block(128), "utf-8")
    assert main([str(tmp_path / "mirror")]) == 0
