"""The socket guard (conftest.py): no socket unless a test says so, and then loopback only.

The non-loopback connects below never leave the machine even if the guard were broken: a
tripwire stands in for the real `connect` behind the guard, and fails the test if reached.
"""

from __future__ import annotations

import socket
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import pytest_socket

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def blocked(error: type[Exception]) -> Iterator[None]:
    """pytest-socket warns, then raises (the warning alone would fail the test: -W error)."""
    with pytest.warns(UserWarning, match="A test tried to use socket"), pytest.raises(error):
        yield


def test_a_test_that_says_nothing_gets_no_socket() -> None:
    with blocked(pytest_socket.SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with blocked(pytest_socket.SocketBlockedError):
        socket.getaddrinfo("example.com", 443)


def test_unix_sockets_stay_open() -> None:
    left, right = socket.socketpair()  # asyncio's self-pipe
    left.close()
    right.close()


@pytest.mark.loopback
def test_a_loopback_test_reaches_a_local_server() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        with socket.create_connection(("localhost", port), timeout=5):
            pass


@contextmanager
def tripwire() -> Iterator[list[tuple[Any, ...]]]:
    """Replace the real connect behind the guard; restored before the test ends."""
    reached: list[tuple[Any, ...]] = []

    def connect(_socket: socket.socket, *args: Any) -> None:
        reached.append(args)
        raise AssertionError(f"the guard let a connect to {args} through")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pytest_socket, "_true_connect", connect)
        yield reached


@pytest.mark.loopback
@pytest.mark.parametrize(
    ("family", "address"),
    [
        (socket.AF_INET, ("192.0.2.1", 80)),  # TEST-NET-1
        (socket.AF_INET, ("10.0.0.1", 80)),
        (socket.AF_INET, ("example.com", 443)),
        (socket.AF_INET6, ("2001:db8::1", 80, 0, 0)),
    ],
    ids=["public", "private", "by-name", "ipv6"],
)
def test_a_loopback_test_cannot_connect_elsewhere(
    family: socket.AddressFamily, address: tuple[Any, ...]
) -> None:
    with tripwire() as reached:
        sock = socket.socket(family, socket.SOCK_STREAM)
        with blocked(pytest_socket.SocketConnectBlockedError):
            sock.connect(address)
        sock.close()
    assert reached == []


@pytest.mark.loopback
def test_the_tripwire_sees_a_loopback_connect() -> None:
    """The proof above is not vacuous: a loopback connect does reach the (replaced) connect."""
    with tripwire() as reached:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        with pytest.raises(AssertionError, match="let a connect"):
            sock.connect(("127.0.0.1", 9))
        sock.close()
    assert reached == [(("127.0.0.1", 9),)]


@pytest.mark.parametrize(
    ("test_source", "flag"),
    [
        ("@pytest.mark.enable_socket\ndef test_x():\n    pass\n", None),
        ("def test_x(socket_enabled):\n    pass\n", None),
        ("@pytest.mark.allow_hosts(['127.0.0.1', '8.8.8.8'])\ndef test_x():\n    pass\n", None),
        ("def test_x():\n    pass\n", "--force-enable-socket"),
    ],
    ids=["enable_socket", "socket_enabled", "allow_hosts-elsewhere", "force-enable"],
)
def test_no_test_can_opt_out(pytester: pytest.Pytester, test_source: str, flag: str | None) -> None:
    pytester.makeconftest((ROOT / "conftest.py").read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\naddopts = --disable-socket --allow-unix-socket\n")
    pytester.makepyfile(test_opt_out="import pytest\n\n" + textwrap.dedent(test_source))
    result = pytester.runpytest_inprocess(*([flag] if flag else []))
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.outlines
    result.stderr.fnmatch_lines(["*loopback*"])


BASE_URL_OPTION = """
def pytest_addoption(parser):
    parser.addoption("--base-url", default=None)  # as contract_tests/conftest.py declares it
"""

REPORT_ALLOWED = """
import pytest

@pytest.mark.loopback
def test_x(request):
    print("ALLOWED", request.node.get_closest_marker("allow_hosts").args[0])
"""


@pytest.mark.loopback  # the inner session looks up "localhost"
@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        (None, ["127.0.0.0/8", "::1", "localhost"]),
        ("http://127.0.0.1:8080/v1", ["127.0.0.0/8", "::1", "localhost"]),
        ("https://192.0.2.10/v1", ["127.0.0.0/8", "::1", "localhost", "192.0.2.10"]),
    ],
    ids=["no-target", "local-target", "remote-target"],
)
def test_only_a_named_remote_target_widens_the_list(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    base_url: str | None,
    expected: list[str],
) -> None:
    for name in (
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    pytester.makeconftest((ROOT / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(base_url_option=BASE_URL_OPTION, test_allowed=REPORT_ALLOWED)
    pytester.syspathinsert()
    args = ["-p", "base_url_option", "-s", "--disable-socket"]
    result = pytester.runpytest_inprocess(*args, *([f"--base-url={base_url}"] if base_url else []))
    assert result.ret == pytest.ExitCode.OK, result.outlines
    assert f"ALLOWED {expected}" in result.stdout.str()
