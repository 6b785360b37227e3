"""A small HTTP/1.1 keep-alive load generator over raw asyncio streams.

httpx costs more CPU per request than the emulator does, so it would measure itself; this
writes pre-built requests and reads Content-Length framed responses, nothing more.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    host: str
    authorization: str

    async def request(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        payload = b"" if body is None else json.dumps(body).encode()
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n"
            f"Authorization: {self.authorization}\r\n"
        )
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + payload)
        status_line = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return int(status_line.split()[1]), await self.reader.readexactly(length)


Scenario = Callable[[Connection], Awaitable[None]]


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0.0


async def run(
    host: str,
    port: int,
    auth: tuple[str, str],
    scenario: Scenario,
    *,
    connections: int = 32,
    seconds: float = 3.0,
    warmup: float = 0.5,
) -> Result:
    token = "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
    result = Result()
    start = time.perf_counter()
    measure_from = start + warmup
    stop_at = measure_from + seconds

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        conn = Connection(reader, writer, f"{host}:{port}", token)
        try:
            while (now := time.perf_counter()) < stop_at:
                try:
                    await scenario(conn)
                except (AssertionError, ValueError, IndexError):
                    result.errors += 1
                if now >= measure_from:
                    result.latencies.append(time.perf_counter() - now)
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    result.elapsed = time.perf_counter() - measure_from
    return result
