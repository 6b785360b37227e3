"""Credentials never reach output: every text the suite writes passes through here (the
reports as they are written, and the runner's stdout and stderr as they are printed).

What is recognised, for each credential of the run:
- the value itself (also all in upper or in lower case), its hex (either case), its UTF-16
  and UTF-32 bytes read as text (each character beside NULs), its base32, and its base64 at any
  alignment (so inside any base64 text that holds it: `SID:token` encoded, the token encoded
  alone, a JSON blob encoded), in both base64 alphabets, padded or not;
- the Basic-auth value of every pair of the run's credentials (account SID and token, API key
  and secret, in either order);
- any of those escaped, wholly or in part: URL-encoding (either case, `%25` doubled), JSON and
  Python escapes (`\\u0041`, `\\x41`, `\\/`, `\\n` and the other control characters' short
  escapes, any number of backslashes), HTML and XML entities;
- the value reversed (also in upper or lower case), and any value of MIN_FRAGMENT characters
  or more (its squeezed form) spread out by separators: spaces, line breaks (escaped too:
  `\\n`), tabs, quotes, brackets and `-_.,:;|/` between its characters (`a b c d`, one
  character a line, split across two lines of a report written whole, a list of its
  characters `['a', 'b', ...]`). A redacted stream (stdout, stderr) sees a line at a time: a
  value split across lines there is recognised by its pieces (below), not whole;
- a piece of any of them of MIN_FRAGMENT or more characters that mixes letters and digits, or
  letters of both cases (what a truncated value, `abc123...`, or a value split across fields
  leaves; base64 is mostly letters of both cases, `QUNlMGUwZTBl...`): such a piece comes from
  the credential, not from ordinary text. Shorter pieces, or pieces of letters of one case
  alone (of a credential such as `conformance-token-1`, words), are only redacted whole.
Every recognised span is replaced by one REDACTED."""

from __future__ import annotations

import base64
import bisect
import io
import re
from collections.abc import Iterable
from typing import TextIO

REDACTED = "[REDACTED]"
MIN_SECRET = 4  # shorter values would redact ordinary text
MIN_FRAGMENT = 8  # characters: a shorter piece of a credential is not recognised
# Characters of one line a redacted stream holds before writing it out unfinished (a value
# cut there is recognised by its pieces, MIN_FRAGMENT or longer, on either side).
MAX_OPEN_LINE = 1 << 20
_WINDOW = 6  # the pieces are found by their windows of this many characters
_AUTH_HEADER = re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(basic|bearer)\s+[^\s'\",}]+")
# An escaped character, in the spellings output may carry it in; the groups hold its code (a
# control character's short escape before the backslash's own: `\\\\n` is a line break escaped
# twice).
_ESCAPE = re.compile(
    r"%25([0-9A-Fa-f]{2})|%([0-9A-Fa-f]{2})|\\+u([0-9A-Fa-f]{4})|\\+x([0-9A-Fa-f]{2})"
    r"|&#[xX]([0-9A-Fa-f]{1,6});|&#([0-9]{1,7});|\\+([nrtbfv])|\\+([/\"'\\])"
    r"|&(amp|lt|gt|quot|apos);"
)
# What may stand between a spread-out credential's characters (`a b c d`, a line each, a
# list of them).
_SEPARATORS = re.compile(r"[\s\-_.,:;|/'\"\[\](){}]+")
_RUNS = re.compile(r"[^\s\-_.,:;|/'\"\[\](){}]+")  # what is between them
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_CONTROLS = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v"}
_HEX_GROUPS = (1, 2, 3, 4, 5)  # _ESCAPE's groups that hold a hexadecimal code


def _unescaped(match: re.Match[str]) -> str:
    index = match.lastindex or 0
    code = match.group(index)
    if index in _HEX_GROUPS:
        number = int(code, 16)
    elif index == 6:
        number = int(code)
    elif index == 7:
        return _CONTROLS[code]
    else:
        return _ENTITIES.get(code, code)
    return chr(number) if number < 0x110000 else "\ufffd"  # one character, as every escape


class _View:
    """`text` with its escapes decoded, and the way back from a span of it to the text's."""

    def __init__(self, text: str) -> None:
        pieces: list[str] = []
        self._at: list[int] = []  # where in the view each escape's character is
        self._spans: list[tuple[int, int]] = []  # ... and where in the text its escape is
        done = 0
        length = 0
        for match in _ESCAPE.finditer(text):
            literal = text[done : match.start()]
            pieces += [literal, _unescaped(match)]
            length += len(literal)
            self._at.append(length)
            self._spans.append(match.span())
            length += len(pieces[-1])
            done = match.end()
        pieces.append(text[done:])
        self.text = "".join(pieces)

    def original(self, index: int, *, end: bool = False) -> int:
        """The text's index for the view's `index` (with `end`, the end of what it came from)."""
        k = bisect.bisect_right(self._at, index)
        if k == 0:
            return index + end
        at, (start, stop) = self._at[k - 1], self._spans[k - 1]
        if index == at:
            return stop if end else start
        return stop + (index - at - 1) + end


def _mixed(text: str) -> bool:
    """Letters and digits, or letters of both cases: not a word of ordinary text."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    return any(c.isdigit() for c in text) or (
        any(c.isupper() for c in letters) and any(c.islower() for c in letters)
    )


def _base64_cores(value: bytes) -> set[str]:
    """The base64 characters that encode `value` alone, at each of the three alignments it
    can have inside longer data, in both alphabets: present in any base64 text holding it."""
    cores: set[str] = set()
    for offset in range(3):
        data = b"\0" * offset + value + b"\0\0"
        first = -(-offset * 8 // 6)  # the first character made of `value`'s bits only
        last = (offset + len(value)) * 8 // 6  # ... and the one past the last
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            core = encode(data).decode()[first:last]
            if len(core) >= MIN_SECRET:
                cores.add(core)
    return cores


def _wide_forms(secret: str) -> set[str]:
    """`secret` in UTF-16 and UTF-32 (either byte order) as a text read as one byte a
    character shows it: each character beside NULs (in output escaped as `\\u0000` or
    `\\x00`, which the view decodes)."""
    return {secret.encode(codec).decode("latin-1") for codec in _WIDE_CODECS}


_WIDE_CODECS = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")


def _basic_forms(user: str, password: str) -> set[str]:
    """The Basic-auth value of a pair, in both alphabets, padded and not."""
    pair = f"{user}:{password}".encode()
    forms = {base64.b64encode(pair).decode(), base64.urlsafe_b64encode(pair).decode()}
    return forms | {form.rstrip("=") for form in forms}


class Redactor:
    def __init__(self, secrets: Iterable[str]) -> None:
        raw = {s for s in secrets if s and len(s) >= MIN_SECRET}
        values: set[str] = set()
        for secret in raw:
            encoded = secret.encode()
            values |= {secret, secret.upper(), secret.lower(), encoded.hex(), encoded.hex().upper()}
            values |= {secret[::-1], secret[::-1].upper(), secret[::-1].lower()}
            values |= _base64_cores(encoded) | _wide_forms(secret)
            values.add(base64.b32encode(encoded).decode().rstrip("="))
            for other in raw:
                values |= _basic_forms(secret, other)
        # Whole values, found as they are; and the windows of every piece that may be
        # recognised alone, each with the values (and where in them) it comes from.
        self._values, self._windows = _searched(values)
        # The same, squeezed (separators removed), for text squeezed alike: long enough that
        # joining ordinary words cannot make one.
        squeezed = {_SEPARATORS.sub("", value) for value in values}
        self._squeezed, self._squeezed_windows = _searched(
            {value for value in squeezed if len(value) >= MIN_FRAGMENT}
        )

    def redact(self, text: str) -> str:
        text = _AUTH_HEADER.sub(lambda m: f"{m.group(1)}{m.group(2)} {REDACTED}", text)
        if not self._values:
            return text
        view = _View(text) if _ESCAPE.search(text) else None
        seen = view.text if view else text
        spans = _found(seen, self._values, self._windows)
        spans += _spread(seen, self._squeezed, self._squeezed_windows)
        if not spans:
            return text
        if view is not None:
            spans = [(view.original(a), view.original(b - 1, end=True)) for a, b in spans]
        out: list[str] = []
        done = 0
        for start, stop in _merged(spans):
            out += [text[done:start], REDACTED]
            done = stop
        out.append(text[done:])
        return "".join(out)


_Windows = dict[str, list[tuple[str, int]]]


def _searched(values: set[str]) -> tuple[list[str], _Windows]:
    """Whole values, found as they are (longest first); and the windows of every piece that
    may be recognised alone, each with the values (and where in them) it comes from."""
    ordered = sorted(values, key=len, reverse=True)
    windows: _Windows = {}
    for value in ordered:
        for start in range(len(value) - _WINDOW + 1):
            window = value[start : start + _WINDOW]
            if _mixed(window):
                windows.setdefault(window, []).append((value, start))
    return ordered, windows


def _found(text: str, values: list[str], windows: _Windows) -> list[tuple[int, int]]:
    """The spans of `text` that are a value, or a recognised piece of one."""
    spans = []
    for value in values:
        at = text.find(value)
        while at >= 0:
            spans.append((at, at + len(value)))
            at = text.find(value, at + 1)
    for at in range(len(text) - _WINDOW + 1):
        sources = windows.get(text[at : at + _WINDOW])
        if sources:
            spans += _pieces(text, at, sources)
    return spans


def _spread(text: str, values: list[str], windows: _Windows) -> list[tuple[int, int]]:
    """The spans of `text` that are a value (or a piece of one) spread out by separators:
    found in `text` squeezed, mapped back to where their first and last characters are."""
    if not _SEPARATORS.search(text):
        return []
    starts: list[int] = []  # where each run of non-separators is, in `text` and squeezed
    at: list[int] = []
    runs = []
    length = 0
    for run in _RUNS.finditer(text):
        starts.append(run.start())
        at.append(length)
        runs.append(run.group())
        length += len(runs[-1])

    def back(index: int) -> int:
        k = bisect.bisect_right(at, index) - 1
        return starts[k] + index - at[k]

    found = _found("".join(runs), values, windows)
    return [(back(a), back(b - 1) + 1) for a, b in found]


def _pieces(text: str, at: int, sources: list[tuple[str, int]]) -> list[tuple[int, int]]:
    """The longest runs around `text[at:]` that are pieces of a value the window there comes
    from, when MIN_FRAGMENT characters or longer."""
    found = []
    for value, start in sources:
        left, right = at, at + _WINDOW
        offset = start
        while left > 0 and offset > 0 and text[left - 1] == value[offset - 1]:
            left -= 1
            offset -= 1
        end = start + _WINDOW
        while right < len(text) and end < len(value) and text[right] == value[end]:
            right += 1
            end += 1
        if right - left >= MIN_FRAGMENT:
            found.append((left, right))
    return found


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans as one, in order."""
    merged: list[tuple[int, int]] = []
    for start, stop in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    return merged


class RedactingStream(io.TextIOBase):
    """A text stream that redacts what passes through it, a line at a time (a credential split
    across two writes of one line is still recognised). `close` writes what is left."""

    def __init__(self, stream: TextIO, redactor: Redactor) -> None:
        super().__init__()
        self._stream = stream
        self._redactor = redactor
        self._pending: list[str] = []  # the open line, in the pieces written
        self._open = 0  # ... and its length

    def write(self, text: str) -> int:
        # Only the new piece is looked at: a line written a few characters at a time, or a
        # target's 32 MiB answer printed on one line, costs its length, not its square.
        if "\n" in text:
            done, _, rest = text.rpartition("\n")
            line = "".join([*self._pending, done, "\n"])
            self._pending, self._open = ([rest], len(rest)) if rest else ([], 0)
            self._stream.write(self._redactor.redact(line))
        else:
            self._pending.append(text)
            self._open += len(text)
            if self._open > MAX_OPEN_LINE:  # written as it stands: its pieces still recognised
                self._flush_open()
        return len(text)

    def _flush_open(self) -> None:
        if self._pending:
            self._stream.write(self._redactor.redact("".join(self._pending)))
            self._pending, self._open = [], 0

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        self._flush_open()
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", "utf-8")

    def writable(self) -> bool:
        return True
