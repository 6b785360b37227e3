from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response


def encode_json(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(
        encode_json(body),
        status_code=status,
        headers=headers,
        media_type="application/json",
    )
