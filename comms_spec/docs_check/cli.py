"""`comms-docs-check [COPIES | --fetch] [--reports DIR]`: the spec claims a changed page affects.

Exit 0: every cited fact still holds; 1: the docs changed (the findings name the claims to
revisit); 2: a set-up error (no copies, an unreadable spec or index, a page that cannot be
fetched for a reason other than being gone).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from comms_spec._load import load_spec
from comms_spec.checks.sources import DEFAULT_SOURCES_PATH, load_index
from comms_spec.docs_check.compare import check_pages
from comms_spec.docs_check.pages import DirectorySource, FetchSource, PageSource, SetupError
from comms_spec.docs_check.report import as_markdown, write_reports


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="comms-docs-check",
        description="Which spec claims a changed documentation page affects.",
    )
    parser.add_argument(
        "copies",
        nargs="?",
        type=Path,
        help="a directory of page copies (the seeds' names, or <host>/<path>.md)",
    )
    parser.add_argument(
        "--fetch", action="store_true", help="read each cited page's .md form online instead"
    )
    parser.add_argument(
        "--origin",
        help="with --fetch: serve every docs host from this URL (<origin>/<host>/<path>), "
        "for a mirror or a test stand-in",
    )
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per page (--fetch)")
    parser.add_argument("--spec", type=Path, help="the spec file (default: the kit's)")
    parser.add_argument(
        "--sources", type=Path, default=DEFAULT_SOURCES_PATH, help="the index of cited pages"
    )
    parser.add_argument(
        "--reports", type=Path, help="write docs-check.md, .json and .xml (JUnit) here"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 0 if exit_.code == 0 else 2
    if bool(args.fetch) == (args.copies is not None):
        print(
            "comms-docs-check: give a directory of copies or --fetch (one of them)", file=sys.stderr
        )
        return 2
    if args.origin and not args.fetch:
        print("comms-docs-check: --origin needs --fetch", file=sys.stderr)
        return 2
    try:
        spec = load_spec(args.spec)
        index = load_index(args.sources)
        copy_names = [str(page["copy"]) for page in index.values() if "copy" in page]
        source: PageSource = (
            FetchSource(args.origin, args.timeout)
            if args.fetch
            else DirectorySource(args.copies, copy_names)
        )
        report = check_pages(spec, index, source, live=bool(args.fetch))
    except (SetupError, OSError, ValueError, KeyError, TypeError, yaml.YAMLError) as error:
        print(f"comms-docs-check: {error}", file=sys.stderr)
        return 2
    print(as_markdown(report), end="")
    if args.reports:
        try:
            write_reports(report, args.reports)
        except OSError as error:
            print(f"comms-docs-check: cannot write reports: {error}", file=sys.stderr)
            return 2
    return 1 if report.changed else 0


if __name__ == "__main__":
    sys.exit(main())
