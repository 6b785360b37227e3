"""Every format of a report, written from its JSON data: report.json, report.md, report.html
(and junit.xml for a merged report; a run's own JUnit is pytest's)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from contract_tests.reports._html import render_html
from contract_tests.reports._junit import render_junit


def write_reports(
    directory: Path,
    data: dict[str, Any],
    markdown: Callable[[dict[str, Any]], str],
    *,
    junit: bool = False,
) -> None:
    """`markdown` is the writer's renderer (handed in: the writer calls this)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "report.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    (directory / "report.md").write_text(markdown(data), encoding="utf-8")
    (directory / "report.html").write_text(render_html(data), encoding="utf-8")
    if junit:
        (directory / "junit.xml").write_text(render_junit(data), encoding="utf-8")
