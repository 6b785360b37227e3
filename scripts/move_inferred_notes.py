"""Move "Inferred: ..." sentences out of the spec's descriptions into `x-inferred-reason`.

`python -m scripts.move_inferred_notes [PATH]` rewrites the YAML text in place (comments and
layout kept): in each block `description` below the top of the file (`info` and `servers` are
written by hand), the text from "Inferred:" to the end of the block becomes an
`x-inferred-reason` beside it; a single-quoted description that is only an "Inferred:" sentence
becomes the reason alone. For merging spec edits written in the old style; `nox -s lint`
(`generator-ready`) then reports any note left in a description.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from comms_spec import DEFAULT_SPEC_PATH
from comms_spec._extensions import INFERRED_MARKER as MARKER

_BLOCK = re.compile(r"^(\s*)description: (\||>-)\s*$")
_QUOTED = re.compile(r"^(\s*)description: '(Inferred: .*)'\s*$")
FIRST_LINE = 40  # info and servers come before this line and are edited by hand


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def move(lines: list[str]) -> tuple[list[str], int]:
    out: list[str] = []
    moved = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        quoted, block = _QUOTED.match(line), _BLOCK.match(line)
        if quoted:
            reason = quoted.group(2)[len(MARKER) :].strip().replace("''", "'")
            out.append(f"{quoted.group(1)}x-inferred-reason: {_quote(reason)}")
            moved, i = moved + 1, i + 1
            continue
        if block and i > FIRST_LINE:
            indent = block.group(1)
            j = i + 1
            while j < len(lines) and (
                not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > len(indent)
            ):
                j += 1
            body = lines[i + 1 : j]
            while body and not body[-1].strip():
                body.pop()
                j -= 1
            text = "\n".join(b.strip() for b in body)
            if MARKER in text:
                body_indent = " " * (len(body[0]) - len(body[0].lstrip()))
                at = text.index(MARKER)
                user, reason = text[:at].rstrip(), " ".join(text[at + len(MARKER) :].split())
                if user:
                    out.append(f"{indent}description: |")
                    out += [body_indent + u if u else "" for u in user.split("\n")]
                out.append(f"{indent}x-inferred-reason: {_quote(reason)}")
                moved, i = moved + 1, j
                continue
        out.append(line)
        i += 1
    return out, moved


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_SPEC_PATH
    lines, moved = move(path.read_text(encoding="utf-8").split("\n"))
    path.write_text("\n".join(lines), encoding="utf-8")
    print(f"{path}: moved {moved} note(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
