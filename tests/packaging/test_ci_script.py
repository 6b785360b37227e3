"""CI runs the README's test command as a reader would: nox and uv installed into `.venv` with
the same pins, `.venv/bin/nox` called by its path, and that venv never put on PATH (a green CI
that put it there hid a test run that failed on every fresh clone)."""

from __future__ import annotations

import re

from tests.packaging.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
COMMAND = re.compile(
    r"python3 -m venv \.venv && \.venv/bin/pip install -q (?P<pins>[^&\n]+) && "
    r"\.venv/bin/nox -s tests$",
    re.MULTILINE,
)


def _code(script: str) -> str:
    """The script without its comments."""
    return "\n".join(line.split("#", 1)[0] for line in script.splitlines())


def test_ci_installs_what_the_readme_installs_and_calls_nox_by_its_path() -> None:
    found = COMMAND.search(README)
    assert found, "the README's test command is not where this test looks"
    pins = found["pins"].split()
    code = _code(CI)
    assert "python3 -m venv .venv" in code
    install = re.search(r"\.venv/bin/pip install (.+?)'", code, re.DOTALL)
    assert install, code
    assert [w for w in install[1].split() if "==" in w] == pins
    assert re.search(r"^phase tests \.venv/bin/nox -s tests$", code, re.MULTILINE), code


def test_ci_never_puts_a_venv_on_path() -> None:
    assert not re.search(r"\bPATH=|export PATH|activate", _code(CI))
