"""The API reference page (/docs), rendered on the server from the app's own OpenAPI description.

FastAPI's interactive pages load Swagger UI or ReDoc from a CDN and run inline script; this page needs
neither: it lists every operation with its parameters (types, limits, defaults, examples), its responses,
and every schema, as plain HTML. The description itself stays at /openapi.json.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

#: A type, as text pieces; a piece with an anchor names a schema of the page.
TypeText = list[tuple[str, str | None]]


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: TypeText
    required: bool
    description: str
    limits: list[str] = field(default_factory=list)
    default: str | None = None
    examples: list[str] = field(default_factory=list)
    where: str = ""  # "query", "path" (parameters only)


@dataclass(frozen=True, slots=True)
class Reply:
    status: str
    description: str
    type: TypeText


@dataclass(frozen=True, slots=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: list[Field]
    responses: list[Reply]


@dataclass(frozen=True, slots=True)
class Schema:
    name: str
    anchor: str
    description: str
    fields: list[Field]


def inline_code(text: str) -> Markup:
    """Escaped text in which `backquoted` words become ``<code>``.

    >>> inline_code("`If-None-Match` & <b>")
    Markup('<code>If-None-Match</code> &amp; &lt;b&gt;')
    """
    parts = re.split(r"`([^`]*)`", text)
    return Markup("").join(Markup("<code>%s</code>") % p if i % 2 else escape(p) for i, p in enumerate(parts))


def schema_anchor(name: str) -> str:
    return f"schema-{name}"


def type_text(schema: dict[str, Any]) -> TypeText:
    """``{"anyOf": [{"type": "integer"}, {"type": "null"}]}`` -> ``integer or null``, schema names linked."""
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        return [(name, schema_anchor(name))]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            out: TypeText = []
            for i, option in enumerate(schema[key]):
                out += ([(" or ", None)] if i else []) + type_text(option)
            return out
    if "enum" in schema:
        return [(" | ".join(json.dumps(v) for v in schema["enum"]), None)]
    if schema.get("type") == "array":
        if "prefixItems" in schema:
            pieces: TypeText = [("[", None)]
            for i, item in enumerate(schema["prefixItems"]):
                pieces += ([(", ", None)] if i else []) + type_text(item)
            return [*pieces, ("]", None)]
        return [("array of ", None), *type_text(schema.get("items", {}))]
    return [(str(schema.get("type", "any")), None)]


_LIMITS = {
    "minimum": "at least {}",
    "maximum": "at most {}",
    "exclusiveMinimum": "more than {}",
    "exclusiveMaximum": "less than {}",
    "minLength": "at least {} characters",
    "maxLength": "at most {} characters",
    "minItems": "at least {} items",
    "maxItems": "at most {} items",
    "pattern": "matches {}",
}


def limits_of(schema: dict[str, Any]) -> list[str]:
    """The constraints of a schema and of the options it allows, in words."""
    found: list[str] = []
    for part in [schema, *schema.get("anyOf", []), *schema.get("oneOf", [])]:
        for key, text in _LIMITS.items():
            if key in part:
                found.append(text.format(part[key]))
    return list(dict.fromkeys(found))


def _field(name: str, schema: dict[str, Any], required: bool, description: str = "", where: str = "") -> Field:
    examples = schema.get("examples") or []
    return Field(
        name=name,
        type=type_text(schema),
        required=required,
        description=description or str(schema.get("description", "")),
        limits=limits_of(schema),
        default=json.dumps(schema["default"]) if "default" in schema else None,
        examples=[json.dumps(e) for e in examples],
        where=where,
    )


def _reply_type(response: dict[str, Any]) -> TypeText:
    content = response.get("content") or {}
    for media in content.values():
        if "schema" in media:
            return type_text(media["schema"])
    return []


def operations(spec: dict[str, Any]) -> list[Operation]:
    out: list[Operation] = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            parameters = [
                _field(p["name"], p.get("schema", {}), bool(p.get("required")), p.get("description", ""), p["in"])
                for p in op.get("parameters", [])
            ]
            responses = [
                Reply(status, str(r.get("description", "")), _reply_type(r))
                for status, r in sorted(op.get("responses", {}).items())
            ]
            out.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    anchor=str(op.get("operationId") or f"{method}-{path}"),
                    summary=str(op.get("summary", "")),
                    description=str(op.get("description", "")),
                    parameters=parameters,
                    responses=responses,
                )
            )
    return out


def schemas(spec: dict[str, Any]) -> list[Schema]:
    out: list[Schema] = []
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        fields = [_field(key, value, key in required) for key, value in schema.get("properties", {}).items()]
        out.append(Schema(name, schema_anchor(name), str(schema.get("description", "")), fields))
    return out


__all__ = ["Field", "Operation", "Reply", "Schema", "inline_code", "operations", "schemas", "type_text"]
