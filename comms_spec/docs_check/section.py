"""The operations a docs section lists: its `llms.txt`, or the sidebar its pages print.

The index (`spec/sources.yaml`) records the section's operations as `METHOD /v1/path (Title)`;
a title the section lists that neither the index nor a spec operation's `summary` knows is an
operation the spec lacks, and an indexed title the section no longer lists is one it dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_SIDEBAR = re.compile(r"(?m)^\s*•\s*(GET|POST|PUT|PATCH|DEL|DELETE)\s*([A-Z][^\n]*?)\s*$")
_LLMS = re.compile(r"(?m)^\s*[-*]\s*\[([^\]]+)\]\(([^)\s]+)\)")
_INDEXED = re.compile(r"^(\w+)\s+(\S+)\s+\((.+)\)$")


@dataclass(frozen=True)
class Listed:
    title: str
    method: str = ""  # the sidebar prints it; llms.txt does not
    url: str = ""  # llms.txt links each page


def from_sidebars(texts: list[str]) -> list[Listed]:
    found: dict[str, Listed] = {}
    for text in texts:
        for method, title in _SIDEBAR.findall(text):
            found.setdefault(title, Listed(title, "DELETE" if method == "DEL" else method))
    return list(found.values())


def from_llms(text: str) -> list[Listed]:
    found: dict[str, Listed] = {}
    for title, url in _LLMS.findall(text):
        clean = url[: -len(".md")] if url.endswith(".md") else url
        found.setdefault(title.strip(), Listed(title.strip(), url=clean))
    return list(found.values())


def indexed(page: dict[str, Any]) -> dict[str, str]:
    """Title -> `METHOD /v1/path` of the operations the index records for a section."""
    titles: dict[str, str] = {}
    for entry in page.get("facts", {}).get("operations", []):
        match = _INDEXED.match(str(entry))
        if match:
            titles[match.group(3)] = f"{match.group(1)} {match.group(2)}"
    return titles
