"""The transport as a request's cycle sees it: an answer's head and its body in one write, and
a close that is the protocol's.

uvicorn's request cycle writes the head of an answer (status line and headers) as soon as the
app starts it, and the body when the app sends it: two writes, each a system call and a TCP
segment of its own, and a wake-up more for the client that reads them. For the emulator's
answers, which are small and whole, that was about a tenth of what serving a fetch costs. The
fast protocol (`_protocols.py`) asks this stand-in to hold each answer's head, which then goes
out with the first piece of the body. Its close is the protocol's own (which lingers while a
request's body is still arriving, `_Guard._close_after_answer`), on both stacks.

One stand-in serves a connection: its requests are answered one after another (a pipelined one
starts when the one before it is answered), so at most one head is ever held.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class Writable(Protocol):
    """What of a transport a request cycle uses."""

    def write(self, data: bytes | bytearray | memoryview) -> None: ...
    def close(self) -> None: ...
    def is_closing(self) -> bool: ...
    def get_extra_info(self, name: str, default: Any = None) -> Any: ...


class OneWrite:
    """The connection's transport as a request cycle sees it: `hold_head` before a cycle
    starts makes the cycle's next write (its head) wait for the one after it (its body), and
    go out joined with it; `flush` (when the answer is complete) and `close` let a held head
    out alone (an answer whose body writes nothing: HEAD, or an app that failed half-way)."""

    __slots__ = ("_close", "_head", "_holding", "_transport")

    def __init__(self, transport: Writable, close: Callable[[], None] | None = None) -> None:
        self._transport = transport
        self._close = close or transport.close
        self._holding = False  # the next write is a head, to hold
        self._head: bytes | None = None

    def hold_head(self) -> None:
        """The next write starts an answer. (Not for a request that expects `100 Continue`:
        that interim answer is written first, and must not be held.)"""
        self._holding = True
        self._head = None

    def write(self, data: bytes | bytearray | memoryview) -> None:
        head = self._head
        if head is not None:
            self._head = None
            self._transport.write(head + data)
        elif self._holding:
            self._holding = False
            self._head = bytes(data)
        else:
            self._transport.write(data)

    def flush(self) -> None:
        self._holding = False
        head = self._head
        if head is not None:
            self._head = None
            self._transport.write(head)

    def close(self) -> None:
        self.flush()
        self._close()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)
