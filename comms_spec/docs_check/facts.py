"""Looking for one cited fact on a page's text, by the fact's kind.

Each search reads the page the way its fact is printed — Fern's plain text (`senderIdstring
Required`, `1-1000Defaults to 50`, `400\\nBad Request Error`), twilio.com's text
(`Minimum: 1Maximum: 1000`, enum values run together) and the `.md` forms (JSON schema
blocks, lists) — and answers whether the fact holds, changed (and to what), or is gone. Only
the fact's own neighbourhood counts, so an edit elsewhere on the page changes nothing.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from comms_spec.docs_check.claims import CitedFact

HOLDS, CHANGED, GONE = "holds", "changed", "gone"
# Upper-case words that follow enum lists on pages and are not values.
NOT_VALUES = frozenset(
    {"OK", "GET", "POST", "PUT", "PATCH", "DEL", "DELETE", "API", "URL", "URI", "ID", "JSON"}
)
WINDOW = 250  # characters after a field name that its limits are printed in
_SEP = r"[\s,|`'\"*•\-\[\]]*"
_STATUS = re.compile(
    r"(?<![\d.,\-])([1-5]\d\d)(?![\d.,])\s*(?:[A-Z][A-Za-z ]{0,40}?)?"
    r"(?:Error|OK|Accepted|Created|No Content)"
)
_OK_LINE = re.compile(r"(?m)^\s*(?:#+\s*)?OK\s*$")
# Fern's list of errors: the code on its own line, its name on the next.
_STATUS_LINE = re.compile(r"(?m)^[ \t]*([1-5]\d\d)[ \t]*\n[ \t]*[A-Z][A-Za-z ]*$")
# Prose qualifiers, one per keyword, so "Maximum size of a tag key is 128" is a maxLength and
# "a maximum of 10 key-value pairs" a maxProperties, never each other's.
_NUM = r"[^\d\n]{0,40}?(\d[\d,]*)"
_PROSE: dict[str, list[re.Pattern[str]]] = {
    "maximum": [re.compile(r"(?i)max(?:imum)?(?!\s*(?:size|length|items|properties|of\b))" + _NUM)],
    "minimum": [re.compile(r"(?i)min(?:imum)?(?!\s*(?:size|length|items|properties|of\b))" + _NUM)],
    "maxLength": [
        re.compile(r"(?i)max(?:imum)?\s*(?:size|length)" + _NUM),
        re.compile(r"(?i)(?:at most|up to)\s+(\d[\d,]*)\s+characters"),
    ],
    "minLength": [re.compile(r"(?i)min(?:imum)?\s*(?:size|length)" + _NUM)],
    "maxItems": [
        re.compile(r"(?i)max(?:imum)?\s*items" + _NUM),
        re.compile(r"(?i)(?:at most|up to)\s+(\d[\d,]*)"),
    ],
    "minItems": [re.compile(r"(?i)min(?:imum)?\s*items" + _NUM)],
    "maxProperties": [re.compile(r"(?i)max(?:imum)?\s*(?:properties|of\b)" + _NUM)],
    "minProperties": [re.compile(r"(?i)min(?:imum)?\s*(?:properties|of\b)" + _NUM)],
    "default": [re.compile(r"(?i)defaults?(?:\s+(?:to|is|value))?\s*:?\s*(\d[\d,]*)")],
}
_RANGE = re.compile(r"(?<![\d\-:\[])(\d[\d,]*)\s*(?:-|\u2013|to)\s*(\d[\d,]*)(?![\d\-:\]])")
# Limits whose printings next to a field may disagree with each other (Fern prints a range and
# a sentence for one parameter); the others share prose with their neighbours.
CONFLICTS = ("maximum", "minimum", "default")
CONFLICT_WINDOW = 160
_STATUS_RUN = re.compile(r"(?<![\d+])((?:[1-5]\d\d){2,})(?!\d)")
HTTP_CODES = frozenset(
    {200, 201, 202, 204, 301, 302, 304, 400, 401, 403, 404, 405, 409, 410, 422, 429}
    | {500, 502, 503, 504}
)
_REGEX_CHARS = re.compile(r"[\^A-Za-z0-9_\[\]\-{}(),.:;?+*~$\\|]+")


@dataclass(frozen=True)
class Verdict:
    state: str  # HOLDS, CHANGED or GONE
    now: str = ""  # what the page prints instead, for CHANGED


def page_statuses(text: str) -> set[int]:
    """The status codes a page prints: a code with its reason phrase, or a bare "OK" line."""
    found = {int(m.group(1)) for m in _STATUS.finditer(text)}
    found |= {int(m.group(1)) for m in _STATUS_LINE.finditer(text)}
    # twilio.com's text runs its status tabs together ("202400409429500503").
    for run in _STATUS_RUN.finditer(text):
        codes = [int(run.group(1)[i : i + 3]) for i in range(0, len(run.group(1)), 3)]
        if all(code in HTTP_CODES for code in codes):
            found |= set(codes)
    if _OK_LINE.search(text):
        found.add(200)
    return found


def judge(fact: CitedFact, text: str) -> Verdict:
    if fact.kind == "status":
        return Verdict(HOLDS) if fact.value in page_statuses(text) else Verdict(GONE)
    if fact.kind == "pattern":
        return _pattern(str(fact.value), text)
    if fact.kind == "enum":
        return _enum(tuple(fact.value), text)
    if fact.kind == "limit":
        return _limit(fact, text)
    if fact.kind == "marker":
        return _marker(str(fact.value), text)
    if fact.kind == "header":
        return Verdict(HOLDS) if _named(str(fact.value), text) else Verdict(GONE)
    if fact.kind == "property":
        return Verdict(HOLDS) if _declared(str(fact.value), text) else Verdict(GONE)
    if fact.kind == "operation":
        return _operation(str(fact.value), text)
    if fact.kind == "name":
        return (
            Verdict(HOLDS) if " ".join(str(fact.value).split()) in _squash(text) else Verdict(GONE)
        )
    return Verdict(HOLDS)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _named(name: str, text: str) -> bool:
    """A field name as printed: not inside a longer identifier on its left (Fern glues the
    type to its right: `operationIdstring`)."""
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}", text) is not None


_TYPE_WORDS = (
    "string|integer|boolean|number|double|list of|map from|object|enum|any|optional|required"
)


def _declared(name: str, text: str) -> bool:
    """A property as a page declares it, not merely mentioned (a sample's argument or prose):
    Fern's field line (`namestringOptional`), a JSON or code key (`"name":`, `name:`), or a
    Markdown field (`` `name` ``, `**name**`)."""
    quoted = re.escape(name)
    forms = (
        rf"(?<![A-Za-z0-9_]){quoted}(?i:{_TYPE_WORDS})",
        rf"[\"']{quoted}[\"']\s*:",
        rf"`{quoted}`",
        rf"\*\*{quoted}\*\*",
    )
    return any(re.search(form, text) for form in forms)


def _pattern(pattern: str, text: str) -> Verdict:
    for match in re.finditer(re.escape(pattern), text):
        following = text[match.end() : match.end() + 1]
        if following not in set("[({*+?|\\"):
            return Verdict(HOLDS)
    prefix = re.split(r"[\[({\\.*+?|$]", pattern[1:], maxsplit=1)[0]
    if len(prefix) < 3:
        return Verdict(GONE)
    now = []
    for match in re.finditer(re.escape("^" + prefix), text):
        run = _REGEX_CHARS.match(text, match.start())
        if run:
            # A run glued to the next sentence ("{25,34}The name") ends before that word.
            now.append(re.sub(r"[A-Z][a-z]+$", "", run.group(0)))
    return Verdict(CHANGED, ", ".join(sorted(set(now)))) if now else Verdict(GONE)


def _enum(values: tuple[str, ...], text: str) -> Verdict:
    whole = re.compile(_SEP.join(re.escape(v) for v in values))
    matches = list(whole.finditer(text))
    if matches:
        added = {word for m in matches if (word := _value_after(text, m.end(), values))}
        if added:
            return Verdict(CHANGED, "also " + ", ".join(sorted(added)))
        # Another printing of the list on the page may have changed: two claimed values
        # next to each other outside every whole list.
        spans = [(m.start(), m.end()) for m in matches]
        for first, second in itertools.pairwise(values):
            for pair in re.finditer(re.escape(first) + _SEP + re.escape(second), text):
                if not any(start <= pair.start() < end for start, end in spans):
                    printed = _printed_list(text, pair.start(), pair.end())
                    missing = [v for v in values if v not in printed]
                    detail = f"without {', '.join(missing)}" if missing else "values inserted"
                    return Verdict(CHANGED, f"{detail}: now {printed}")
        return Verdict(HOLDS)
    # Not listed as claimed: the longest run of claimed values still listed together, and the
    # list as the page now prints it around that run.
    for size in range(len(values) - 1, 1, -1):
        for start in range(len(values) - size + 1):
            run = re.search(_SEP.join(re.escape(v) for v in values[start : start + size]), text)
            if run:
                printed = _printed_list(text, run.start(), run.end())
                missing = [v for v in values if v not in printed]
                detail = f"without {', '.join(missing)}" if missing else "values inserted"
                return Verdict(CHANGED, f"{detail}: now {printed}")
    return Verdict(GONE)


def _value_after(text: str, end: int, values: tuple[str, ...]) -> str | None:
    """An upper-case value printed right after a matched enum list, if any."""
    after = re.match(_SEP + r"([A-Z][A-Z0-9_]*)([a-z]?)", text[end:])
    if not after:
        return None
    word = after.group(1)
    if after.group(2):  # glued to the next word ("PUSHThe"): its capital belongs to that word
        word = word[:-1]
    if len(word) < 2 or word in NOT_VALUES or word in values:
        return None
    return word


def _printed_list(text: str, start: int, end: int) -> str:
    """The run of upper-case values and separators around a partial match."""
    left = re.search(r"[A-Z0-9_\s,|`'\"*•\-]*$", text[max(0, start - 80) : start])
    right = re.match(r"[A-Z0-9_\s,|`'\"*•\-]*", text[end : end + 80])
    tail = right.group(0) if right else ""
    if tail and tail[-1].isupper() and text[end + len(tail) : end + len(tail) + 1].islower():
        tail = tail[:-1]  # the capital of the next word ("PUSHFilter")
    around = (left.group(0) if left else "") + text[start:end] + tail
    return " ".join(around.split())[:120]


def _numbers(key: str, text: str) -> list[int]:
    """The numbers the text prints as this keyword, in prose."""
    found = [_int(m.group(1)) for rx in _PROSE.get(key, []) for m in rx.finditer(text)]
    if key == "maximum":
        found += [_int(m.group(2)) for m in _RANGE.finditer(text)]
    elif key == "minimum":
        found += [_int(m.group(1)) for m in _RANGE.finditer(text)]
    return found


def _json_numbers(key: str, text: str) -> list[int]:
    """The values of this keyword in the page's JSON schema blocks (twilio.com's `.md`)."""
    return [_int(m.group(1)) for m in re.finditer(rf'"{key}"\s*:\s*(\d[\d,]*)', text)]


def _int(digits: str) -> int:
    return int(digits.replace(",", ""))


def _limit(fact: CitedFact, text: str) -> Verdict:
    in_json = _json_numbers(fact.key, text)
    if in_json:  # the schema block is exact: the keyword itself, with its value
        if fact.value in in_json:
            return Verdict(HOLDS)
        return Verdict(CHANGED, ", ".join(map(str, sorted(set(in_json)))))
    starts = [
        m.end()
        for anchor in fact.anchors
        for m in re.finditer(rf"(?i)(?<![A-Za-z0-9_]){re.escape(anchor)}", text)
    ]
    near = [n for start in starts for n in _numbers(fact.key, text[start : start + WINDOW])]
    if near:
        if fact.value not in near:
            return Verdict(CHANGED, ", ".join(map(str, sorted(set(near)))))
        if fact.key in CONFLICTS:
            close = [
                n
                for start in starts
                for n in _numbers(fact.key, text[start : start + CONFLICT_WINDOW])
            ]
            others = sorted({n for n in close if n != fact.value})
            if others:  # one printing changed, another not yet
                return Verdict(CHANGED, f"{', '.join(map(str, others))} beside {fact.value}")
        return Verdict(HOLDS)
    # The field name is not printed next to its limits (twilio.com's text): the page at large.
    anywhere = _numbers(fact.key, text)
    if fact.value in anywhere:
        return Verdict(HOLDS)
    if anywhere:
        return Verdict(CHANGED, ", ".join(map(str, sorted(set(anywhere)))))
    return Verdict(GONE)


def _marker(name: str, text: str) -> Verdict:
    for block in re.finditer(r'"required"\s*:\s*\[([^\]]*)\]', text):
        if f'"{name}"' in block.group(1):
            return Verdict(HOLDS)  # a JSON schema block's required list
    markers = [
        m.group(1).capitalize()
        for m in re.finditer(
            rf"(?<![A-Za-z0-9_]){re.escape(name)}[^\n]{{0,60}}?\n?[ \t]{{0,4}}"
            r"(?i:(required|optional))",
            text,
        )
    ]
    if "Required" in markers:
        return Verdict(HOLDS)
    if markers:
        return Verdict(CHANGED, f"{name} printed Optional")
    return Verdict(GONE)


def _operation(operation: str, text: str) -> Verdict:
    method, _, path = operation.partition(" ")
    colon = re.sub(r"\{(\w+)\}", r":\1", path)
    forms = "|".join(re.escape(p) for p in dict.fromkeys([path, colon]))
    methods = "DEL|DELETE" if method == "DELETE" else re.escape(method)
    printed = re.compile(
        rf"(?:{methods})\s*(?:https://comms\.twilio\.com)?(?:{forms})(?![A-Za-z0-9_/{{:])"
    )
    return Verdict(HOLDS) if printed.search(text) else Verdict(GONE)
