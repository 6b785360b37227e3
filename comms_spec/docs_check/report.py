"""`docs-check` findings in the drift report's formats: Markdown, JSON and JUnit XML.

Every finding has impact `docs`: the documentation changed, and the claims it names are the
ones to revisit (the API may not have changed yet).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from comms_spec.docs_check.compare import DocsReport

SCHEMA_VERSION = 1
FILES = ("docs-check.md", "docs-check.json", "docs-check.xml")


def as_json(report: DocsReport) -> dict[str, Any]:
    return {
        "schemaVersion": SCHEMA_VERSION,
        "tool": "docs-check",
        "mode": report.mode,
        "changed": report.changed,
        "findings": [f.as_dict() for f in report.findings],
        "claimsToRevisit": report.claims(),
        "pages": [
            {
                "url": p.url,
                "state": p.state,
                "readFrom": p.read_from,
                "movedTo": p.moved_to,
                "facts": p.facts,
            }
            for p in report.pages
        ],
        "uncited": report.uncited,
    }


def as_markdown(report: DocsReport) -> str:
    read = [p for p in report.pages if p.state in ("read", "moved")]
    pages = [p for p in report.pages if p.state != "section"]
    sections = len(report.pages) - len(pages)
    lines = [
        "## Docs check",
        "",
        f"{len(read)} of {len(pages)} indexed pages read ({report.mode}), and "
        f"{sections} section list(s); "
        + (
            f"**{len(report.findings)} change(s)** (impact `docs`), "
            f"{len(report.claims())} claim(s) to revisit."
            if report.changed
            else "no change found."
        ),
    ]
    for page in sorted({f.page for f in report.findings}):
        lines += ["", f"### {page}", ""]
        for finding in (f for f in report.findings if f.page == page):
            lines.append(f"- **{finding.kind}** {finding.message}")
            lines += [f"  - `{claim}`" for claim in finding.claims]
    if report.uncited:
        lines += ["", "Pages no claim cites: " + ", ".join(report.uncited)]
    unread = [p.url for p in report.pages if p.state == "not held"]
    if unread:
        lines += ["", f"Not checked (no copy held): {len(unread)} page(s)."]
    return "\n".join(lines) + "\n"


def as_junit(report: DocsReport) -> str:
    suite = ElementTree.Element(
        "testsuite",
        name="docs-check",
        tests=str(len(report.pages)),
        failures=str(len({f.page for f in report.findings})),
        skipped=str(sum(p.state == "not held" for p in report.pages)),
    )
    for page in report.pages:
        case = ElementTree.SubElement(suite, "testcase", classname="docs-check", name=page.url)
        found = [f for f in report.findings if f.page == page.url]
        if page.state == "not held":
            ElementTree.SubElement(case, "skipped", message="no copy held")
        elif found:
            failure = ElementTree.SubElement(
                case, "failure", message=f"{len(found)} docs change(s)", type="docs"
            )
            failure.text = "\n".join(
                f"[{f.kind}] {f.message}" + "".join(f"\n  {c}" for c in f.claims) for f in found
            )
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def write_reports(report: DocsReport, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    texts = (
        as_markdown(report),
        json.dumps(as_json(report), indent=2) + "\n",
        as_junit(report),
    )
    paths = []
    for name, text in zip(FILES, texts, strict=True):
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
