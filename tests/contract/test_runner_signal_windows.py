"""Ctrl-C and SIGTERM at every moment of the runner's entry and exit (from its first statement
to its return), in a process of its own: the exit code is always the documented one (2, with a
line saying so; or the verdict, when the signal came after it was decided), never 130/143 and
never a traceback. Each moment is a traced line of `contract_tests/cli/`, one signal each,
rather than random timing: every window is hit, every time."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.contract.support import ROOT

pytestmark = pytest.mark.slow  # one process, about 2 s

# The runner's command entry run again and again in one process (its modules loaded once):
# before each run the signal handlers are the interpreter's defaults, as at a process's start;
# the signal is sent at the k-th line the entry runs once its first handler (SIGTERM's) is in.
_DRIVER = """
import contextlib, io, json, os, signal, sys
import contract_tests.cli as cli
import contract_tests.cli.runner

HERE = os.path.dirname(cli.__file__)
ARGS = json.loads(sys.argv[1])


def once(fire_at, signum):
    count = [0]

    def trace(frame, event, arg):
        if not frame.f_code.co_filename.startswith(HERE):
            return None
        armed = count[0] or signal.getsignal(signal.SIGTERM) is cli._interrupt
        if event == "line" and armed:
            count[0] += 1
            if count[0] == fire_at:
                os.kill(os.getpid(), signum)
        return trace

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    sys.argv = ["comms-conformance", *ARGS]
    out = io.StringIO()
    sys.settrace(trace)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = cli.main()
    finally:
        sys.settrace(None)
    return code, count[0], out.getvalue()


verdict, lines, _ = once(0, signal.SIGTERM)
results = []
for k in range(1, lines + 1):
    for signum in (signal.SIGINT, signal.SIGTERM):
        code, _, text = once(k, signum)
        results.append([k, int(signum), code, text])
print(json.dumps({"verdict": verdict, "lines": lines, "results": results}))
"""


@pytest.mark.parametrize(
    ("args", "verdict"),
    [
        (["--help"], 0),  # the shortest path: parse, print, exit
        (["--base-url", "http://127.0.0.1:9/v1"], 2),  # a set-up error: nothing listens there
    ],
)
def test_a_signal_at_any_moment_of_the_entry_or_exit_exits_2_or_the_verdict(
    args: list[str], verdict: int
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env = {k: v for k, v in env.items() if not k.startswith("TWILIO_")}
    result = subprocess.run(
        [sys.executable, "-c", _DRIVER, json.dumps(args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    outcome = json.loads(result.stdout)
    assert outcome["verdict"] == verdict
    assert outcome["lines"] > 10  # the trace saw the entry's lines
    for k, signum, code, text in outcome["results"]:
        where = f"signal {signum} at line {k}: exit {code}\n{text[-1500:]}"
        assert code in (2, verdict), where
        assert "Traceback" not in text, where
        assert "SystemError" not in text, where
        if code == 2 and verdict != 2:
            assert "interrupted" in text, where
