"""One router from method + path to a spec operation, for the emulator, the suite and the checks.

A segment trie: literal segments win over parameters, so `/SenderPools/Operations` never
reaches `/SenderPools/{senderPoolId}`, and a path matches in one walk whatever the number of
operations (the emulator routes every request through it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from comms_spec._operations import SpecOperation


@dataclass
class _Node:
    literals: dict[str, _Node] = field(default_factory=dict)
    param: tuple[str, _Node] | None = None
    template: str = ""
    methods: dict[str, SpecOperation] = field(default_factory=dict)
    allow: str = ""


@dataclass(frozen=True)
class Route:
    """A path that matched a template: its operations by method and the path parameters."""

    template: str
    methods: Mapping[str, SpecOperation]
    allow: str  # the `Allow` header for a 405
    params: dict[str, str]

    def operation(self, method: str) -> SpecOperation | None:
        return self.methods.get(method.upper())


class Router:
    def __init__(self, operations: Iterable[SpecOperation]) -> None:
        self._root = _Node()
        self._by_template: dict[tuple[str, str], SpecOperation] = {}
        for op in operations:
            node = self._root
            for segment in op.path.strip("/").split("/"):
                if segment.startswith("{") and segment.endswith("}"):
                    if node.param is None:
                        node.param = (segment[1:-1], _Node())
                    node = node.param[1]
                else:
                    node = node.literals.setdefault(segment, _Node())
            node.template = op.path
            node.methods[op.method.upper()] = op
            node.allow = ", ".join(sorted(node.methods))
            self._by_template[(op.method.upper(), op.path)] = op

    def route(self, api_path: str) -> Route | None:
        """The route of a path relative to the version prefix (`/SenderPools/comms_...`);
        None if no template matches. An empty segment never fills a parameter."""
        if not api_path.startswith("/"):
            return None
        node, params = self._root, {}
        for segment in api_path[1:].split("/"):
            child = node.literals.get(segment)
            if child is None and node.param is not None and segment:
                name, child = node.param
                params[name] = segment
            if child is None:
                return None
            node = child
        if not node.methods:
            return None
        return Route(node.template, node.methods, node.allow, params)

    def match(self, method: str, api_path: str) -> SpecOperation | None:
        route = self.route(api_path)
        return None if route is None else route.operation(method)

    def at_template(self, method: str, template: str) -> SpecOperation | None:
        """The operation declared at a path template, e.g. ("GET", "/SenderPools")."""
        return self._by_template.get((method.upper(), template))
