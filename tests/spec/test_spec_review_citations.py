"""The spec-PR summary names the cited facts a change touches (scripts/spec_review.py)."""

from __future__ import annotations

import copy
from typing import Any

from scripts.spec_review import cited_fact_changes, summary

LIST = "https://docs.comms.twilio.com/comms-api-reference/sender-pools/list"


def test_a_restated_limit_is_named_by_claim_and_page(spec: dict[str, Any]) -> None:
    new = copy.deepcopy(spec)
    page_size = new["components"]["parameters"]["PageSize"]
    page_size["x-source"][0]["states"]["maximum"] = 500
    page_size["schema"]["maximum"] = 500
    assert cited_fact_changes(spec, new) == [
        f"- added `/components/parameters/PageSize` maximum 500 ({LIST})",
        f"- dropped `/components/parameters/PageSize` maximum 1000 ({LIST})",
    ]
    text, _ = summary(spec, new)
    assert "#### Cited facts this change touches (2)" in text


def test_a_change_that_touches_no_citation_says_so(spec: dict[str, Any]) -> None:
    new = copy.deepcopy(spec)
    new["paths"]["/SenderPools"]["get"]["summary"] = "List the SenderPools"
    assert cited_fact_changes(spec, new) == []
    assert "No cited fact changes." in summary(spec, new)[0]
