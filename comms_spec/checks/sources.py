"""Every constraint the spec states says where it came from, and agrees with that source.

A constraint is one claim a client could rely on: a `pattern`, an `enum`, a limit (`minimum`,
`maxItems`, ...), a `required` list, `uniqueItems`, `additionalProperties: false`, nullability
(a `type` that includes "null"), a `default`, a status code an operation declares, or a header a
response declares. Each is labelled, at the narrowest node that is true:

- documented: the node (or the nearest ancestor that carries a label) has
  `x-source: {url, states}` (or a list of them). `url` must be a page of `spec/sources.yaml`, and
  `states` gives the documented facts as data, keyed like the spec (`maxItems: 10000`,
  `required: [...]`, `statuses: [200, 400]`, `headers: [Location]`). Every constraint covered
  by the label must be stated with the same value, and every constraint the source states must
  be in the spec: a limit changed or dropped on either side is named by its JSON pointer.
- inferred: the node (or the nearest labelled ancestor) has `x-provenance: inferred` and an
  `x-inferred-reason`; or the node lists the keyword in
  `x-inferred: {<keyword>: "Inferred: ..."}`, which marks just that keyword as our decision on
  an otherwise documented node. A documented `pattern` that we anchor with `$` is both: the
  source states the pattern, and `x-inferred.pattern` gives the reason for the anchor.
  A `required` list can be split per name: `x-inferred: {required: {<name>: "Inferred: ..."}}`
  marks just those names as ours, and the rest of the list is the documented claim (its source
  must state exactly the rest), so a client can rely on the documented names.

A status code is documented when its response has no inferred label and a source of the
operation (or of the response itself) states it; a response labels only its code inferred with
`x-inferred: {status: ...}`. `x-provenance: documented` stays on operations and responses
because the drift report reads it; it must come with an `x-source`.

A citation names the narrowest node its fact is about, and the check holds it to that
(docs/spec-maintainers/provenance.md): every `states` key is a keyword of the node it sits on
(a parameter's or header's `schema` counts as the node) or one of the citation words
(`operation` and `statuses` on an operation, `status` on a response, `headers`, `properties`
naming the node's own properties, `body`, `name`, and the free-text `note`, `sample`,
`snapshot`); a key with no value (a flow-style YAML slip) is refused; and a fact must be in the
page's entry of `spec/sources.yaml`: keyword values under a key naming the keyword, statuses and
headers in a list, and each operation, property and error name in the entry's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from comms_spec._extensions import INFERRED_MARKER as MARKER
from comms_spec._extensions import INFERRED_REASON_KEY, inferred_reason
from comms_spec._load import DEFAULT_SPEC_PATH
from comms_spec._operations import HTTP_METHODS
from comms_spec._pointer import pointer
from comms_spec._refs import resolve
from comms_spec.checks._problem import SpecProblem

NAME = "claims-sourced"
DEFAULT_SOURCES_PATH = DEFAULT_SPEC_PATH.parent / "sources.yaml"
SCHEMA_KEYWORDS = (
    "pattern",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "required",
    "default",
)
CHECKED = (*SCHEMA_KEYWORDS, "additionalProperties", "type")
UNORDERED = ("required", "statuses", "headers")
# `states` keys that are not schema keywords: what a citation may say besides constraints.
CITATION_WORDS = ("operation", "statuses", "status", "headers", "properties", "body", "name")
FREE_TEXT = ("note", "sample", "snapshot")
# Facts checked against the words of the page's index entry (names, not values).
NAMED_FACTS = ("operation", "properties", "name")
# Keys whose value maps names to nodes: the names are never keywords.
NAME_MAPS = (
    "properties",
    "patternProperties",
    "$defs",
    "schemas",
    "parameters",
    "responses",
    "headers",
    "content",
    "paths",
    "variables",
    "requestBodies",
)
SKIPPED = ("example", "examples", "links", "info", "security", "securitySchemes", "externalDocs")


def load_index(path: Path = DEFAULT_SOURCES_PATH) -> dict[str, dict[str, Any]]:
    """The pages of `spec/sources.yaml`, by URL."""
    with path.open(encoding="utf-8") as handle:
        pages: list[dict[str, Any]] = yaml.safe_load(handle)["pages"]
    return {page["url"]: page for page in pages}


@dataclass
class _Label:
    kind: str  # "documented", "inferred" or "unsourced" (documented, but no x-source)
    where: str
    states: dict[str, Any] = field(default_factory=dict)
    covered: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Claim:
    keyword: str
    value: Any
    where: str
    label: _Label | None


@dataclass(frozen=True)
class ClaimCounts:
    documented: int
    inferred: int
    unlabelled: int

    def __str__(self) -> str:
        return (
            f"{self.documented} constraints documented with a source, "
            f"{self.inferred} inferred with a reason, {self.unlabelled} unlabelled"
        )


def check_sources(
    spec: dict[str, Any], index: dict[str, dict[str, Any]] | None = None
) -> list[SpecProblem]:
    return _Audit(spec, load_index() if index is None else index).problems


def count_claims(
    spec: dict[str, Any], index: dict[str, dict[str, Any]] | None = None
) -> ClaimCounts:
    audit = _Audit(spec, load_index() if index is None else index)
    return ClaimCounts(audit.documented, audit.inferred, audit.unlabelled)


def _pointer(parent: str, token: str | int) -> str:
    return parent + pointer(token)


def _same(keyword: str, actual: Any, stated: Any) -> bool:
    if keyword in UNORDERED and isinstance(actual, list) and isinstance(stated, list):
        return sorted(map(str, actual)) == sorted(map(str, stated))
    return bool(actual == stated and type(actual) is type(stated))


class _Audit:
    def __init__(self, spec: dict[str, Any], index: dict[str, dict[str, Any]]) -> None:
        self.spec = spec
        self.index = index
        self.problems: list[SpecProblem] = []
        self.claims: list[_Claim] = []
        self.documented = self.inferred = self.unlabelled = 0
        self.labels: dict[str, _Label] = {}
        self._walk(spec, "", None, in_name_map=False)
        self._judge()

    # -- labels -------------------------------------------------------------------------------
    def _label(self, node: dict[str, Any], where: str) -> _Label | None:
        sources = node.get("x-source")
        provenance = node.get("x-provenance")
        if sources is not None:
            if provenance == "inferred":
                self._find(where, "is labelled inferred but also has an x-source")
            states: dict[str, Any] = {}
            for source in sources if isinstance(sources, list) else [sources]:
                if not isinstance(source, dict) or not isinstance(source.get("url"), str):
                    self._find(where, "x-source needs a `url` (and `states`)")
                    continue
                stated = source.get("states")
                page = self.index.get(source["url"])
                if isinstance(stated, dict):
                    self._check_keys(node, where, stated)
                if page is None:
                    self._find(where, f"x-source url {source['url']} is not in spec/sources.yaml")
                elif isinstance(stated, dict):
                    for key, value in stated.items():
                        if not _recorded(page.get("facts"), key, value):
                            self._find(
                                where,
                                f"x-source states {key} {value!r}, but spec/sources.yaml "
                                f"records no such fact for {source['url']}",
                            )
                if isinstance(stated, dict):
                    for key, value in stated.items():
                        if key in ("statuses", "headers") and key in states:
                            states[key] = sorted({*states[key], *value}, key=str)
                        elif (
                            key in CHECKED and key in states and not _same(key, states[key], value)
                        ):
                            self._find(where, f"its sources disagree on {key}")
                        else:
                            states.setdefault(key, value)
                elif not isinstance(stated, str) or not stated.strip():
                    self._find(where, "x-source needs `states`: the facts as data, or a few words")
            label = self.labels.setdefault(where, _Label("documented", where, states))
            if "type" in states and _keyword_of(node, "type") == states["type"]:
                label.covered.add("type")  # a plain `type` (not a nullability claim) is stated
            return label
        if provenance == "documented":
            self._find(where, "is labelled documented but has no x-source")
            return _Label("unsourced", where)
        if provenance == "inferred":
            if inferred_reason(node) is None:
                self._find(where, f"is inferred, but it has no {INFERRED_REASON_KEY}")
            return _Label("inferred", where)
        if provenance is not None:
            self._find(where, f"x-provenance must be documented or inferred, got {provenance!r}")
        return None

    def _check_keys(self, node: dict[str, Any], where: str, stated: dict[str, Any]) -> None:
        """Each stated key is about this very node: a keyword it has, or a citation word that
        fits its kind (so a fact keyed on a parent or a child is named)."""
        tokens = where.split("/")
        is_operation = len(tokens) == 4 and tokens[1] == "paths" and tokens[3] in HTTP_METHODS
        is_response = where.rsplit("/", 2)[-2:-1] == ["responses"]
        for key, value in stated.items():
            if value is None:
                self._find(where, f"x-source states {key!r} with no value (flow-style YAML?)")
            elif key in CHECKED:
                own = _keyword_of(node, key)
                if own is None:
                    self._find(
                        where,
                        f"x-source states {key}, but this node has no {key}: cite the node "
                        "the fact is about",
                    )
                elif key == "type" and own != value:
                    # A nullability fact covers descendants too; on the wrong node it passes
                    # the value checks, so name it here.
                    self._find(
                        where,
                        f"x-source states type {value!r}, but this node's type is {own!r}: "
                        "cite the node the fact is about",
                    )
            elif key in ("operation", "statuses") and not is_operation:
                self._find(where, f"x-source states {key}, but this node is not an operation")
            elif key == "status" and not is_response:
                self._find(where, "x-source states status, but this node is not a response")
            elif key == "operation" and isinstance(value, str):
                method, _, path = value.partition(" ")
                wanted = f"{tokens[3].upper()} /v1{_unescape(tokens[2])}"
                if f"{method} {path}" != wanted:
                    self._find(where, f"x-source states operation {value}, this node is {wanted}")
            elif key == "properties":
                own = _properties_of(node)
                missing = [n for n in value if n not in own] if isinstance(value, list) else []
                if not isinstance(value, list) or missing:
                    self._find(
                        where,
                        f"x-source states properties {value!r}, but this node has no "
                        f"{missing or 'list of'} properties",
                    )
            elif key not in (*CITATION_WORDS, *FREE_TEXT):
                self._find(where, f"x-source states {key!r}, which is not a keyword of this node")

    # -- walking ------------------------------------------------------------------------------
    def _walk(self, node: Any, where: str, label: _Label | None, *, in_name_map: bool) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                self._walk(item, _pointer(where, i), label, in_name_map=False)
            return
        if not isinstance(node, dict):
            return
        if not in_name_map:
            label = self._label(node, where) or label
            self._collect(node, where, label)
            tokens = where.split("/")
            if len(tokens) == 4 and tokens[1] == "paths" and tokens[3] in HTTP_METHODS:
                self._statuses(node, where, label)
            if where.rsplit("/", 2)[-2:-1] == ["responses"] and isinstance(
                node.get("headers"), dict
            ):
                self._headers(node, where, label)
        for key, value in node.items():
            if not isinstance(key, str) or key.startswith("x-") or key in SKIPPED:
                continue
            if not in_name_map and key in SCHEMA_KEYWORDS:
                continue
            child_is_map = not in_name_map and key in NAME_MAPS and isinstance(value, dict)
            self._walk(value, _pointer(where, key), label, in_name_map=child_is_map)

    def _collect(self, node: dict[str, Any], where: str, label: _Label | None) -> None:
        inferred = node.get("x-inferred", {})
        if not isinstance(inferred, dict):
            self._find(where, "x-inferred must map keywords to 'Inferred: ...' reasons")
            inferred = {}
        for keyword, reason in inferred.items():
            if keyword == "required" and isinstance(reason, dict):
                self._check_required_split(node, where, reason)
            elif not isinstance(reason, str) or not reason.startswith(MARKER):
                self._find(where, f"x-inferred.{keyword} must be a reason starting '{MARKER}'")
        found: list[tuple[str, Any]] = [
            (k, node[k])
            for k in SCHEMA_KEYWORDS
            if k in node and not (k == "required" and not isinstance(node[k], list))
        ]
        if node.get("additionalProperties") is False:
            found.append(("additionalProperties", False))
        if node.get("x-unique-items") is True:  # `uniqueItems` as the generators can read it
            found.append(("uniqueItems", True))
        if isinstance(node.get("type"), list) and "null" in node["type"]:
            found.append(("type", node["type"]))
        is_response = where.rsplit("/", 2)[-2:-1] == ["responses"]
        for keyword in inferred:
            if keyword not in {k for k, _ in found} and not (keyword == "status" and is_response):
                self._find(where, f"x-inferred.{keyword} names no constraint of this node")
        for keyword, value in found:
            own = label if label is not None and label.where == where else None
            if keyword == "required" and isinstance(inferred.get("required"), dict):
                # Split per name: the named ones are ours, the rest is a claim of its own.
                self.inferred += 1
                ours = inferred["required"]
                self.claims.append(
                    _Claim(keyword, [n for n in value if n not in ours], where, label)
                )
                continue
            if keyword in inferred:
                self.inferred += 1
                if keyword == "pattern" and own is not None and "pattern" in own.states:
                    # A documented pattern that we anchor: the source must state it unanchored.
                    stated = own.states["pattern"]
                    if value not in (stated, f"{stated}$"):
                        self._find(where, f"pattern is {value!r} but its source states {stated!r}")
                    own.covered.add("pattern")
                    self.documented += 1
                elif own is not None and keyword in own.states:
                    self._find(where, f"{keyword} is marked inferred but its source states it")
                continue
            self.claims.append(_Claim(keyword, value, where, label))

    def _check_required_split(
        self, node: dict[str, Any], where: str, reasons: dict[str, Any]
    ) -> None:
        required = node.get("required", [])
        for name, reason in reasons.items():
            if not isinstance(reason, str) or not reason.startswith(MARKER):
                self._find(
                    where, f"x-inferred.required.{name} must be a reason starting '{MARKER}'"
                )
            if name not in required:
                self._find(where, f"x-inferred.required.{name} names no required property")

    def _statuses(self, op: dict[str, Any], where: str, label: _Label | None) -> None:
        declared = op.get("responses", {})
        for status, holder in declared.items():
            at = _pointer(_pointer(where, "responses"), status)
            response = resolve(self.spec, holder)
            if not isinstance(response, dict):
                continue
            inferred = response.get("x-inferred", {})
            if (isinstance(inferred, dict) and "status" in inferred) or response.get(
                "x-provenance"
            ) == "inferred":
                self.inferred += 1
                continue
            # An inline response may state its own code; a shared one cannot speak for this one.
            own = None if "$ref" in holder else response.get("x-source")
            own_states: list[Any] = []
            for source in own if isinstance(own, list) else [own] if own else []:
                if isinstance(source, dict) and isinstance(source.get("states"), dict):
                    own_states.append(source["states"].get("status"))
            if self._tally(label, at, f"status {status}"):
                assert label is not None
                stated = [str(s) for s in label.states.get("statuses", [])]
                if str(status) not in stated and int(status) not in own_states:
                    self._find(
                        at,
                        f"status {status} is labelled documented but no source states it "
                        f"(the operation's sources state {stated or 'no statuses'})",
                    )
        if label is not None and label.kind == "documented":
            for status in label.states.get("statuses", []):
                if str(status) not in {str(s) for s in declared}:
                    self._find(where, f"its source states status {status}, the spec omits it")

    def _headers(self, response: dict[str, Any], where: str, label: _Label | None) -> None:
        for name, holder in response.get("headers", {}).items():
            header = resolve(self.spec, holder)
            at = _pointer(_pointer(where, "headers"), name)
            own = self._label(header, at) if isinstance(header, dict) else None
            # The header's own label (even on a shared component) wins over the response's.
            applies = own or label
            if applies is None or applies.kind == "unsourced":
                self.unlabelled += 1
                if applies is None:
                    self._find(at, f"header {name} is labelled neither documented nor inferred")
            elif applies.kind == "inferred":
                self.inferred += 1
            else:
                self.documented += 1
                if name not in applies.states.get("headers", []):
                    self._find(at, f"header {name} is labelled documented but no source states it")

    # -- judging ------------------------------------------------------------------------------
    def _judge(self) -> None:
        for claim in self.claims:
            label = claim.label
            text = f"{claim.keyword} {claim.value!r}"
            if self._tally(label, claim.where, text):
                assert label is not None
                label.covered.add(claim.keyword)
                if claim.keyword not in label.states:
                    self._find(
                        claim.where,
                        f"{text} is covered by the documented label at {label.where or '/'}, "
                        "but its source does not state it",
                    )
                elif not _same(claim.keyword, claim.value, label.states[claim.keyword]):
                    self._find(
                        claim.where,
                        f"{claim.keyword} is {claim.value!r} but its source states "
                        f"{label.states[claim.keyword]!r}",
                    )
        for label in self.labels.values():
            for keyword in label.states:
                if keyword in CHECKED and keyword not in label.covered:
                    self._find(
                        label.where,
                        f"its source states {keyword} {label.states[keyword]!r}, "
                        "the spec does not say it here",
                    )
        self.problems = list(dict.fromkeys(self.problems))

    def _find(self, where: str, message: str) -> None:
        self.problems.append(SpecProblem(NAME, where or "/", message))

    def _tally(self, label: _Label | None, where: str, what: str) -> bool:
        """Count one claim by its label; True when it is documented (its source is then
        checked by the caller)."""
        if label is None:
            self.unlabelled += 1
            self._find(where, f"{what} is labelled neither documented nor inferred")
        elif label.kind == "unsourced":
            self.unlabelled += 1
        elif label.kind == "inferred":
            self.inferred += 1
        else:
            self.documented += 1
            return True
        return False


def _recorded(facts: Any, key: str, value: Any) -> bool:
    """Does the index record this fact for the page? Only keyword facts are compared.

    A keyword fact is recorded under a key that is the keyword or ends with it ("channel enum",
    "displayName type"); stated statuses and headers must each be in a list recorded under a
    key naming them ("statuses seed 001 snapshot", "headers").
    """
    if key in ("statuses", "status", "headers"):
        wanted = value if isinstance(value, list) else [value]
        recorded = {
            str(v) for v in _lists_under(facts, "headers" if key == "headers" else "statuses")
        }
        return {str(v) for v in wanted} <= recorded
    if key in NAMED_FACTS:
        words = set(re.findall(r"[A-Za-z0-9_{}/.-]+", _text(facts)))
        text = " ".join(_text(facts).split())
        wanted = value if isinstance(value, list) else [value]
        return all(
            (str(v) in words) if key == "properties" else (" ".join(str(v).split()) in text)
            for v in wanted
        )
    if key not in CHECKED:
        return True
    return _keyword_recorded(facts, key, value)


def _text(facts: Any) -> str:
    """The entry's keys and values as one text, for name facts."""
    if isinstance(facts, dict):
        return " ".join(f"{k} {_text(v)}" for k, v in facts.items())
    if isinstance(facts, list):
        return " ".join(_text(item) for item in facts)
    return str(facts)


def _keyword_of(node: dict[str, Any], key: str) -> Any:
    """The node's own value of a keyword; a parameter's or header's schema counts as the node."""
    if key in node:
        return node[key]
    schema = node.get("schema")
    return schema.get(key) if isinstance(schema, dict) else None


def _properties_of(node: dict[str, Any]) -> set[str]:
    found = node.get("properties")
    if not isinstance(found, dict) and isinstance(node.get("schema"), dict):
        found = node["schema"].get("properties")
    return set(found) if isinstance(found, dict) else set()


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _keyword_recorded(facts: Any, key: str, value: Any) -> bool:
    if isinstance(facts, dict):
        for name, item in facts.items():
            if (name == key or str(name).endswith(f" {key}")) and _same(key, item, value):
                return True
            if _keyword_recorded(item, key, value):
                return True
    elif isinstance(facts, list):
        return any(_keyword_recorded(item, key, value) for item in facts)
    return False


def _lists_under(facts: Any, word: str) -> list[Any]:
    found: list[Any] = []
    if isinstance(facts, dict):
        for name, item in facts.items():
            if word in str(name) and isinstance(item, list):
                found += item
            else:
                found += _lists_under(item, word)
    elif isinstance(facts, list):
        for item in facts:
            found += _lists_under(item, word)
    return found
