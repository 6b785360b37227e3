from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


def encode_json(body: Any) -> bytes:
    """Compact UTF-8 JSON. orjson: a serialiser made for speed, several times faster than
    `json.dumps` on the emulator's records, with the same output for them."""
    return orjson.dumps(body)


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(
        encode_json(body),
        status_code=status,
        headers=headers,
        media_type="application/json",
    )
