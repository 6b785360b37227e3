"""Audit the spec's citations literally: `python -m scripts.citation_audit [--seed N]
[--sample K] [--copies DIR]`.

Draws K citations (`x-source` entries; 0 = all) with a fixed seed, and checks every fact each
states against the copy of the page it names (the seeds in ../shared/seeds by default), the way
`comms-docs-check` reads a page. A page with no copy held is checked against its entry in
spec/sources.yaml only (`claims-sourced` does that for every citation) and marked "index".
Prints one line per citation; exit 0 when every checked fact holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from comms_spec import load_spec
from comms_spec.checks.sources import check_sources, load_index
from comms_spec.docs_check.claims import cited_facts, citing_pointers
from comms_spec.docs_check.facts import HOLDS, judge

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--sample", type=int, default=30, help="how many citations; 0 = all")
    parser.add_argument("--copies", type=Path, default=SEEDS)
    args = parser.parse_args(argv)
    spec, index = load_spec(), load_index()
    citations = sorted(
        (where, url) for url, pointers in citing_pointers(spec).items() for where in pointers
    )
    drawn = (
        citations
        if args.sample == 0
        else random.Random(args.seed).sample(citations, min(args.sample, len(citations)))
    )
    facts = cited_facts(spec)
    index_findings = {f.where for f in check_sources(spec, index)}
    failed = 0
    for where, url in drawn:
        page = index.get(url, {})
        stated = [f for f in facts if f.where == where and f.url == url]
        copy = args.copies / str(page["copy"]) if "copy" in page else None
        if copy is not None and copy.is_file():
            text = copy.read_text(encoding="utf-8")
            bad = [f.label for f in stated if judge(f, text).state != HOLDS]
            how = f"copy {copy.name}"
        else:
            bad = ["not recorded in sources.yaml"] if where in index_findings else []
            how = "index"
        failed += bool(bad)
        verdict = "holds" if not bad else "FAILS: " + "; ".join(bad)
        print(f"{verdict:<8} {where} <- {url} ({how}, {len(stated)} fact(s))")
    print(f"{len(drawn)} citation(s) audited, {failed} failing (seed {args.seed})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
