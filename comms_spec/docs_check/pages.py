"""Reading the cited pages: from a directory of copies, or from the docs site (`--fetch`).

A directory holds copies in either layout:
- by the name `spec/sources.yaml` gives a page's stored copy (`copy: 000_e250a9a7a043a2f5.txt`,
  the plain-text seeds), or
- by URL, as the site serves the Markdown: `<host>/<path>.md` (`docs.comms.twilio.com/
  comms-api-reference/sender-pools/list.md`), and the section's index as
  `<host>/<section path>/llms.txt` (or `llms.txt` at the top).

In the first layout (the directory holds at least one of the stored copies the index names),
a page whose stored copy is missing has vanished. Otherwise a page the directory holds no copy
of is simply not checked: a partial mirror cannot tell a removed page from one not saved
(`--fetch` can: a 404).

Online, each page is read as its `.md` form and the section as `<section>/llms.txt`. `origin`
serves every docs host from one address (`<origin>/<host>/<path>`), for a mirror or a test
stand-in; nothing else is rewritten. A 404 or 410 means the page vanished, a redirect that it
moved; any other failure is a set-up error, never a finding.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

READ, VANISHED, MOVED, NOT_HELD = "read", "vanished", "moved", "not held"
GONE_CODES = (404, 410)


class SetupError(Exception):
    """The pages cannot be read at all (a missing directory, a server error, no network)."""


@dataclass(frozen=True)
class PageCopy:
    url: str
    state: str  # READ, VANISHED, MOVED or NOT_HELD
    text: str = ""
    moved_to: str | None = None
    read_from: str = ""


class PageSource(Protocol):
    def read(self, url: str, page: dict[str, Any]) -> PageCopy: ...

    def section_index(self, url: str) -> str | None: ...


def markdown_url(url: str) -> str:
    return url if url.endswith(".md") else url.rstrip("/") + ".md"


def _mirrored(root: Path, url: str, *suffixes: str) -> list[Path]:
    parts = urllib.parse.urlsplit(url)
    base = root / parts.netloc / parts.path.strip("/")
    return [base.with_name(base.name + suffix) if suffix else base for suffix in suffixes]


class DirectorySource:
    def __init__(self, root: Path, copy_names: Collection[str] | None = None) -> None:
        """`copy_names`: the stored copies the index names; when given and the directory holds
        none of them, it is a mirror by URL, where a missing page is not a vanished one."""
        if not root.is_dir():
            raise SetupError(f"{root} is not a directory of page copies")
        self.root = root
        self.holds_stored_copies = copy_names is None or any(
            (root / name).is_file() for name in copy_names
        )

    def read(self, url: str, page: dict[str, Any]) -> PageCopy:
        named = page.get("copy")
        candidates = [self.root / str(named)] if named else []
        candidates += _mirrored(self.root, markdown_url(url), "")
        for path in candidates:
            if path.is_file():
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as error:
                    raise SetupError(f"cannot read {path}: {error}") from error
                return PageCopy(url, READ, text, read_from=str(path))
        if named and self.holds_stored_copies:
            return PageCopy(url, VANISHED, read_from=str(self.root / str(named)))
        return PageCopy(url, NOT_HELD)

    def section_index(self, url: str) -> str | None:
        for path in [
            *_mirrored(self.root, url.rstrip("/") + "/llms.txt", ""),
            self.root / "llms.txt",
        ]:
            if path.is_file():
                return path.read_text(encoding="utf-8")
        return None


class FetchSource:
    def __init__(self, origin: str | None = None, timeout: float = 20.0) -> None:
        if origin is not None and urllib.parse.urlsplit(origin).scheme not in ("http", "https"):
            raise SetupError(f"--origin must be an http(s) URL, got {origin!r}")
        self.origin = origin.rstrip("/") if origin else None
        self.timeout = timeout

    def _address(self, url: str) -> str:
        if self.origin is None:
            return url
        parts = urllib.parse.urlsplit(url)
        return f"{self.origin}/{parts.netloc}{parts.path}"

    def _page_url(self, address: str) -> str:
        """The docs URL an address of ours stands for (the inverse of `_address`)."""
        if self.origin is not None and address.startswith(self.origin + "/"):
            host_path = address[len(self.origin) + 1 :]
            address = "https://" + host_path
        return address[: -len(".md")] if address.endswith(".md") else address

    def _get(self, address: str) -> tuple[int, str, str]:
        request = urllib.request.Request(address, headers={"Accept": "text/markdown, text/plain"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read().decode("utf-8", errors="replace")
                return response.status, response.geturl(), body
        except urllib.error.HTTPError as error:
            if error.code in GONE_CODES:
                return error.code, address, ""
            raise SetupError(f"GET {address}: HTTP {error.code}") from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise SetupError(f"GET {address}: {error}") from error

    def read(self, url: str, page: dict[str, Any]) -> PageCopy:
        address = self._address(markdown_url(url))
        status, final, body = self._get(address)
        if status in GONE_CODES:
            return PageCopy(url, VANISHED, read_from=address)
        if final != address:
            moved = self._page_url(final)
            if moved != url:
                return PageCopy(url, MOVED, body, moved_to=moved, read_from=final)
        return PageCopy(url, READ, body, read_from=final)

    def section_index(self, url: str) -> str | None:
        status, _final, body = self._get(self._address(url.rstrip("/") + "/llms.txt"))
        return None if status in GONE_CODES else body
