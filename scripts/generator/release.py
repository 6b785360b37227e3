"""The generated client's version and changelog, derived from the spec on every regeneration.

The client's version is the spec's `info.version` (openapi-python-client's default, so
config.yaml sets none). What changed is `scripts/spec_diff.py`'s judgement between two specs
that generated/ keeps beside the code, so every regeneration is reproducible from the checkout:

- `spec.yaml`: the spec this client was generated from;
- `spec.previous.yaml`: the spec of the previous client version (absent for the first one).

What the spec cannot show, a change of the templates (a new helper), is written by hand in
`helper_changes.yaml` beside this module, under the client version it ships in; that version's
section lists it under "Helpers".

A regeneration at a new `info.version` makes the last `spec.yaml` the previous one; at the same
version it keeps it, and the version's CHANGELOG.md section is rewritten from the diff. A
breaking change (spec_diff) between the previous version and this one needs a new major version:
without one, `nox -s generate` writes nothing and `nox -s generate -- --check` fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from comms_spec import escape, operations_by_id, parse_spec
from scripts.spec_diff import breaking_changes

# Template changes per client version (a mapping "MAJOR.MINOR.PATCH": [notes]).
HELPER_CHANGES = Path(__file__).resolve().parent / "helper_changes.yaml"
SPEC = "spec.yaml"
PREVIOUS = "spec.previous.yaml"
CHANGELOG = "CHANGELOG.md"
FILES = (SPEC, PREVIOUS, CHANGELOG)  # what this module adds to generated/
HEADER = (
    "# Changelog\n\n"
    "Written by `nox -s generate` from the spec's `info.version` and `scripts/spec_diff.py`\n"
    "(and, for template changes, `scripts/generator/helper_changes.yaml`); never edited by hand.\n"
)


class VersionError(ValueError):
    """The spec's version does not say what its changes do to clients."""


@dataclass
class Changes:
    version: str
    previous: str | None
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    breaking: list[str] = field(default_factory=list)
    now_documented: list[str] = field(default_factory=list)
    helpers: list[str] = field(default_factory=list)  # template changes (HELPER_CHANGES)
    unchanged: bool = False  # the very same spec

    @property
    def required_bump(self) -> str:
        """The least bump of `previous` these changes need (semantic versioning)."""
        if self.previous is None or self.unchanged:
            return "none"
        if self.breaking:
            return "major"
        return "minor" if self.added or self.now_documented else "patch"

    def section(self) -> str:
        title = f"## {self.version}"
        if self.previous is None:
            lines = [title, "", "First version. Operations:", ""]
            return "\n".join([*lines, *(f"- `{op}`" for op in self.added), ""])
        lines = [
            title,
            "",
            f"Changes since {self.previous} (least bump: {self.required_bump}).",
            "",
        ]
        for heading, items in (
            ("Breaking changes", self.breaking),
            ("Added operations", self.added),
            ("Removed operations", self.removed),
            ("Inferred, now documented", self.now_documented),
            ("Helpers", self.helpers),
        ):
            if items:
                lines += [f"### {heading}", "", *(f"- {item}" for item in items), ""]
        if len(lines) == 4:
            lines += ["No client-visible change to operations or their contracts.", ""]
        return "\n".join(lines)


def helper_changes(version: str, path: Path = HELPER_CHANGES) -> list[str]:
    """The template changes recorded for the client `version` (none when the file lacks it)."""
    if not path.is_file():
        return []
    recorded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(recorded, dict):
        raise VersionError(f"{path.name} must map versions to lists of notes")
    notes = recorded.get(version, [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise VersionError(f"{path.name}: {version} must be a list of notes")
    return notes


def _version(spec: dict[str, Any]) -> str:
    version = spec.get("info", {}).get("version")
    if not isinstance(version, str) or not _is_semver(version):
        raise VersionError(f"info.version must be MAJOR.MINOR.PATCH, not {version!r}")
    return version


def _is_semver(text: str) -> bool:
    parts = text.split(".")
    return len(parts) == 3 and all(p.isdigit() for p in parts)


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def _provenance(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        if isinstance(node.get("x-provenance"), str):
            yield pointer or "/", node["x-provenance"]
        for key, value in node.items():
            yield from _provenance(value, f"{pointer}/{escape(key)}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _provenance(value, f"{pointer}/{index}")


def compare(previous: dict[str, Any] | None, current: dict[str, Any]) -> Changes:
    """What `current` changes for clients of `previous` (None: there was no client before)."""
    version = _version(current)
    if previous is None:
        return Changes(version, None, added=sorted(operations_by_id(current)))
    old_version = _version(previous)
    old_ops, new_ops = operations_by_id(previous), operations_by_id(current)
    old_marks = dict(_provenance(previous))
    changes = Changes(
        version,
        old_version,
        added=sorted(new_ops.keys() - old_ops.keys()),
        removed=sorted(old_ops.keys() - new_ops.keys()),
        breaking=breaking_changes(previous, current),
        now_documented=[
            f"`{pointer}`"
            for pointer, mark in _provenance(current)
            if mark == "documented" and old_marks.get(pointer) == "inferred"
        ],
        unchanged=previous == current,
    )
    if _key(version) < _key(old_version):
        raise VersionError(f"info.version {version} is lower than the previous {old_version}")
    if changes.breaking and _key(version)[0] == _key(old_version)[0]:
        listed = "\n".join(f"  - {change}" for change in changes.breaking)
        raise VersionError(
            f"breaking change(s) since {old_version} need a new major version, but info.version "
            f"is {version}:\n{listed}"
        )
    return changes


def _read(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    return parse_spec(path.read_text(encoding="utf-8"), str(path))


def write_release_files(spec_text: str, generated: Path, fresh: Path) -> Changes:
    """Put the spec snapshots and CHANGELOG.md for this regeneration into `fresh`, from the
    ones in `generated` (the committed client). Raises VersionError on a dishonest version."""
    current = parse_spec(spec_text)
    last_text = (
        (generated / SPEC).read_text(encoding="utf-8") if (generated / SPEC).is_file() else None
    )
    last = None if last_text is None else parse_spec(last_text)
    if last is not None and _version(last) != _version(current):
        previous_text: str | None = last_text  # a new version: the last one is now the previous
    else:
        path = generated / PREVIOUS
        previous_text = path.read_text(encoding="utf-8") if path.is_file() else None
    previous = None if previous_text is None else parse_spec(previous_text)
    changes = compare(previous, current)
    changes.helpers = helper_changes(changes.version)
    (fresh / SPEC).write_text(spec_text, encoding="utf-8")
    if previous_text is not None:
        (fresh / PREVIOUS).write_text(previous_text, encoding="utf-8")
    (fresh / CHANGELOG).write_text(_changelog(generated / CHANGELOG, changes), encoding="utf-8")
    return changes


def _changelog(existing: Path, changes: Changes) -> str:
    """This version's section on top of the older versions' (kept as they were written)."""
    older: list[str] = []
    if existing.is_file():
        body = existing.read_text(encoding="utf-8").split("\n## ")[1:]
        older = [
            "## " + s.rstrip("\n") + "\n" for s in body if s.split("\n", 1)[0] != changes.version
        ]
    return "\n".join([HEADER, changes.section(), *older]).rstrip("\n") + "\n"
