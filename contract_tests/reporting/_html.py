"""report.html: the run's report as one self-contained page (no script, no network, no external
asset: inline CSS and SVG only), for people to look at rather than read.

Top to bottom: the verdict and counts; the findings by impact, then operation, then check, each
check folded (`<details>`) with its first examples' exchange and curl, so a thousand findings
stay a page of headings; coverage as a heatmap of operation x status (documented and observed,
documented and not observed, observed though undocumented), then parameters, enum values and
links; the waiting and inconclusive sections; the history and its trend.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

from contract_tests._patience import INCONCLUSIVE, described
from contract_tests.reporting._impact import IMPACTS, impact_of

EXAMPLES_SHOWN = 3  # per check: the first few cases in full, then a count
TITLES = {
    "breaking": "Breaking: documented promises broken",
    "inferred": "Inferred decisions contradicted",
    "additive": "Additive: the API returns more than the spec declares",
}

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
main{max-width:1180px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d5d9e0}
h3{font-size:15px;margin:14px 0 6px}
.verdict{font-size:18px;font-weight:600;padding:10px 14px;border-radius:6px;margin:12px 0}
.verdict.ok{background:#dff3e4;color:#14532d}.verdict.drift{background:#fde2e1;color:#7f1d1d}
.verdict.warn{background:#fff3cd;color:#6b4e00}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.card{background:#fff;border:1px solid #d5d9e0;border-radius:6px;padding:6px 12px;min-width:88px}
.card b{display:block;font-size:20px}
.meta{color:#4a5568}.meta code{background:#eef0f4;padding:1px 4px;border-radius:3px}
details{background:#fff;border:1px solid #d5d9e0;border-radius:6px;margin:4px 0;padding:4px 10px}
details details{margin-left:12px}summary{cursor:pointer;font-weight:500}
pre{background:#1d2330;color:#e6e9ef;padding:8px;border-radius:4px;overflow:auto;max-height:240px;
white-space:pre-wrap;word-break:break-all;font-size:12px}
.badge{display:inline-block;font-size:11px;padding:0 6px;border-radius:8px;margin-left:6px;
background:#e2e8f0}.badge.breaking{background:#fca5a5}.badge.inferred{background:#fcd34d}
.badge.additive{background:#a5b4fc}.badge.new{background:#f87171;color:#fff}
.badge.flapping{background:#fb923c;color:#fff}
table{border-collapse:collapse;background:#fff;margin:6px 0}
th,td{border:1px solid #d5d9e0;padding:3px 6px;text-align:left;vertical-align:top;font-size:12px}
table.heat td.c{width:30px;text-align:center;padding:3px 2px}
td.obs{background:#4ade80}td.miss{background:#fca5a5}td.undoc{background:#a78bfa;color:#fff}
td.none{background:#f1f3f6}.legend span{display:inline-block;padding:1px 8px;margin-right:6px}
.muted{color:#6b7280}
"""


def render_html(data: dict[str, Any]) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Conformance report: Twilio Comms API, Sender Pools</title>",
        # No script and no fetch: a page that loads nothing it does not carry.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<style>{CSS}</style></head><body><main>",
        "<h1>Conformance report: Twilio Comms API, Sender Pools</h1>",
        *_header(data),
        *_findings(data["findings"]),
        *_baseline(data.get("baseline")),
        *_promises(data.get("promises")),
        *_coverage(data.get("coverage")),
        *_patience(data.get("patience")),
        *_skipped(data["tests"]),
        *_history(data.get("history")),
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _impact(finding: dict[str, Any]) -> str:
    return str(finding.get("impact") or impact_of(finding["check"], finding["provenance"]))


def _header(data: dict[str, Any]) -> list[str]:
    counts = data["counts"]
    findings = data["findings"]
    if counts.get("error"):
        verdict, css = "The run had errors", "warn"
    elif findings:
        verdict = f"{len(findings)} drift finding(s)"
        verdict += " — fails the run" if data["failed"] else ""
        css = "drift" if data["failed"] else "warn"
    else:
        verdict, css = "No drift found", "ok"
    cards = [
        ("passed", counts.get("passed", 0)),
        ("failed", counts.get("failed", 0)),
        ("skipped", counts.get("skipped", 0)),
        ("inconclusive", counts.get("inconclusive", 0)),
        ("errors", counts.get("error", 0)),
        ("requests", data.get("requestsSent", 0)),
        *((impact, n) for impact, n in data.get("impactCounts", {}).items()),
    ]
    lines = [
        f'<div class="verdict {css}" id="verdict">{_e(verdict)}</div>',
        '<div class="cards" id="counts">',
        *(f'<div class="card" data-count="{_e(k)}"><b>{_e(v)}</b>{_e(k)}</div>' for k, v in cards),
        "</div>",
        '<p class="meta">',
        f"Target <code>{_e(data['target'])}</code>"
        + (" (read-only)" if data.get("readOnly") else "")
        + f"; profile <code>{_e(data['profile'])}</code>; started {_e(data['startedAt'])}; "
        f"{_e(data['durationSeconds'])} s; fails on <code>{_e(data.get('failOn', '-'))}</code>"
        " or worse",
    ]
    if data.get("rateLimit"):
        note = _e(data["rateLimit"]["note"])
        lines.append(f'<br><span id="rate-limit">Rate limit: {note}</span>')
    replay = data.get("replay")
    if replay:
        digests = replay.get("shardDigests") or [replay["exchangeDigest"]]
        shown = ", ".join(
            f"<code>{_e(d['sha256'][:16])}</code> ({_e(d['exchanges'])} exchanges)" for d in digests
        )
        lines += [
            f'<br><span id="seed">Seed <code>{_e(replay["seed"])}</code></span>'
            + (f"; shard {_e(replay['shard'])}" if replay.get("shard") else "")
            + f"; exchange digest {shown}",
            f'<br>Rerun: <code id="rerun">{_e(replay["rerun"])}</code>',
        ]
    return [*lines, "</p>"]


def _findings(findings: list[dict[str, Any]]) -> list[str]:
    lines = ['<section id="findings">', f"<h2>Findings ({len(findings)})</h2>"]
    if not findings:
        return [*lines, '<p class="muted">None.</p>', "</section>"]
    grouped: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for finding in findings:
        grouped[_impact(finding)][finding["operation"]][finding["check"]].append(finding)
    impacts = [*IMPACTS, *sorted(set(grouped) - set(IMPACTS))]
    lines += _overview(grouped, impacts)
    for impact in impacts:
        by_operation = grouped.get(impact)
        if not by_operation:
            continue
        total = sum(len(items) for checks in by_operation.values() for items in checks.values())
        lines += [
            f'<details class="impact" data-impact="{_e(impact)}">',
            f"<summary><b>{_e(TITLES.get(impact, impact))}</b> "
            f"<span class='badge {_e(impact)}'>{total}</span>"
            f"<span class='muted'> {len(by_operation)} operation(s)</span></summary>",
        ]
        for operation in sorted(by_operation):
            checks = by_operation[operation]
            count = sum(len(items) for items in checks.values())
            lines += [
                f'<details class="operation" data-operation="{_e(operation)}">',
                f"<summary>{_e(operation)} <span class='badge {_e(impact)}'>{count}</span>"
                f"<span class='muted'> {len(checks)} check(s)</span></summary>",
            ]
            for check in sorted(checks):
                lines += _check(check, checks[check])
            lines.append("</details>")
        lines.append("</details>")
    return [*lines, "</section>"]


def _overview(
    grouped: dict[str, dict[str, dict[str, list[dict[str, Any]]]]], impacts: list[str]
) -> list[str]:
    """Findings per operation and impact: the whole picture before any fold is opened."""
    operations = sorted({op for by_operation in grouped.values() for op in by_operation})
    rows = []
    for operation in operations:
        counts = [
            sum(len(items) for items in grouped.get(impact, {}).get(operation, {}).values())
            for impact in impacts
        ]
        rows.append(
            f"<tr><th>{_e(operation)}</th>"
            + "".join(f"<td>{n or ''}</td>" for n in counts)
            + f"<td><b>{sum(counts)}</b></td></tr>"
        )
    return [
        '<table id="findings-overview"><tr><th>Operation</th>',
        *(f"<th>{_e(impact)}</th>" for impact in impacts),
        "<th>total</th></tr>",
        *rows,
        "</table>",
    ]


def _check(check: str, items: list[dict[str, Any]]) -> list[str]:
    first = items[0]
    marks = ""
    if first.get("baseline"):
        marks += f"<span class='badge {'new' if first['baseline'] == 'new' else ''}'>"
        marks += f"{_e(first['baseline'])}</span>"
    history = first.get("history")
    if history and history.get("flaps"):
        marks += f"<span class='badge flapping'>flapping ({_e(history['flaps'])})</span>"
    lines = [
        f'<details class="check" data-check="{_e(check)}">',
        f"<summary>{_e(check)} <span class='badge'>{len(items)}x</span>{marks}</summary>",
        f"<p class='muted'>in <code>{_e(first.get('test', '-'))}</code>; "
        f"{_e(first.get('provenance', '-'))}"
        + (
            f"; first seen {_e(history['firstSeen'])}, seen {_e(history['timesSeen'])}x"
            if history
            else ""
        )
        + "</p>",
    ]
    for item in items[:EXAMPLES_SHOWN]:
        lines.append(f'<pre class="exchange">{_e(item["message"])}</pre>')
        if item.get("reproduce"):
            lines.append(f'<pre class="curl">{_e(item["reproduce"])}</pre>')
    if len(items) > EXAMPLES_SHOWN:
        lines.append(f"<p class='muted'>and {len(items) - EXAMPLES_SHOWN} more like these</p>")
    return [*lines, "</details>"]


def _baseline(diff: dict[str, Any] | None) -> list[str]:
    if not diff:
        return []

    def listed(items: list[dict[str, Any]]) -> str:
        return "".join(
            f"<li><span class='badge {_e(_impact(f))}'>{_e(_impact(f))}</span> "
            f"{_e(f['operation'])}: <b>{_e(f['check'])}</b></li>"
            for f in items
        )

    return [
        '<section id="baseline">',
        f"<h2>Since the baseline ({_e(diff.get('previousStartedAt') or 'unknown date')})</h2>",
        f"<p>New: {len(diff['new'])}</p><ul>{listed(diff['new'])}</ul>",
        f"<p>Fixed: {len(diff['fixed'])}</p><ul>{listed(diff['fixed'])}</ul>",
        f"<p>Still present: {len(diff['stillPresent'])}; not rechecked: "
        f"{len(diff['notRechecked'])}</p>",
        "</section>",
    ]


def _coverage(coverage: dict[str, Any] | None) -> list[str]:
    if not coverage:
        return []
    operations: dict[str, dict[str, Any]] = coverage["operations"]
    statuses = sorted(
        {
            int(s)
            for entry in operations.values()
            for name in ("statusesObserved", "statusesNotObserved", "undocumentedStatusesObserved")
            for s in entry.get(name, [])
        }
    )
    observed = sum(len(e["statusesObserved"]) for e in operations.values())
    documented = observed + sum(len(e["statusesNotObserved"]) for e in operations.values())
    undocumented = sum(len(e.get("undocumentedStatusesObserved", [])) for e in operations.values())
    lines = [
        '<section id="coverage">',
        "<h2>Coverage</h2>",
        f"<p>Computed from {_e(coverage['source'])}. Operations called: "
        f"{len(coverage['operationsCalled'])} of {len(operations)}; documented statuses "
        f'observed: <b id="statuses-observed">{observed}</b> of <b>{documented}</b>; '
        f"undocumented statuses seen: {undocumented}.</p>",
        '<p class="legend"><span class="obs" style="background:#4ade80">observed</span>'
        '<span style="background:#fca5a5">documented, not observed</span>'
        '<span style="background:#a78bfa;color:#fff">undocumented, seen</span>'
        '<span style="background:#f1f3f6">not documented</span></p>',
        '<table class="heat" id="heatmap"><thead><tr><th>Operation</th><th>Calls</th>',
        *(f'<th class="c">{s}</th>' for s in statuses),
        "</tr></thead><tbody>",
    ]
    for op_id, entry in sorted(operations.items()):
        seen = set(map(int, entry["statusesObserved"]))
        missed = set(map(int, entry["statusesNotObserved"]))
        extra = set(map(int, entry.get("undocumentedStatusesObserved", [])))
        cells = []
        for status in statuses:
            css, label = (
                ("obs", "observed")
                if status in seen
                else ("miss", "documented, not observed")
                if status in missed
                else ("undoc", "undocumented, seen")
                if status in extra
                else ("none", "not documented")
            )
            mark = "✓" if css == "obs" else "!" if css == "undoc" else ""
            cells.append(f'<td class="c {css}" title="{_e(op_id)} {status}: {label}">{mark}</td>')
        lines.append(
            f'<tr data-operation="{_e(op_id)}"><th>{_e(op_id)}</th><td>{entry["calls"]}</td>'
            + "".join(cells)
            + "</tr>"
        )
    lines += ["</tbody></table>", *_parameters(operations), *_enums(coverage["enums"])]
    lines += _links(coverage["linksFollowed"], coverage["linksNotFollowed"])
    return [*lines, "</section>"]


def _parameters(operations: dict[str, dict[str, Any]]) -> list[str]:
    rows = [
        f"<tr><th>{_e(op_id)}</th><td>{_e(', '.join(e['parametersExercised']) or '-')}</td>"
        f"<td>{_e(', '.join(e['parametersNotExercised']) or '-')}</td></tr>"
        for op_id, e in sorted(operations.items())
    ]
    return [
        "<h3>Parameters</h3>",
        '<table id="parameters"><tr><th>Operation</th><th>Exercised</th><th>Not exercised</th>'
        "</tr>",
        *rows,
        "</table>",
    ]


def _enums(enums: dict[str, dict[str, Any]]) -> list[str]:
    rows = [
        f"<tr><th>{_e(name)}</th>"
        + "".join(
            f"<td>{_e(', '.join(map(str, e[k])) or '-')}</td>"
            for k in ("sent", "neverSent", "received", "neverReceived")
        )
        + "</tr>"
        for name, e in sorted(enums.items())
    ]
    return [
        "<h3>Enum values</h3>",
        '<table id="enums"><tr><th>Field</th><th>Sent</th><th>Never sent</th><th>Received</th>'
        "<th>Never received</th></tr>",
        *rows,
        "</table>",
    ]


def _links(followed: list[str], not_followed: list[str]) -> list[str]:
    return [
        f"<h3>Links followed: {len(followed)} of {len(followed) + len(not_followed)}</h3>",
        '<ul id="links">',
        *(f"<li>✓ {_e(name)}</li>" for name in followed),
        *(f"<li class='muted'>✗ {_e(name)}</li>" for name in not_followed),
        "</ul>",
    ]


def _promises(section: dict[str, Any] | None) -> list[str]:
    """The catalogue's verdicts: counts, then every entry that did not pass, with why."""
    if not section:
        return []
    counts = section["counts"]
    lines = [
        '<section id="promises">',
        f"<h2>Promises ({_e(section['total'])})</h2>",
        '<div class="cards">',
        *(
            f'<div class="card" data-promises="{_e(k)}"><b>{_e(v)}</b>{_e(k)}</div>'
            for k, v in counts.items()
        ),
        "</div>",
    ]
    open_entries = [e for e in section["entries"] if e["verdict"] != "passed"]
    if not open_entries:
        return [*lines, '<p class="muted">Every promise was checked and held.</p>', "</section>"]
    lines += [
        "<table><tr><th>promise</th><th>verdict</th><th>why</th><th>source</th></tr>",
        *(
            f"<tr><td><code>{_e(e['id'])}</code></td><td>{_e(e['verdict'])}</td>"
            f"<td>{_e(e['reason'])}</td><td>{_e(e['source']['page'])}</td></tr>"
            for e in open_entries
        ),
        "</table>",
    ]
    return [*lines, "</section>"]


def _patience(patience: dict[str, Any] | None) -> list[str]:
    if not patience:
        return []
    retried = ", ".join(f"{n}x {s}" for s, n in patience["retriedRequests"].items()) or "none"
    return [
        '<section id="waiting"><h2>Waiting (tolerated variance)</h2><ul>',
        f"<li>Consistency window {_e(patience['consistencyWindowSeconds'])} s; Operation "
        f"timeout {_e(patience['operationTimeoutSeconds'])} s</li>",
        f"<li>Lists re-read: {_e(patience['readsThatWaited'])} ({_e(patience['extraPolls'])} "
        f"extra polls, {_e(patience['secondsWaited'])} s waited, longest "
        f"{_e(patience['longestWaitSeconds'])} s; {_e(patience['readsUnsettledAtWindowEnd'])} "
        "still lagging at the window's end)</li>",
        *(
            f"<li>Still lagging: {_e(described(read))}</li>"
            for read in patience.get("readsUnsettled", [])
        ),
        *(
            f"<li>Window read whole to prove that nothing appeared: {_e(described(read))}: "
            f"{_e(read['why'])}</li>"
            for read in patience.get("absenceWaits", [])
        ),
        f"<li>Sent again after 429/503: {_e(retried)}; fuzzed cases unjudged (busy): "
        f"{_e(patience['fuzzCasesUnjudgedBusy'])}</li>",
        "</ul></section>",
    ]


def _skipped(tests: dict[str, dict[str, Any]]) -> list[str]:
    reasons: dict[str, list[str]] = defaultdict(list)
    for name, entry in tests.items():
        if entry["outcome"] == "skipped":
            reasons[str(entry.get("reason", ""))].append(name)
    inconclusive = sorted(r for r in reasons if r.startswith(INCONCLUSIVE))
    others = sorted(set(reasons) - set(inconclusive))

    def listed(items: list[str]) -> list[str]:
        return [
            f"<li>{_e(r)} <span class='muted'>({len(reasons[r])} test(s))</span></li>"
            for r in items
        ]

    return [
        f'<section id="inconclusive"><h2>Inconclusive ({len(inconclusive)})</h2><ul>',
        *listed(inconclusive),
        "</ul></section>",
        f'<section id="skipped"><h2>Skipped ({len(others)})</h2><ul>',
        *listed(others),
        "</ul></section>",
    ]


def _history(history: dict[str, Any] | None) -> list[str]:
    if not history:
        return []
    lines = [
        '<section id="history"><h2>History</h2>',
        '<div class="cards">',
        *(
            f'<div class="card" data-history="{k}"><b>{len(history[k])}</b>{label}</div>'
            for k, label in (
                ("new", "new"),
                ("stillPresent", "still present"),
                ("flapping", "flapping"),
                ("fixed", "fixed"),
            )
        ),
        "</div>",
        _trend(history["trend"]),
    ]
    for name, title in (("flapping", "Flapping"), ("fixed", "Fixed"), ("new", "New")):
        if history[name]:
            lines += [
                f"<h3>{title}</h3><table><tr><th>Finding</th><th>First seen</th>"
                "<th>Last seen</th><th>Nights seen</th><th>Flaps</th></tr>",
                *(
                    f"<tr><td><span class='badge {_e(e['impact'])}'>{_e(e['impact'])}</span> "
                    f"{_e(e['operation'])}: <b>{_e(e['check'])}</b></td>"
                    f"<td>{_e(e['firstSeen'])}</td><td>{_e(e['lastSeen'])}</td>"
                    f"<td>{_e(e['timesSeen'])}</td><td>{_e(e['flaps'])}</td></tr>"
                    for e in history[name]
                ),
                "</table>",
            ]
    return [*lines, "</section>"]


def _trend(nights: list[dict[str, Any]]) -> str:
    """Findings per night as an inline SVG bar chart (the newest on the right)."""
    if not nights:
        return ""
    width, height, gap = 14, 80, 3
    top = max(1, *(int(n["findings"]) for n in nights))
    bars = []
    for i, night in enumerate(nights):
        h = round(height * int(night["findings"]) / top)
        bars.append(
            f'<rect x="{i * (width + gap)}" y="{height - h}" width="{width}" height="{h}" '
            f'fill="#6366f1"><title>{_e(night["startedAt"])}: {_e(night["findings"])} '
            f"finding(s), {_e(night['new'])} new, {_e(night['fixed'])} fixed</title></rect>"
        )
    total = len(nights) * (width + gap)
    return (
        f"<p>Trend over {len(nights)} night(s), findings per night (max {top}):</p>"
        f'<svg id="trend" xmlns="http://www.w3.org/2000/svg" width="{total}" height="{height}" '
        f'viewBox="0 0 {total} {height}" role="img">{"".join(bars)}</svg>'
    )
