"""JSON pointers (RFC 6901): the one place that escapes and reads them.

Every finding, problem location and `$ref` in the kit names a spec node this way, so the `~`
and `/` escapes must be right everywhere; writing them twice is how one copy forgets `~`.
"""

from __future__ import annotations

from typing import Any


def escape(token: str | int) -> str:
    """One reference token: `~` before `/`, or `a/b~c` would come back as `a/b/c`."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer(*tokens: str | int) -> str:
    """`pointer("paths", "/SenderPools", "get")` -> `/paths/~1SenderPools/get`."""
    return "".join("/" + escape(t) for t in tokens)


def pointer_get(document: Any, where: str) -> Any:
    """The node at `where` (`""` is the whole document); KeyError if there is none."""
    node = document
    for raw in where.split("/")[1:] if where else []:
        token = unescape(raw)
        if isinstance(node, list):
            node = node[int(token)]
        elif isinstance(node, dict):
            node = node[token]
        else:
            raise KeyError(where)
    return node
