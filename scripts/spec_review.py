"""What a spec change means for the generated client's version, for pull requests:
`python -m scripts.spec_review [--base REV | OLD NEW] [--summary FILE]`.

Compares the spec at REV (default: origin/main) with the working tree (or two files) the way
`nox -s generate` does (scripts/generator/release.py): breaking changes, added operations,
inferred→documented moves, and the least version bump they need; then which cited facts the
change touches (the facts `comms-docs-check` watches on the docs pages: a citation added,
dropped or restated, by JSON pointer and page). Writes that as Markdown to
FILE (default: $GITHUB_STEP_SUMMARY when set) and prints it. Exit 0 when the version is honest,
1 when a breaking change comes without a major bump (or the version goes down or is not
MAJOR.MINOR.PATCH), 2 when the specs cannot be read.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from comms_spec import DEFAULT_SPEC_PATH, parse_spec
from comms_spec.docs_check.claims import CitedFact, cited_facts
from scripts.generator.release import Changes, VersionError, compare
from scripts.spec_diff import breaking_changes, spec_at


def cited_fact_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Markdown lines: each cited fact the change adds or drops, by claim and page."""

    def keyed(spec: dict[str, Any]) -> set[tuple[str, str, str]]:
        return {(f.where, f.url, _label(f)) for f in cited_facts(spec)}

    before, after = keyed(old), keyed(new)
    lines = [
        f"- {sign} `{where}` {label} ({url})"
        for sign, facts in (("added", after - before), ("dropped", before - after))
        for where, url, label in sorted(facts)
    ]
    return lines


def _label(fact: CitedFact) -> str:
    return fact.label + (f" [{fact.snapshot}]" if fact.snapshot else "")


def _cited_section(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    changes = cited_fact_changes(old, new)
    if not changes:
        return ["", "#### Cited facts", "", "No cited fact changes."]
    return ["", f"#### Cited facts this change touches ({len(changes)})", "", *changes]


def summary(old: dict[str, Any], new: dict[str, Any]) -> tuple[str, bool]:
    """The Markdown summary, and whether the new version is acceptable."""
    versions = f"{old.get('info', {}).get('version')} → {new.get('info', {}).get('version')}"
    try:
        changes: Changes = compare(old, new)
    except VersionError as error:
        lines = [
            "## Spec change: version not acceptable",
            "",
            f"Spec version {versions}.",
            "",
            "```",
            str(error),
            "```",
        ]
        breaking = breaking_changes(old, new)
        if breaking:
            lines += ["", "Required bump: **major**"]
        lines += _cited_section(old, new)
        return "\n".join(lines) + "\n", False
    body = changes.section().split("\n", 1)[1]  # the changelog section, under our own title
    lines = [
        "## Spec change for the generated client",
        "",
        f"Spec version {versions}; required bump: **{changes.required_bump}**; "
        f"{len(changes.breaking)} breaking, "
        f"{len(changes.added) + len(changes.now_documented)} additive.",
        body.replace("### ", "#### ").rstrip("\n"),
        *_cited_section(old, new),
    ]
    return "\n".join(lines).rstrip("\n") + "\n", True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, help="OLD NEW (default: REV vs tree)")
    parser.add_argument("--base", default="origin/main", help="git revision to compare with")
    parser.add_argument("--summary", type=Path, default=os.environ.get("GITHUB_STEP_SUMMARY"))
    args = parser.parse_args(argv)
    try:
        if args.files:
            if len(args.files) != 2:
                parser.error("give two files, OLD and NEW")
            old_text, new_text = (p.read_text(encoding="utf-8") for p in args.files)
        else:
            old_text = spec_at(args.base)
            new_text = DEFAULT_SPEC_PATH.read_text(encoding="utf-8")
        old, new = parse_spec(old_text), parse_spec(new_text)
    except (OSError, ValueError, subprocess.CalledProcessError, yaml.YAMLError) as error:
        print(f"spec_review: cannot read the specs: {error}", file=sys.stderr)
        return 2
    if not isinstance(old, dict) or not isinstance(new, dict):
        print("spec_review: a spec is not a mapping", file=sys.stderr)
        return 2
    text, acceptable = summary(old, new)
    print(text)
    if args.summary:
        with Path(args.summary).open("a", encoding="utf-8") as handle:
            handle.write(text)
    return 0 if acceptable else 1


if __name__ == "__main__":
    sys.exit(main())
