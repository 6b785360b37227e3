"""Normal forms of exchanges: what is left of a request and its answer once every value that
legitimately differs between targets (or runs) is masked.

What is masked, and where the rule comes from:
- IDs: every component schema with an anchored ID pattern (`SenderPoolId`, `SenderId`, ...)
  names a kind; each distinct ID becomes `<Kind#n>`, numbered by first appearance in the
  stream, so "the pool created first" is the same placeholder on both targets.
- Timestamps: every property the spec types `format: date-time` becomes `<date-time#n>`.
- Page tokens: the properties of the spec's `Pagination` schema become `<page-token#n>`.
- Run tags: the suite's `conformanceRun` tag value becomes `<run-tag>`.
- The target's own API base in URLs becomes `<api>`; credentials become `[REDACTED]`; phone
  numbers and email addresses become `<phone#n>` / `<email#n>`.
- The free-text `message` of an error body becomes `<text>` (wording is not behaviour).

The normaliser also remembers every value it masked (`bound`: placeholder -> live value), so
a replay can turn a transcript's placeholders back into the values its own target handed out.
Timestamps and page tokens are numbered by occurrence for that purpose (`<date-time#3>` is the
third timestamp seen), but compare as equal whatever their numbers (`plain`). A replay first
*aligns* each live answer with the recorded one (`align`): a value the live target returns
where the recording has a placeholder takes that placeholder, so one extra item in an earlier
listing does not shift every later number.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from comms_spec import Contract, resolve
from contract_tests._redaction import Redactor
from contract_tests._safety import RUN_TAG

API = "<api>"
DATE_TIME_KIND = "date-time"
PAGE_TOKEN_KIND = "page-token"
RUN_TAG_VALUE = "<run-tag>"
TEXT = "<text>"
PLACEHOLDER = re.compile(r"<(?P<kind>[A-Za-z.-]+)#(?P<n>\d+)>")
# Timestamps and page tokens are numbered only so a replay can find them again; as answers,
# any timestamp equals any other.
_OCCURRENCE = re.compile(rf"<({DATE_TIME_KIND}|{PAGE_TOKEN_KIND})#\d+>")
# Not spec values: what a transcript must never carry, wherever it appears.
_PHONE = re.compile(r"\+[1-9][0-9]{6,14}\b")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


class Vocabulary:
    """What the contract says about volatile values, read once per run."""

    def __init__(self, contract: Contract) -> None:
        schemas = contract.document.get("components", {}).get("schemas", {})
        self.id_patterns: list[tuple[str, re.Pattern[str]]] = []
        for name in schemas:
            try:
                contract.id_prefix(name)
            except ValueError:
                continue
            pattern = contract.schema(name)["pattern"].removeprefix("^").removesuffix("$")
            self.id_patterns.append((name, re.compile(pattern)))
        dates, maps, ids = _special_properties(contract.document, schemas)
        self.date_keys = frozenset(dates)
        self.map_keys = frozenset(maps)  # free-form maps (tags): their keys are data
        known = {pattern.pattern for _, pattern in self.id_patterns}
        for kind, pattern in ids.items():
            if pattern not in known:
                # No literal prefix to anchor it in free text: it must stand alone there.
                standalone = rf"(?<![A-Za-z0-9])(?:{pattern})(?![A-Za-z0-9])"
                self.id_patterns.append((kind, re.compile(standalone)))
        self.token_keys = frozenset(contract.schema("Pagination").get("properties", {}))
        self.error_codes = contract.error_codes

    def id_kind(self, value: str) -> str | None:
        for kind, pattern in self.id_patterns:
            if pattern.fullmatch(value):
                return kind
        return None


def _special_properties(
    document: dict[str, Any], schemas: dict[str, Any]
) -> tuple[set[str], set[str], dict[str, str]]:
    """Property names the spec types `format: date-time`; those it types as free-form maps
    (an object with `additionalProperties` and no named properties); and the anchored
    patterns of inline ID properties (`id`, `...Id`, `...Sid`), by `Schema.property`."""
    dates: set[str] = set()
    maps: set[str] = set()
    ids: dict[str, str] = {}
    seen: set[int] = set()

    def walk(node: Any, owner: str) -> None:
        node = resolve(document, node) if isinstance(node, dict) else node
        if not isinstance(node, dict) or id(node) in seen:
            return
        seen.add(id(node))
        for name, prop in node.get("properties", {}).items():
            resolved = resolve(document, prop)
            if resolved.get("format") == "date-time":
                dates.add(name)
            if isinstance(resolved.get("additionalProperties"), dict) and not resolved.get(
                "properties"
            ):
                maps.add(name)
            pattern = str(resolved.get("pattern", ""))
            named_id = name == "id" or name.endswith(("Id", "Sid"))
            if named_id and pattern.startswith("^") and pattern.endswith("$"):
                ids.setdefault(f"{owner}.{name}", pattern[1:-1])
            walk(prop, owner)
        for key in ("items", "additionalProperties"):
            walk(node.get(key), owner)
        for key in ("allOf", "oneOf", "anyOf"):
            for sub in node.get(key, []):
                walk(sub, owner)

    for name, schema in schemas.items():
        walk(schema, name)
    return dates, maps, ids


class Normaliser:
    """The normal forms of one stream of exchanges with one target (stateful: IDs are numbered
    as they first appear)."""

    def __init__(
        self, vocabulary: Vocabulary, api_base: str, secrets: Iterable[str], run_id: str
    ) -> None:
        self.vocabulary = vocabulary
        self.api_base = api_base.rstrip("/")
        self.redactor = Redactor(secrets)
        self.run_id = run_id
        self.learned: dict[str, str] = {}  # live value -> placeholder
        self.bound: dict[str, str] = {}  # placeholder -> live value
        self._counts: dict[str, int] = {}
        # Timestamps and tokens a replay aligned with the recording, not yet met in normalising.
        self._pending: dict[str, list[str]] = {}

    # --- learning ----------------------------------------------------------------------------

    def _new(self, kind: str, value: str, *, dedupe: bool = True) -> str:
        if dedupe and value in self.learned:
            return self.learned[value]
        if not dedupe and self._pending.get(value):
            return self._pending[value].pop(0)
        self._counts[kind] = self._counts.get(kind, 0) + 1
        placeholder = f"<{kind}#{self._counts[kind]}>"
        self.bound[placeholder] = value
        self.learned.setdefault(value, placeholder)
        return placeholder

    def _learn_match(self, kind: str, match: re.Match[str]) -> str:
        return self._new(kind, match.group(0))

    def bind(self, placeholder: str, value: str) -> None:
        """Give a placeholder a value (a replay's substitute for a masked input)."""
        kind = PLACEHOLDER.fullmatch(placeholder)
        if kind is not None:
            count = int(kind["n"])
            self._counts[kind["kind"]] = max(self._counts.get(kind["kind"], 0), count)
        self.bound[placeholder] = value
        self.learned.setdefault(value, placeholder)

    # --- responses ---------------------------------------------------------------------------

    def response_body(self, body: Any, *, error: bool = False) -> Any:
        return self._value(body, key=None, error=error)

    def _value(self, value: Any, *, key: str | None, error: bool) -> Any:
        if isinstance(value, dict):
            out = {}
            for k in sorted(value):
                if k == RUN_TAG and isinstance(value[k], str):
                    out[k] = RUN_TAG_VALUE
                elif error and k == "message" and isinstance(value[k], str):
                    out[k] = TEXT
                else:
                    out[k] = self._value(value[k], key=k, error=error)
            return out
        if isinstance(value, list):
            return [self._value(item, key=key, error=error) for item in value]
        if isinstance(value, str):
            if key in self.vocabulary.date_keys:
                return self._new(DATE_TIME_KIND, value, dedupe=False)
            if key in self.vocabulary.token_keys:
                return self._new(PAGE_TOKEN_KIND, value, dedupe=False)
            return self.text(value)
        return value

    def text(self, value: str) -> str:
        """A free string: API base, IDs, phone numbers, emails and credentials masked; IDs
        and contact details are learned."""
        value = self.redactor.redact(value)
        if self.api_base:
            value = value.replace(self.api_base, API)
        for kind, pattern in self.vocabulary.id_patterns:
            value = pattern.sub(functools.partial(self._learn_match, kind), value)
        value = _PHONE.sub(lambda m: self._new("phone", m.group(0)), value)
        return _EMAIL.sub(lambda m: self._new("email", m.group(0)), value)

    # --- replay alignment ----------------------------------------------------------------------

    def align(self, raw: Any, expected: Any) -> None:
        """Learn, from a live answer, the values standing where the recorded answer (in normal
        form) has placeholders, unless either side is already taken."""
        if isinstance(raw, dict) and isinstance(expected, dict):
            for key in sorted(raw.keys() & expected.keys()):  # the order normalising uses
                self.align(raw[key], expected[key])
        elif isinstance(raw, list) and isinstance(expected, list):
            for item, recorded in zip(raw, expected, strict=False):
                self.align(item, recorded)
        elif isinstance(raw, str) and isinstance(expected, str):
            whole = PLACEHOLDER.fullmatch(expected)
            if whole and whole["kind"] in (DATE_TIME_KIND, PAGE_TOKEN_KIND):
                if expected not in self.bound:  # equal timestamps are still two occurrences
                    self.bind(expected, raw)
                    self._pending.setdefault(raw, []).append(expected)
                return
            wanted = [(m["kind"], m.group(0)) for m in PLACEHOLDER.finditer(expected)]
            found = self._values_in(raw)
            if wanted and [k for k, _ in wanted] == [k for k, _ in found]:
                for (_, placeholder), (_, value) in zip(wanted, found, strict=True):
                    self._take(placeholder, value)

    def _take(self, placeholder: str, value: str) -> None:
        if placeholder not in self.bound and value not in self.learned:
            self.bind(placeholder, value)

    def _values_in(self, text: str) -> list[tuple[str, str]]:
        """(kind, value) of each ID, phone number and email address in `text`, in order."""
        found = [
            (m.start(), kind, m.group(0))
            for kind, p in self.vocabulary.id_patterns
            for m in p.finditer(text)
        ]
        found += [(m.start(), "phone", m.group(0)) for m in _PHONE.finditer(text)]
        found += [(m.start(), "email", m.group(0)) for m in _EMAIL.finditer(text)]
        return [(kind, value) for _, kind, value in sorted(found)]

    # --- requests ----------------------------------------------------------------------------

    def request_text(self, value: str) -> str:
        """A request value: a value learned from an earlier answer becomes its placeholder; an
        ID the stream never saw stays literal (it is an input, e.g. an unknown-ID probe)."""
        if value in self.learned:
            return self.learned[value]
        value = self.redactor.redact(value)
        if self.api_base:
            value = value.replace(self.api_base, API)
        for _, pattern in self.vocabulary.id_patterns:
            value = pattern.sub(lambda m: self.learned.get(m.group(0), m.group(0)), value)
        if self.run_id:
            value = value.replace(self.run_id, RUN_TAG_VALUE)
        value = _PHONE.sub(lambda m: self._new("phone", m.group(0)), value)
        return _EMAIL.sub(lambda m: self._new("email", m.group(0)), value)

    def request_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: RUN_TAG_VALUE if k == RUN_TAG and isinstance(v, str) else self.request_value(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self.request_value(item) for item in value]
        if isinstance(value, str):
            return self.request_text(value)
        return value

    # --- replay ------------------------------------------------------------------------------

    def unmask(self, value: Any) -> Any:
        """A transcript's request value with its placeholders replaced by this stream's live
        values. Raises KeyError naming a placeholder this stream never bound."""
        if isinstance(value, dict):
            return {k: self.unmask(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.unmask(item) for item in value]
        if not isinstance(value, str):
            return value
        value = value.replace(RUN_TAG_VALUE, self.run_id).replace(API, self.api_base)
        return PLACEHOLDER.sub(lambda m: self.bound[m.group(0)], value)

    def placeholders(self, value: Any) -> list[str]:
        """Every placeholder in a (transcript) value, in order."""
        if isinstance(value, dict):
            return [p for v in value.values() for p in self.placeholders(v)]
        if isinstance(value, list):
            return [p for v in value for p in self.placeholders(v)]
        return [m.group(0) for m in PLACEHOLDER.finditer(value)] if isinstance(value, str) else []


def plain(value: Any) -> Any:
    """A normal form with timestamps and page tokens unnumbered, for comparing answers."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return _OCCURRENCE.sub(r"<\1>", value)
    return value
