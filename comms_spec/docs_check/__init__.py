"""`docs-check`: which of the spec's claims a changed documentation page affects.

Every documented claim of the spec cites a page (`x-source: {url, states}`); `spec/sources.yaml`
indexes the pages. This package reads the pages again — from a directory of copies, or online
with `--fetch` (each page's `.md` form and the section's `llms.txt`) — and reports, per page:

- a fact a claim states that the page no longer states (with the JSON pointer of every claim
  citing it);
- a fact whose value changed: a limit, a pattern, an enum value, a status code, a
  Required/Optional marker;
- an operation the section lists that the spec lacks (or no longer lists);
- a page that moved or vanished, and the pages no claim cites.

Facts are matched by kind (`facts.py`): numbers next to their field, enum lists, status lists,
patterns, markers, names; never by a hash of the page, so an edit elsewhere on a page does not
flap. The parts: `claims.py` (what the spec says each page states), `pages.py` (reading the
copies or the site), `section.py` (the section's list of operations), `compare.py` (the
findings), `report.py` (Markdown, JSON, JUnit, impact `docs`) and `cli.py` (`comms-docs-check`).
"""

from __future__ import annotations

from comms_spec.docs_check.cli import main
from comms_spec.docs_check.compare import DocsFinding, DocsReport, check_pages

__all__ = ["DocsFinding", "DocsReport", "check_pages", "main"]
