"""The socket guard: no test reaches an address other than this machine's loopback.

pytest-socket runs with `--disable-socket` (pyproject.toml): a test gets no socket at all, and no
name look-up, unless it says it serves or calls a local server, by its marker (`loopback`) or by
its directory (LOOPBACK_DIRS below). Such a test may create sockets and bind, and its `connect`
calls reach loopback addresses only. Unix sockets stay open (`--allow-unix-socket`: asyncio's
self-pipe is one). pytest-socket's own ways round the guard (`enable_socket`, `socket_enabled`,
`allow_hosts` naming another host, `--force-enable-socket`) are refused, so no test can opt out.

One run may reach further: the contract suite pointed at a server with `--base-url` (the point of
`nox -s conformance -- --base-url URL`) may connect to that host and to the proxies the
environment names, and nothing else. tests/test_socket_guard.py proves the guard.
"""

from __future__ import annotations

import ipaddress
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent
LOOPBACK = ["127.0.0.0/8", "::1", "localhost"]

# Directories whose tests serve or call an emulator, a broken server or the runner over HTTP.
LOOPBACK_DIRS = [
    ROOT / "contract_tests" / "suite",
    ROOT / "tests" / "client",
    ROOT / "tests" / "contract",
    ROOT / "tests" / "emulator",
    ROOT / "tests" / "packaging",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "loopback: the test serves or calls a local server; it may connect to loopback only",
    )
    config.addinivalue_line(
        "markers",
        "long_running: a whole conformance run or a wheel build (tens of seconds): run first",
    )
    if config.getoption("--force-enable-socket", default=False):
        raise pytest.UsageError("--force-enable-socket: tests reach loopback only (conftest.py)")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_network(host, strict=False).is_loopback
    except ValueError:
        return False


def _allowed_hosts(config: pytest.Config) -> list[str]:
    """Loopback; plus, when the suite is pointed at a remote server, that host and its proxies."""
    base_url = config.getoption("--base-url", default=None)  # the contract suite's option
    host = urlsplit(base_url).hostname if base_url else None
    if not host or _is_loopback(host):
        return LOOPBACK
    proxies = {urlsplit(url).hostname for url in urllib.request.getproxies().values()}
    return [*LOOPBACK, host, *sorted(filter(None, proxies))]


def _refuse_opt_outs(item: pytest.Item) -> None:
    fixtures = getattr(item, "fixturenames", ())
    if item.get_closest_marker("enable_socket") or "socket_enabled" in fixtures:
        raise pytest.UsageError(
            f"{item.nodeid}: tests reach loopback only; mark it `loopback` instead (conftest.py)"
        )
    marker = item.get_closest_marker("allow_hosts")
    if marker is not None:
        hosts = marker.args[0] if marker.args else marker.kwargs.get("allowed", [])
        hosts = hosts.split(",") if isinstance(hosts, str) else hosts
        if not all(_is_loopback(str(host).strip()) for host in hosts):
            raise pytest.UsageError(f"{item.nodeid}: allow_hosts may name loopback hosts only")


def _cost_rank(item: pytest.Item) -> int:
    if item.get_closest_marker("long_running"):
        return 0
    return 1 if item.get_closest_marker("slow") else 2


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The costliest tests first (a stable sort: otherwise in collection order), so the workers
    # (`nox -s tests` runs on several, stealing each other's queued tests: noxfile.py) end on
    # quick tests rather than one worker running the last minutes-long ones alone.
    items.sort(key=_cost_rank)
    allowed = _allowed_hosts(config)
    for item in items:
        _refuse_opt_outs(item)
        if item.get_closest_marker("allow_hosts") is not None:
            continue  # a loopback list of its own, checked above
        in_loopback_dir = any(item.path.is_relative_to(directory) for directory in LOOPBACK_DIRS)
        if in_loopback_dir or item.get_closest_marker("loopback"):
            item.add_marker(pytest.mark.allow_hosts(allowed))
