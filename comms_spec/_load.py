"""Where the spec lives and how it is read."""

from __future__ import annotations

import functools
import importlib.resources
import os
from pathlib import Path
from typing import Any

import yaml

SPEC_FILE = "comms-sender-pools.yaml"
SPEC_PATH_ENV = "COMMS_SPEC_PATH"


def _spec_dir() -> Path:
    """Where the spec files are: the package's `data/` in an installed wheel, else the checkout.

    The repository's `spec/` is the one edited copy; the wheel build force-includes it as
    `comms_spec/data/` (pyproject.toml), because an installed package has no checkout around
    it. An editable install has no `data/`, so it reads `spec/` in place and edits show at once.
    """
    packaged = importlib.resources.files("comms_spec").joinpath("data", SPEC_FILE)
    if isinstance(packaged, Path) and packaged.is_file():
        return packaged.parent
    # Missing here too fails at use (spec_path), not at import: COMMS_SPEC_PATH may name one.
    return Path(__file__).resolve().parent.parent / "spec"


SPEC_DIR = _spec_dir()
DEFAULT_SPEC_PATH = SPEC_DIR / SPEC_FILE
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def spec_path() -> Path:
    """The spec in use: `COMMS_SPEC_PATH` if set, else the repository's own."""
    override = os.environ.get(SPEC_PATH_ENV)
    if override:
        return Path(override)
    if not DEFAULT_SPEC_PATH.is_file():
        raise FileNotFoundError(
            f"no spec at {DEFAULT_SPEC_PATH}: this comms_spec is neither an installed wheel "
            f"(which carries comms_spec/data/{SPEC_FILE}) nor a checkout with spec/; "
            f"set {SPEC_PATH_ENV} to the spec file"
        )
    return DEFAULT_SPEC_PATH


def load_spec(path: Path | str | None = None) -> dict[str, Any]:
    """Parse the spec. Cached per (path, mtime) so an edited file is re-read."""
    resolved = Path(path) if path is not None else spec_path()
    return _load_cached(resolved.resolve(), resolved.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load_cached(path: Path, _mtime_ns: int) -> dict[str, Any]:
    return parse_spec(path.read_text(encoding="utf-8"), str(path))


def parse_spec(text: str, where: str = "the spec") -> dict[str, Any]:
    """A spec document from its text (a file's, or a revision's from git): the one parser every
    reader of the spec uses."""
    # BaseLoader would keep '2024-01-15T09:30:00Z' as str, but also turn integers into
    # strings; SafeLoader is right as long as the spec quotes its timestamps, which the
    # examples check enforces (an unquoted one fails `format: date-time` as a datetime).
    # The C loader reads the spec ~8x faster than the pure-Python one: start-up time.
    document = yaml.load(text, Loader=_LOADER)
    if not isinstance(document, dict):
        raise ValueError(f"{where}: expected a mapping at the top level")
    return document
