"""`comms-docs-check --fetch` against a local stand-in for the docs site (loopback only).

The stand-in serves the seed pages as `<host>/<path>.md`, and the section's `llms.txt`; each
case changes what it serves, as the site would.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest

from comms_spec import load_spec
from comms_spec.checks.sources import load_index
from comms_spec.docs_check import DocsReport, check_pages, main
from comms_spec.docs_check.pages import FetchSource, SetupError
from tests.docs_check.conftest import SEEDS

pytestmark = [pytest.mark.loopback, pytest.mark.slow]

FERN = "https://docs.comms.twilio.com/comms-api-reference/sender-pools"
LLMS = "\n".join(
    f"- [{title}]({FERN}/{slug}.md)"
    for title, slug in [
        ("List SenderPools", "list"),
        ("Create a SenderPool", "create"),
        ("Fetch a SenderPool", "fetch"),
        ("Delete a SenderPool", "delete"),
        ("Update a SenderPool", "update"),
        ("List Senders in a SenderPool", "list-senders"),
        ("Add Senders to a SenderPool", "add-sender"),
        ("Remove a Sender from a SenderPool", "remove-sender"),
        ("List Sender Pool Operations", "list-operations"),
        ("Fetch a SenderPool Operation", "fetch-operation"),
    ]
)


class _Site(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[int, str]]] = {}  # path -> (status, body or Location)

    def do_GET(self) -> None:
        status, body = self.pages.get(self.path, (404, ""))
        self.send_response(status)
        if status in (301, 302):
            self.send_header("Location", body)
            body = ""
        data = body.encode("utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"/{parts.netloc}{parts.path}"


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def index() -> dict[str, dict[str, Any]]:
    """The pages the seeds hold copies of, and the section: what the stand-in can serve."""
    if not SEEDS.is_dir():
        pytest.skip(f"no seed pages at {SEEDS}")
    full = load_index()
    kept = {url: page for url, page in full.items() if "copy" in page or page.get("section")}
    _Site.pages = {
        _path(url if url.endswith(".md") else url + ".md"): (
            200,
            (SEEDS / page["copy"]).read_text(encoding="utf-8"),
        )
        for url, page in kept.items()
        if "copy" in page
    }
    _Site.pages[_path(FERN + "/llms.txt")] = (200, LLMS)
    return kept


def _run(site: str, index: dict[str, dict[str, Any]]) -> DocsReport:
    return check_pages(load_spec(), index, FetchSource(site, timeout=5), live=True)


def test_the_live_pages_as_the_seeds_give_no_change(
    site: str, index: dict[str, dict[str, Any]]
) -> None:
    report = _run(site, index)
    assert report.findings == []
    assert {p.state for p in report.pages} == {"read", "section"}


def test_an_operation_the_sections_llms_txt_adds(
    site: str, index: dict[str, dict[str, Any]]
) -> None:
    _Site.pages[_path(FERN + "/llms.txt")] = (
        200,
        LLMS + f"\n- [Pause a SenderPool]({FERN}/pause.md): new",
    )
    report = _run(site, index)
    [finding] = report.findings
    assert (finding.kind, finding.fact) == ("operation-added", "operation Pause a SenderPool")
    assert f"{FERN}/pause" in report.uncited  # and its page is one no claim cites


def test_a_moved_and_a_vanished_page(site: str, index: dict[str, dict[str, Any]]) -> None:
    guide = "https://www.twilio.com/docs/comms/sender-pools"
    moved = "https://www.twilio.com/docs/messaging/sender-pools"
    _Site.pages[_path(moved + ".md")] = _Site.pages.pop(_path(guide + ".md"))
    _Site.pages[_path(guide + ".md")] = (301, site + _path(moved + ".md"))
    del _Site.pages[_path(FERN + "/create.md")]
    findings = {f.kind: f for f in _run(site, index).findings}
    assert set(findings) == {"page-moved", "page-vanished"}
    assert findings["page-moved"].message.endswith(moved)
    assert "/components/schemas/SenderPoolFrom" in findings["page-moved"].claims
    assert findings["page-vanished"].page == FERN + "/create"
    assert "/paths/~1SenderPools/post" in findings["page-vanished"].claims


def test_a_server_error_is_a_set_up_error(
    site: str, index: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    _Site.pages[_path(FERN + "/list.md")] = (500, "")
    with pytest.raises(SetupError, match="HTTP 500"):
        _run(site, index)
    sources = tmp_path / "sources.yaml"
    import yaml

    sources.write_text(yaml.safe_dump({"pages": list(index.values())}), encoding="utf-8")
    assert main(["--fetch", "--origin", site, "--sources", str(sources)]) == 2
