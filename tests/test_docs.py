"""The README stays a front page, and every link in it leads somewhere. (The docs site's own
links are checked by `mkdocs build --strict` in `nox -s lint`.)"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_the_readme_is_short() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 200


def test_every_relative_link_in_the_readme_exists() -> None:
    links = [
        target.split("#")[0]
        for target in LINK.findall(README.read_text(encoding="utf-8"))
        if not target.startswith(("http://", "https://", "#"))
    ]
    assert links, "the README links to no page"
    missing = [link for link in links if not (ROOT / link).exists()]
    assert not missing, missing


def test_every_docs_page_is_in_the_site_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert pages, "no docs pages"
    assert {page for page in pages if page not in nav} == set()
