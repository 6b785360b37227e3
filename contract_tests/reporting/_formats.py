"""Every format of a report, written from its JSON data: report.json, report.md, report.html
(and junit.xml for a merged report; a run's own JUnit is pytest's)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from contract_tests.reporting._html import render_html
from contract_tests.reporting._junit import render_junit
from contract_tests.reporting._promises_report import write_junit


def write_reports(
    directory: Path,
    data: dict[str, Any],
    markdown: Callable[[dict[str, Any]], str],
    *,
    redact: Callable[[str], str] = str,
    junit: bool = False,
) -> None:
    """`markdown` is the writer's renderer (handed in: the writer calls this); every text passes
    `redact` as it is written (the run's redactor: no credential in any format)."""
    directory.mkdir(parents=True, exist_ok=True)
    texts = {
        "report.json": json.dumps(data, indent=2) + "\n",
        "report.md": markdown(data),
        "report.html": render_html(data),
        **({"junit.xml": render_junit(data)} if junit else {}),
    }
    for name, text in texts.items():
        (directory / name).write_text(redact(text), encoding="utf-8")
    if "promises" in data:  # the catalogue as JUnit too, one testcase per promise
        write_junit(data["promises"], directory, redact)
