"""What one client may hold of a server that every client shares: time, connections, bytes.

Each limit is far above what a legitimate client needs (a request of the API has a request line
under 1 KiB and about ten header fields) and low enough that a client sending junk cannot make
the others wait: parsing stays linear and bounded, and a connection that sends nothing useful
gives its place up to one that does. `docs/sdk-authors/emulator-limits.md` lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_HEAD_BYTES = 16 * 1024  # request line + header fields; beyond it 431
MAX_TARGET_BYTES = 8 * 1024  # the request target (path and query); beyond it 414
MAX_HEADER_FIELDS = 64  # header fields of one request; beyond it 431
# A request answered before its body was read (a 401, a 404, a refusal): what more of that body
# is read, and thrown away, to reach the next request on the connection; beyond it, the
# connection closes. Each chunk counts 64 bytes more than it holds: tiny chunks cost the parser
# per chunk, not per byte.
MAX_DISCARDED_BYTES = 1024 * 1024
# The pieces (chunks, or reads of a Content-Length body) one request body may arrive in; beyond
# it 400. The parser's cost is per piece: 2 MiB in 1-byte chunks is two million callbacks. A
# client's body arrives in a few hundred (a streaming encoder's chunks, or the network's reads).
MAX_BODY_PIECES = 65_536
# Requests read ahead of the one being answered on a connection (pipelined); beyond them the
# rest is left unparsed until answers catch up. Each costs ~2 KB: a client pipelining without
# end held 880 MiB after 8 s.
MAX_PIPELINED = 32
DISCARDED_CHUNK_COST = 64
# Body pieces one connection has parsed in one turn of the event loop; the rest of what it sent
# waits for its next turn, after every other connection's (`_protocols.py`). 256 KiB of 1-byte
# chunks, as one read brings, was 43,000 parser callbacks in one go: every other client waited
# ~60 ms per read on the fast stack, and seconds on h11. (h11 takes a sixteenth of this: a piece
# costs it about what sixteen cost httptools.)
MAX_PIECES_PER_TURN = 1024
# A request answered with a close before its body was read (a body over the limit): the answer
# goes out, then the end of it (FIN), and what the client still sends is read and dropped, up to
# this many bytes (weighed as discarded chunks) and within the header timeout, then the
# connection closes. A client that writes its whole body before it reads (Python's http.client)
# can then read the answer; closing at once reset the connection under it (EPIPE).
MAX_LINGER_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class ConnectionLimits:
    """How long and how many: what a slow, stalled or greedy client may hold."""

    keep_alive_timeout: int = 5  # idle keep-alive connection, seconds
    header_timeout: float = 10.0  # connection open or request begun -> headers complete
    # Open connections. At the limit, a new connection displaces the one that has waited
    # longest without a request in flight (idle, or still sending its headers); when every
    # connection has a request in flight, a new request is answered 503.
    concurrency: int = 1000
    graceful_shutdown: int = 5  # SIGTERM: seconds to finish in-flight requests, then close
    # A client that stops reading its answers: once the server's send buffer is full, the
    # connection is dropped after this long without progress.
    write_timeout: float = 10.0
    max_head_bytes: int = MAX_HEAD_BYTES
    max_target_bytes: int = MAX_TARGET_BYTES
    max_header_fields: int = MAX_HEADER_FIELDS
    max_discarded_bytes: int = MAX_DISCARDED_BYTES
    max_body_pieces: int = MAX_BODY_PIECES
    max_pipelined: int = MAX_PIPELINED
    max_linger_bytes: int = MAX_LINGER_BYTES
    max_pieces_per_turn: int = MAX_PIECES_PER_TURN
