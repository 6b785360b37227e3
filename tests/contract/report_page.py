"""What every report.html must show, checked in the DOM headless Chromium builds from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.contract.browser import Dom, dump_dom, screenshot


def assert_renders(report_dir: Path, report: dict[str, Any], shot: Path) -> Dom:
    page = report_dir / "report.html"
    dom = Dom(dump_dom(page))
    # Self-contained: nothing to load (no script, stylesheet, image or frame from anywhere).
    for tag in ("script", "link", "img", "iframe", "object", "embed"):
        assert not dom.all(tag), f"report.html has a <{tag}>"
    assert not [a for _, a in dom.elements if "src" in a or "href" in a]
    counts = report["counts"]
    verdict = dom.text_by_id["verdict"]
    if report["findings"]:
        assert f"{len(report['findings'])} drift finding(s)" in verdict
    else:
        assert verdict == "No drift found"
    [passed] = dom.all("div", data_count="passed")
    assert passed is not None
    assert f"{counts.get('passed', 0)}passed" in dom.text_by_id["counts"].replace(" ", "")
    # Findings grouped by impact, then operation, then check.
    for finding in report["findings"]:
        assert dom.all("details", data_impact=finding["impact"])
        assert dom.all("details", data_operation=finding["operation"])
        assert dom.all("details", data_check=finding["check"])
    # The heatmap: a row per operation, a cell per status any operation documents or returned.
    operations = report["coverage"]["operations"]
    assert len(dom.all("tr", data_operation=operations and next(iter(sorted(operations))))) == 1
    assert {a["data-operation"] for a in dom.all("tr") if "data-operation" in a} == set(operations)
    observed = sum(len(e["statusesObserved"]) for e in operations.values())
    assert dom.text_by_id["statuses-observed"] == str(observed)
    cells = [a for a in dom.all("td") if "c" in a.get("class", "").split()]
    assert sum("obs" in a["class"].split() for a in cells) == observed
    assert "inconclusive" in dom.text_by_id
    assert "waiting" in dom.text_by_id
    replay = report.get("replay")
    if replay:
        assert str(replay["seed"]) in dom.text_by_id["seed"]
        assert dom.text_by_id["rerun"] == replay["rerun"]
    screenshot(page, shot)
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one
    return dom
