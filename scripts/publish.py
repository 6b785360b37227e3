"""Write the published spec (`nox -s publish`), or check it is current (`-- --check`).

The published document (comms_spec._publish) goes to `spec/published/` as JSON and YAML; the
wheel ships both (pyproject.toml force-include) and the emulator serves it at `/openapi.json`.
Exit 0 written or current, 1 stale (with --check).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from comms_spec import load_spec, spec_path
from comms_spec._publish import PUBLISHED_NAME, published_document

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "spec" / "published"


def rendered() -> dict[str, str]:
    document = published_document(load_spec(spec_path()))
    return {
        f"{PUBLISHED_NAME}.json": json.dumps(document, indent=2, ensure_ascii=False) + "\n",
        f"{PUBLISHED_NAME}.yaml": yaml.safe_dump(document, sort_keys=False, allow_unicode=True),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if spec/published is stale")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    stale = []
    for name, text in rendered().items():
        path: Path = args.out / name
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        if args.check:
            stale.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    if stale:
        print(f"stale: {', '.join(stale)}; run `nox -s publish`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
