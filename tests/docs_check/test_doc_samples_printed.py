"""A doc sample that names a seed page prints only what that page prints, or says it was
assembled (spec/doc-samples.yaml: a `note` starting "Assembled:")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from comms_spec.checks.doc_samples import load_samples
from tests.docs_check.conftest import SEEDS

SEED = re.compile(r"\(seed (\d{3})")


def _scalars(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _scalars(item)
    elif isinstance(value, list):
        for item in value:
            yield from _scalars(item)
    elif value is None:
        yield "null"
    elif isinstance(value, bool):
        yield str(value).lower()
    else:
        yield str(value)


def unprinted(sample: dict[str, Any], seeds: dict[str, str]) -> list[str]:
    """The values of a seed-naming, unassembled sample that its seed does not print."""
    named = SEED.search(str(sample.get("source", "")))
    if named is None or str(sample.get("note", "")).startswith("Assembled:"):
        return []
    text = seeds[named.group(1)]
    payload = sample.get("body", sample.get("parameters"))
    return [value for value in _scalars(payload) if value not in text]


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip(f"no seed pages at {SEEDS}")
    return {path.name[:3]: path.read_text(encoding="utf-8") for path in SEEDS.iterdir()}


def test_every_seed_sample_prints_only_what_its_seed_prints(seeds: dict[str, str]) -> None:
    samples = load_samples()
    assert sum(bool(SEED.search(str(s.get("source", "")))) for s in samples) >= 10
    assert {s["name"]: unprinted(s, seeds) for s in samples if unprinted(s, seeds)} == {}


def test_a_value_no_seed_prints_is_caught_unless_the_sample_says_assembled(
    seeds: dict[str, str],
) -> None:
    [sample] = [s for s in load_samples() if s["name"] == "create-sender-pool-fern-request"]
    altered = {**sample, "body": {**sample["body"], "name": "Sales Leads - EMEA"}}
    assert unprinted(altered, seeds) == ["Sales Leads - EMEA"]
    assert unprinted({**altered, "note": "Assembled: renamed"}, seeds) == []
