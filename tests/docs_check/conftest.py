from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
LIST = "003_bd2fc009cfd6cdce.txt"  # Fern List SenderPools (older snapshot)
CREATE = "002_a19fd7ff0101746e.txt"  # Fern Create a SenderPool
ADD = "001_b4e1b600c6a2db0f.txt"  # Fern Add Senders to a SenderPool
POOL_SENDERS = "000_e250a9a7a043a2f5.txt"  # twilio.com SenderPool Senders resource
GUIDE = "004_3738861de639da7d.txt"  # the Sender Pools guide


@pytest.fixture
def copies(tmp_path: Path) -> Path:
    """A private copy of the seed pages, to edit as a docs change would arrive."""
    if not SEEDS.is_dir():
        pytest.skip(f"no seed pages at {SEEDS}")
    target = tmp_path / "pages"
    shutil.copytree(SEEDS, target)
    return target


Edit = Callable[[Path, str, str, str], None]


def edit(copies: Path, name: str, old: str, new: str) -> None:
    """Replace every `old` on one page; the page must print it."""
    path = copies / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name} does not print {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")
