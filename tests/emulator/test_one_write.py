"""The fast protocol's transport stand-in (`comms_emulator._one_write`): an answer's head goes out
with its body in one write, and nothing is lost, reordered or held past the answer's end.
(Over real sockets the answers themselves are checked byte for byte by the connection tests.)"""

from __future__ import annotations

from typing import Any

from comms_emulator._one_write import OneWrite


class Recording:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 5)}.get(name, default)


def _one_write() -> tuple[OneWrite, Recording]:
    transport = Recording()
    return OneWrite(transport), transport  # type: ignore[arg-type]


def test_a_head_goes_out_with_its_body_in_one_write() -> None:
    out, transport = _one_write()
    out.hold_head()
    out.write(b"HTTP/1.1 200 OK\r\n\r\n")
    assert transport.writes == []
    out.write(b'{"id":1}')
    assert transport.writes == [b'HTTP/1.1 200 OK\r\n\r\n{"id":1}']
    out.write(b"more")  # later pieces of a body pass straight through
    out.flush()
    assert transport.writes == [b'HTTP/1.1 200 OK\r\n\r\n{"id":1}', b"more"]


def test_a_head_with_no_body_write_goes_out_when_the_answer_ends() -> None:
    out, transport = _one_write()
    out.hold_head()
    out.write(b"HTTP/1.1 200 OK\r\ncontent-length: 8\r\n\r\n")  # HEAD: no body is written
    out.flush()
    assert transport.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 8\r\n\r\n"]
    out.flush()  # nothing twice
    assert len(transport.writes) == 1


def test_closing_lets_a_held_head_out_first() -> None:
    out, transport = _one_write()
    out.hold_head()
    out.write(b"HEAD")
    out.close()
    assert transport.writes == [b"HEAD"]
    assert transport.closed
    assert out.is_closing()


def test_without_hold_every_write_passes_through() -> None:
    out, transport = _one_write()
    out.write(b"HTTP/1.1 100 Continue\r\n\r\n")  # interim: a request expecting 100 Continue
    out.write(b"HTTP/1.1 201 Created\r\n\r\n")
    assert transport.writes == [b"HTTP/1.1 100 Continue\r\n\r\n", b"HTTP/1.1 201 Created\r\n\r\n"]
    assert out.get_extra_info("peername") == ("127.0.0.1", 5)


def test_each_answer_holds_only_its_own_head() -> None:
    out, transport = _one_write()
    for body in (b"one", b"two"):
        out.hold_head()
        out.write(b"H:")
        out.write(body)
        out.flush()
    assert transport.writes == [b"H:one", b"H:two"]
