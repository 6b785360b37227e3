"""h11 read as strictly as the fast stack's parser (llhttp), so that the two server stacks give
the same bytes one meaning: what one refuses, the other refuses too (a differential fuzzer
found h11 applying requests that llhttp refuses). h11 accepts, where llhttp refuses: folded
header lines, bare LF line ends, control characters in a field, methods llhttp does not know, a
chunk size with whitespace after it or more than 16 hex digits past its leading zeros (h11 then
waited for 2^80 bytes), chunk extensions that are not `;name[=value]`, a bare LF ending the
last chunk's (empty) trailer section, CONNECT (llhttp wants an authority there; the emulator
serves only paths). Trailer fields are refused on both stacks (`NO_TRAILERS`). Checked on the
raw bytes, since h11 hands over only what it kept. And h11 refuses, where llhttp reads one
meaning: CR and LF bytes before a request line, and runs of spaces between its parts
(`tidy_idle`).
"""

from __future__ import annotations

import re
from typing import Any

NO_TRAILERS = "Trailer fields after a chunked body are not accepted: send every field in the head"

# The methods llhttp parses in HTTP mode (others are a parse error there).
_METHODS = frozenset(
    b"DELETE GET HEAD POST PUT CONNECT OPTIONS TRACE COPY LOCK MKCOL MOVE PROPFIND PROPPATCH"
    b" SEARCH UNLOCK BIND REBIND UNBIND ACL REPORT MKACTIVITY CHECKOUT MERGE M-SEARCH NOTIFY"
    b" SUBSCRIBE UNSUBSCRIBE PATCH PURGE MKCALENDAR LINK UNLINK SOURCE QUERY".split()
)
_CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")
_TOKEN = rb"[-!#$%&'*+.^_`|~0-9A-Za-z]+"
_QUOTED = rb'"(?:[^"\\\x00-\x08\x0a-\x1f\x7f]|\\[^\x00-\x08\x0a-\x1f\x7f])*"'
_CHUNK_HEADER = re.compile(
    rb"0*[0-9A-Fa-f]{1,16}(?:[ \t]*;[ \t]*%s(?:[ \t]*=[ \t]*(?:%s|%s))?)*\r\n"
    % (_TOKEN, _TOKEN, _QUOTED)
)


def head_problem(raw: bytes) -> str | None:
    """What makes the head at the start of `raw` one the fast stack refuses, or None."""
    end = raw.find(b"\r\n\r\n")
    bare = raw.find(b"\n\n")
    if end < 0 or (0 <= bare < end) or b"\n" in raw[: end + 2].replace(b"\r\n", b""):
        return "Malformed HTTP request: lines end with CRLF"
    lines = raw[:end].split(b"\r\n")
    method = lines[0].partition(b" ")[0]
    if method not in _METHODS or method == b"CONNECT":
        return "Malformed HTTP request: Invalid method encountered"
    for line in lines:
        if _CONTROL.search(line):
            return "Malformed HTTP request: Invalid header value char"
    for line in lines[1:]:
        if line[:1] in (b" ", b"\t"):
            return "Malformed HTTP request: a folded header line (obs-fold)"
        name, _, value = line.partition(b":")
        if name.lower() == b"transfer-encoding" and b"\t" in value.lstrip(b" \t"):
            return "Malformed HTTP request: Request has invalid `Transfer-Encoding`"
    return None


def tidy_idle(buffer: Any) -> None:
    """h11's receive buffer, before it reads a request line, as llhttp reads it: without the CR
    and LF bytes ahead of it (RFC 9112 section 2.2: a server SHOULD ignore empty lines there;
    a client may send one after a body), and with each run of spaces in the line read as one
    (section 3: a recipient MAY split the line on whitespace boundaries)."""
    data = buffer._data
    if data[:1] in (b"\r", b"\n"):
        buffer._extract(len(data) - len(data.lstrip(b"\r\n")))
        data = buffer._data
    end = data.find(b"\n")
    line = data[: end if end >= 0 else len(data)]
    if b"  " in line:
        data[: len(line)] = _SPACES.sub(b" ", line)
        buffer._next_line_search = buffer._multiple_lines_search = 0  # (h11's search marks)


_SPACES = re.compile(rb" {2,}")


def unfinished_head_problem(raw: bytes) -> str | None:
    """What makes a head still arriving at the start of `raw` one no later bytes can mend, as
    llhttp refuses it while it parses (h11 waits for the head's end, up to the header timeout):
    a CR or an LF alone, or a complete field line that is not `name:` (a folded one too)."""
    if b"\r\n\r\n" in raw:
        return None  # complete: `head_problem` checks it
    if _BARE_CR.search(raw) or _BARE_LF.search(raw):
        return "Malformed HTTP request: lines end with CRLF"
    for line in raw.split(b"\r\n")[1:-1]:  # (the first is the request line, the last unfinished)
        if not _FIELD_START.match(line):
            return "Malformed HTTP request: Invalid header token"
    return None


_BARE_CR = re.compile(rb"\r[^\n]")
_BARE_LF = re.compile(rb"(?<!\r)\n")
_FIELD_START = re.compile(rb"%s:" % _TOKEN)


def refusal(h11: Any, message: str) -> Exception:
    """The error that stops h11's parser, carrying the message the client is given."""
    error = h11.RemoteProtocolError(message)
    error.emulator_refusal = message
    return error  # type: ignore[no-any-return]


def strict_chunked_reader(h11: Any) -> Any:
    """h11's chunked body reader, checking each chunk header as llhttp does (before h11 reads
    it), and refusing trailer fields."""
    from h11._readers import ChunkedReader

    class StrictChunkedReader(ChunkedReader):
        def __call__(self, buf: Any) -> Any:
            if self._reading_trailer and buf._data[:1] == b"\n":  # h11 takes a bare LF
                raise refusal(h11, "Malformed HTTP request: lines end with CRLF")
            if not self._reading_trailer and self._bytes_in_chunk == 0:
                # The next chunk header follows the CRLF still to drop, if any.
                _check_chunk_header(h11, buf._data, len(self._bytes_to_discard))
            event = super().__call__(buf)
            if self._reading_trailer and isinstance(event, h11.EndOfMessage) and event.headers:
                raise refusal(h11, NO_TRAILERS)
            return event

    return StrictChunkedReader


def _check_chunk_header(h11: Any, data: bytearray, at: int) -> None:
    line_end = data.find(b"\n", at, at + _LONGEST_CHUNK_HEADER)
    if line_end < 0:
        return  # not all here yet (h11 bounds how long a line may grow)
    if not _CHUNK_HEADER.fullmatch(data, at, line_end + 1):
        raise refusal(h11, "Malformed HTTP request: Invalid chunk header")


_LONGEST_CHUNK_HEADER = 16_386  # (h11's own limit on a line is the head limit, 16 KiB)
