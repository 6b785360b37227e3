"""Normal forms of exchanges: what is left of a request and its answer once every value that
legitimately differs between targets (or runs) is masked.

What is masked, and where the rule comes from:
- IDs: every component schema with an anchored ID pattern (`SenderPoolId`, `SenderId`, ...)
  names a kind; each distinct ID becomes `<Kind#n>`, numbered by first appearance in the
  stream, so "the pool created first" is the same placeholder on both targets.
- Timestamps: every property the spec types `format: date-time` becomes `<date-time>`.
- Page tokens: the properties of the spec's `Pagination` schema become `<page-token>`.
- Run tags: the suite's `conformanceRun` tag value becomes `<run-tag>`.
- The target's own API base in URLs becomes `<api>`; credentials become `[REDACTED]`; phone
  numbers and email addresses become `<phone#n>` / `<email#n>`.
- The free-text `message` of an error body becomes `<text>` (wording is not behaviour).

The normaliser also remembers every value it masked (`bound`: placeholder -> live value), so
a replay can turn a transcript's placeholders back into the values its own target handed out.
Timestamps and page tokens are numbered by occurrence for that purpose (`<date-time#3>` is the
third timestamp seen), but compare as the constant `<date-time>` / `<page-token>`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from comms_spec import Contract, resolve
from contract_tests._safety import RUN_TAG
from contract_tests.redaction import Redactor

API = "<api>"
DATE_TIME = "<date-time>"
PAGE_TOKEN = "<page-token>"
RUN_TAG_VALUE = "<run-tag>"
TEXT = "<text>"
PLACEHOLDER = re.compile(r"<(?P<kind>[A-Za-z.-]+)#(?P<n>\d+)>")
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

    # --- learning ----------------------------------------------------------------------------

    def _new(self, kind: str, value: str, *, dedupe: bool = True) -> str:
        if dedupe and value in self.learned:
            return self.learned[value]
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
                self._new("date-time", value, dedupe=False)
                return DATE_TIME
            if key in self.vocabulary.token_keys:
                self._new("page-token", value, dedupe=False)
                return PAGE_TOKEN
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
