"""GET load from wrk, the external load generator (Debian package `wrk`).

An external generator in C measures the server, not a Python client's own cost. Each run is
one wrk thread with 32 keep-alive connections (`wrk -t1 -c32`), after a one-second warm-up; a
Lua script picks the path per request and reports exact percentiles as one JSON line.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"status":%d,"io":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


@dataclass(frozen=True)
class WrkResult:
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx/3xx answers and socket errors

    def percentile(self, p: float) -> float:
        return {0.5: self.p50_ms, 0.99: self.p99_ms}[p]


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string of ASCII is a valid Lua string literal


def run(
    port: int,
    authorization: str,
    paths: list[str],
    *,
    seconds: float,
    connections: int = 32,
) -> WrkResult:
    """Load `paths` (one picked at random per request) on 127.0.0.1:port."""
    table = ",\n".join(_lua_string(p) for p in paths)
    script = (
        f"local paths = {{{table}}}\n"
        f"wrk.headers[{_lua_string('Authorization')}] = {_lua_string(authorization)}\n"
        "request = function()\n"
        "  return wrk.format('GET', paths[math.random(#paths)])\n"
        "end\n" + _REPORT
    )
    with tempfile.TemporaryDirectory() as folder:
        lua = Path(folder) / "scenario.lua"
        lua.write_text(script, encoding="ascii")
        base = ["wrk", "-t1", f"-c{connections}", "-s", str(lua), f"http://127.0.0.1:{port}"]
        subprocess.run([*base[:3], "-d1s", *base[3:]], capture_output=True, check=True)
        output = subprocess.run(
            [*base[:3], f"-d{max(1, round(seconds))}s", *base[3:]],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    line = next(x for x in output.splitlines() if x.startswith("WRK_JSON "))
    report = json.loads(line.removeprefix("WRK_JSON "))
    return WrkResult(
        rate=report["requests"] / (report["duration_us"] / 1e6),
        p50_ms=report["p50_us"] / 1000,
        p99_ms=report["p99_us"] / 1000,
        errors=report["status"] + report["io"],
    )
