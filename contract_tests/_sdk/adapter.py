"""The adapter process and its JSON-lines protocol (docs/sdk-authors/sdk-check.md).

The kit writes one request per line to the adapter's stdin and reads one answer per line from
its stdout; stderr is the adapter's own (passed through, or captured by the caller). Every read
has a deadline: an adapter that hangs, exits, or prints something that is not an answer to the
request just sent raises `AdapterFailed`, which names what went wrong, and the process is
killed. The kit never waits on it without a bound.
"""

from __future__ import annotations

import contextlib
import json
import queue
import shlex
import subprocess
import threading
from dataclasses import dataclass, field
from typing import IO, Any

PROTOCOL_VERSION = 1
ERROR_KINDS = frozenset({"api", "timeout", "transport", "client"})
# The longest line the kit reads from an adapter (a result is a few IDs, never megabytes).
MAX_LINE = 1 << 20


class AdapterFailed(Exception):
    """The adapter hung, crashed or broke the protocol: a set-up error, not a verdict."""


@dataclass(frozen=True)
class Answer:
    """One answer: exactly one of `result`, `error` or `unsupported` is set."""

    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    unsupported: str | None = None
    elapsed: float = 0.0  # seconds from request to answer, as the kit measured

    @property
    def status(self) -> int | None:
        value = (self.error or {}).get("status")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def kind(self) -> str | None:
        return None if self.error is None else str(self.error.get("kind"))

    def describe(self) -> str:
        if self.unsupported is not None:
            return f"not supported: {self.unsupported}"
        if self.error is not None:
            shown = {k: v for k, v in self.error.items() if k != "headers"}
            return f"error {json.dumps(shown, sort_keys=True)[:300]}"
        return f"result {json.dumps(self.result, sort_keys=True)[:300]}"


@dataclass
class Hello:
    name: str
    actions: frozenset[str]
    features: frozenset[str]
    extra: dict[str, Any] = field(default_factory=dict)


class Adapter:
    """One running adapter process."""

    def __init__(self, command: str, *, stderr: IO[str] | None = None) -> None:
        self.command = command
        try:
            argv = shlex.split(command)
        except ValueError as error:
            raise AdapterFailed(f"cannot parse --adapter {command!r}: {error}") from None
        if not argv:
            raise AdapterFailed("--adapter is empty")
        try:
            self._process = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                encoding="utf-8",
                errors="replace",
                bufsize=1,
            )
        except OSError as error:
            raise AdapterFailed(f"cannot start the adapter {argv[0]!r}: {error}") from None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True, name="sdk-adapter")
        self._reader.start()
        self._next_id = 0

    def _read(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        try:
            while True:
                line = stdout.readline(MAX_LINE)
                if not line:
                    break
                self._lines.put(line)
        except (OSError, ValueError):
            pass
        self._lines.put(None)  # end of output: the adapter exited or closed stdout

    def hello(self, timeout: float) -> Hello:
        """The adapter's name, actions and features; `timeout` allows for a slow start (a JVM,
        `npx`)."""
        answer = self.call("hello", {}, timeout=timeout, context={})
        result = answer.result
        if result is None:
            raise AdapterFailed(f"the adapter did not answer hello with a result: {answer}")
        actions, features = result.get("actions"), result.get("features", [])
        if not _strings(actions) or not _strings(features):
            raise AdapterFailed("hello's result needs `actions` and `features`, lists of strings")
        assert isinstance(actions, list)
        assert isinstance(features, list)
        return Hello(str(result.get("name", "adapter")), frozenset(actions), frozenset(features))

    def call(
        self, action: str, args: dict[str, Any], *, timeout: float, context: dict[str, Any]
    ) -> Answer:
        """Send one request and wait at most `timeout` seconds for its answer."""
        import time

        self._next_id += 1
        request = {"id": self._next_id, "action": action, **context, "args": args}
        started = time.monotonic()
        try:
            stdin = self._process.stdin
            assert stdin is not None
            stdin.write(json.dumps(request) + "\n")
            stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            raise AdapterFailed(self._exited(f"before {action} could be sent")) from None
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise AdapterFailed(
                f"the adapter did not answer {action} within {timeout:g} s (killed)"
            ) from None
        if line is None:
            raise AdapterFailed(self._exited(f"while answering {action}"))
        return _parse(line, self._next_id, action, time.monotonic() - started, self)

    def _exited(self, when: str) -> str:
        code = self._process.poll()
        if code is None:
            try:
                code = self._process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                return f"the adapter closed its output {when}"
        return f"the adapter exited with status {code} {when}"

    def close(self) -> None:
        """Say bye, then make sure the process is gone and its pipes closed."""
        stdin, stdout = self._process.stdin, self._process.stdout
        if self._process.poll() is None and stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                stdin.write(json.dumps({"id": self._next_id + 1, "action": "bye"}) + "\n")
                stdin.flush()
            with contextlib.suppress(OSError, ValueError):
                stdin.close()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()
        for stream in (stdin, stdout):
            if stream is not None:
                with contextlib.suppress(OSError, ValueError):
                    stream.close()

    def kill(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=5)


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _parse(line: str, expected_id: int, action: str, elapsed: float, adapter: Adapter) -> Answer:
    def garbage(why: str) -> AdapterFailed:
        adapter.kill()
        return AdapterFailed(f"the adapter's answer to {action} {why}: {line.strip()[:200]!r}")

    try:
        message = json.loads(line)
    except ValueError:
        raise garbage("is not JSON (stdout is for protocol lines only; log to stderr)") from None
    if not isinstance(message, dict):
        raise garbage("is not a JSON object")
    if message.get("id") != expected_id:
        raise garbage(f"has id {message.get('id')!r}, expected {expected_id}")
    present = [key for key in ("result", "error", "unsupported") if key in message]
    if len(present) != 1:
        raise garbage("needs exactly one of result, error, unsupported")
    if "unsupported" in message:
        return Answer(unsupported=str(message["unsupported"]) or "unsupported", elapsed=elapsed)
    if "result" in message:
        if not isinstance(message["result"], dict):
            raise garbage("has a result that is not an object")
        return Answer(result=message["result"], elapsed=elapsed)
    error = message["error"]
    if not isinstance(error, dict) or error.get("kind") not in ERROR_KINDS:
        raise garbage(f"has an error without a kind of {sorted(ERROR_KINDS)}")
    headers = error.get("headers", {})
    if not isinstance(headers, dict):
        raise garbage("has error headers that are not an object")
    error = {**error, "headers": {str(k).lower(): str(v) for k, v in headers.items()}}
    return Answer(error=error, elapsed=elapsed)
