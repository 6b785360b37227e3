"""JSON Schema 2020-12 validators over the spec's own schemas, with format checking on."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_URI = "urn:comms-spec"

# One checker for the whole kit. jsonschema only checks `date-time` and `uri` when the optional
# validators are installed (the `format-nongpl` extra); tests/spec/test_validation.py fails if
# they are missing, because then every date-time check would silently pass.
FORMAT_CHECKER = FormatChecker()


def _registry(spec: dict[str, Any]) -> Registry[Any]:
    resource: Resource[Any] = Resource.from_contents(spec, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return registry


def schema_validator(spec: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    """A validator for `schema`, a node of the spec whose local `$ref`s point into the spec."""
    rebased = _rebase_refs(schema)
    return Draft202012Validator(rebased, registry=_registry(spec), format_checker=FORMAT_CHECKER)


def _rebase_refs(node: Any) -> Any:
    """Rewrite `#/...` refs to `urn:comms-spec#/...` so they resolve inside the spec."""
    if isinstance(node, dict):
        out = {k: _rebase_refs(v) for k, v in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            out["$ref"] = SPEC_URI + ref
        return out
    if isinstance(node, list):
        return [_rebase_refs(v) for v in node]
    return node
