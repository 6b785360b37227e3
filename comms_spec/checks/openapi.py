"""The document is valid OpenAPI 3.1 (openapi-spec-validator, all errors, not just the first)."""

from __future__ import annotations

from typing import Any

from openapi_spec_validator import OpenAPIV31SpecValidator

from comms_spec.checks._problem import SpecProblem

NAME = "openapi-3.1-valid"


def check_openapi(spec: dict[str, Any]) -> list[SpecProblem]:
    if spec.get("openapi", "").split(".")[:2] != ["3", "1"]:
        return [SpecProblem(NAME, "/openapi", f"expected 3.1.x, got {spec.get('openapi')!r}")]
    validator = OpenAPIV31SpecValidator(spec)
    return [
        SpecProblem(NAME, "/" + "/".join(str(p) for p in error.absolute_path), error.message)
        for error in validator.iter_errors()
    ]
