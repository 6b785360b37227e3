"""The scorecard: behaviour x verdict, with the journal lines that prove each, as Markdown for
people, JSON for machines (its schema: `scorecard.schema.json`) and JUnit for CI dashboards.
Every text passes through the redactor first."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract_tests._redaction import Redactor

SCHEMA_VERSION = 1
ERROR, NOT_RUN = "error", "not run"
OUTCOMES = ("pass", "fail", "not supported", ERROR, NOT_RUN)
FILES = ("scorecard.json", "scorecard.md", "scorecard.xml")


@dataclass
class Row:
    id: str
    title: str
    rests_on: str
    outcome: str
    reason: str
    evidence: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Scorecard:
    adapter: dict[str, Any]
    emulator: str
    rows: list[Row] = field(default_factory=list)
    problem: str | None = None  # why the run stopped (a set-up error), if it did

    def summary(self) -> dict[str, int]:
        return {outcome: sum(r.outcome == outcome for r in self.rows) for outcome in OUTCOMES}

    def as_json(self) -> dict[str, Any]:
        return {
            "schemaVersion": SCHEMA_VERSION,
            "tool": "comms-conformance sdk-check",
            "adapter": self.adapter,
            "emulator": self.emulator,
            "summary": self.summary(),
            "problem": self.problem,
            "behaviours": [
                {
                    "id": r.id,
                    "title": r.title,
                    "restsOn": r.rests_on,
                    "outcome": r.outcome,
                    "reason": r.reason,
                    "evidence": r.evidence,
                    "seconds": round(r.seconds, 2),
                }
                for r in self.rows
            ],
        }


def markdown(card: Scorecard) -> str:
    counts = ", ".join(f"{n} {o}" for o, n in card.summary().items() if n)
    name = card.adapter.get("name", "adapter")
    lines = [f"# SDK behaviour scorecard: {name}", "", f"{counts}.", ""]
    if card.problem:
        lines += [f"**Stopped:** {card.problem}", ""]
    lines += ["| behaviour | verdict | why |", "|---|---|---|"]
    for r in card.rows:
        reason = r.reason.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{r.id}` {r.title} | **{r.outcome}** | {reason} |")
    lines.append("")
    for r in card.rows:
        lines += [
            f"## `{r.id}`: {r.outcome}",
            "",
            r.title + ".",
            "",
            f"Rests on: {r.rests_on}.",
            "",
        ]
        if r.evidence:
            lines += ["```", *r.evidence, "```", ""]
    return "\n".join(lines)


def junit(card: Scorecard) -> bytes:
    summary = card.summary()
    suite = ET.Element(
        "testsuite",
        name=f"sdk-check: {card.adapter.get('name', 'adapter')}",
        tests=str(len(card.rows)),
        failures=str(summary["fail"]),
        errors=str(summary[ERROR]),
        skipped=str(summary["not supported"] + summary[NOT_RUN]),
    )
    for r in card.rows:
        case = ET.SubElement(
            suite, "testcase", classname="sdk-check", name=r.id, time=f"{r.seconds:.2f}"
        )
        text = "\n".join([r.reason, f"rests on: {r.rests_on}", *r.evidence])
        if r.outcome == "fail":
            ET.SubElement(case, "failure", message=r.reason).text = text
        elif r.outcome == ERROR:
            ET.SubElement(case, "error", message=r.reason).text = text
        elif r.outcome in ("not supported", NOT_RUN):
            ET.SubElement(case, "skipped", message=f"{r.outcome}: {r.reason}")
        else:
            ET.SubElement(case, "system-out").text = text
    encoded: bytes = ET.tostring(suite, encoding="utf-8", xml_declaration=True)
    return encoded


def write(card: Scorecard, directory: Path, redactor: Redactor) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    texts = {
        "scorecard.json": json.dumps(card.as_json(), indent=2) + "\n",
        "scorecard.md": markdown(card),
        "scorecard.xml": junit(card).decode("utf-8"),
    }
    written = []
    for name in FILES:
        path = directory / name
        path.write_text(redactor.redact(texts[name]), encoding="utf-8")
        written.append(path)
    return written
