"""Each cited page against the facts its claims state: the findings of `docs-check`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from comms_spec._operations import iter_operations
from comms_spec.docs_check.claims import CitedFact, cited_facts, cited_urls, citing_pointers
from comms_spec.docs_check.facts import CHANGED, GONE, judge, page_statuses
from comms_spec.docs_check.pages import MOVED, NOT_HELD, READ, VANISHED, PageCopy, PageSource
from comms_spec.docs_check.section import Listed, from_llms, from_sidebars, indexed

# Finding kinds. All but `uncited` mean the docs changed (exit 1).
NO_LONGER_STATED = "no-longer-stated"
VALUE_CHANGED = "value-changed"
STATUS_ADDED = "status-added"
OPERATION_ADDED = "operation-added"
OPERATION_DROPPED = "operation-dropped"
PAGE_VANISHED = "page-vanished"
PAGE_MOVED = "page-moved"
IMPACT = "docs"


@dataclass(frozen=True)
class DocsFinding:
    page: str
    kind: str
    fact: str
    message: str
    claims: tuple[str, ...] = ()
    impact: str = IMPACT

    def as_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "kind": self.kind,
            "fact": self.fact,
            "message": self.message,
            "claims": list(self.claims),
            "impact": self.impact,
        }


@dataclass(frozen=True)
class PageState:
    url: str
    state: str
    read_from: str = ""
    moved_to: str | None = None
    facts: int = 0


@dataclass
class DocsReport:
    mode: str  # "copies" or "fetch"
    findings: list[DocsFinding] = field(default_factory=list)
    pages: list[PageState] = field(default_factory=list)
    uncited: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.findings)

    def claims(self) -> list[str]:
        """Every claim to revisit, once."""
        return sorted({c for f in self.findings for c in f.claims})


def check_pages(
    spec: dict[str, Any], index: dict[str, dict[str, Any]], source: PageSource, *, live: bool
) -> DocsReport:
    """Compare every indexed page with what the spec's claims say it states.

    `live` is True for pages read from the site: facts a claim holds only for an older
    snapshot of a page (`states.snapshot`) are not expected on it.
    """
    report = DocsReport("fetch" if live else "copies")
    facts_by_url: dict[str, list[CitedFact]] = defaultdict(list)
    for fact in cited_facts(spec):
        facts_by_url[fact.url].append(fact)
    pointers = citing_pointers(spec)
    texts: list[str] = []
    for url in sorted(index):
        if index[url].get("section"):
            report.pages.append(PageState(url, "section"))
            continue  # read through its list of operations, below
        copy = source.read(url, index[url])
        facts = facts_by_url.get(url, [])
        report.pages.append(PageState(url, copy.state, copy.read_from, copy.moved_to, len(facts)))
        if copy.state == NOT_HELD:
            continue
        everyone = tuple(sorted(pointers.get(url, set())))
        if copy.state == VANISHED:
            report.findings.append(
                DocsFinding(url, PAGE_VANISHED, "page", "the page is gone", everyone)
            )
            continue
        if copy.state == MOVED:
            report.findings.append(
                DocsFinding(url, PAGE_MOVED, "page", f"the page moved to {copy.moved_to}", everyone)
            )
        texts.append(copy.text)
        report.findings += _compare(url, copy, facts, live=live)
    listed_pages: set[str] = set()
    for url, page in sorted(index.items()):
        if page.get("section"):
            findings, listed = _section(spec, url, page, source, texts, pointers, live=live)
            report.findings += findings
            listed_pages |= {item.url for item in listed if item.url}
    cited = cited_urls(spec)
    # Indexed pages no claim cites, and pages the section lists that the index lacks.
    report.uncited = sorted({url for url in index if url not in cited} | (listed_pages - cited))
    return report


def _compare(url: str, copy: PageCopy, facts: list[CitedFact], *, live: bool) -> list[DocsFinding]:
    grouped: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for fact in facts:
        if live and fact.snapshot:
            continue
        verdict = judge(fact, copy.text)
        if verdict.state == GONE:
            grouped[(NO_LONGER_STATED, fact.label, "")].add(fact.where)
        elif verdict.state == CHANGED:
            grouped[(VALUE_CHANGED, fact.label, verdict.now)].add(fact.where)
    findings = [
        DocsFinding(
            url,
            kind,
            label,
            f"the page no longer states {label}"
            if kind == NO_LONGER_STATED
            else f"{label} changed on the page: {now}",
            tuple(sorted(where)),
        )
        for (kind, label, now), where in sorted(grouped.items())
    ]
    # A status code the page prints that no claim citing it states: the list changed.
    status_facts = [f for f in facts if f.kind == "status"]
    if status_facts and copy.state in (READ, MOVED):
        claimed = {f.value for f in status_facts}
        for code in sorted(page_statuses(copy.text) - claimed):
            findings.append(
                DocsFinding(
                    url,
                    STATUS_ADDED,
                    f"status {code}",
                    f"the page now prints status {code}, which no claim citing it states",
                    tuple(sorted({f.where for f in status_facts if f.key == "statuses"})),
                )
            )
    return findings


def _section(
    spec: dict[str, Any],
    url: str,
    page: dict[str, Any],
    source: PageSource,
    texts: list[str],
    pointers: dict[str, set[str]],
    *,
    live: bool,
) -> tuple[list[DocsFinding], list[Listed]]:
    """The section's operations: from its `llms.txt` (online, or a copy of it), else from the
    sidebar its pages print."""
    llms = source.section_index(url)
    if llms is None and live:
        everyone = tuple(sorted(pointers.get(url, set())))
        gone = DocsFinding(url, PAGE_VANISHED, "page", "the section's llms.txt is gone", everyone)
        return [gone], []
    listed: list[Listed] = from_llms(llms) if llms is not None else from_sidebars(texts)
    if not listed:
        return [], []  # neither an index nor a sidebar to read the section from
    known = indexed(page)
    summaries = {op.node.get("summary") for op in iter_operations(spec)}
    titles = {item.title for item in listed}
    findings = [
        DocsFinding(
            url,
            OPERATION_ADDED,
            f"operation {item.title}",
            f"the section lists {(item.method + ' ') if item.method else ''}{item.title!r}, "
            "which the spec lacks",
        )
        for item in listed
        if item.title not in known and item.title not in summaries
    ]
    facts = [f for f in cited_facts(spec) if f.url == url and f.kind == "operation"]
    for title, operation in sorted(known.items()):
        if title not in titles:
            where = tuple(sorted({f.where for f in facts if f.value == operation}))
            findings.append(
                DocsFinding(
                    url,
                    OPERATION_DROPPED,
                    f"operation {title}",
                    f"the section no longer lists {title!r} ({operation})",
                    where,
                )
            )
    return findings, listed
