"""The documentation page's content, read from the OpenAPI schema the API serves: each
operation's method, path, summary, scope, parameters, body fields and answers."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Field:
    name: str
    where: str
    kind: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    scope: str
    parameters: list[Field]
    body: list[Field]
    answers: list[tuple[str, str]]


def _kind(schema: dict[str, Any], components: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_kind(part, components) for part in schema["anyOf"])
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    kind = str(schema.get("type", "object"))
    if kind == "array":
        return f"list of {_kind(schema.get('items', {}), components)}"
    if schema.get("format"):
        kind = f"{kind} ({schema['format']})"
    return kind


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    return schema


def _fields(schema: dict[str, Any], components: dict[str, Any], where: str) -> list[Field]:
    resolved = _resolve(schema, components)
    required = set(resolved.get("required", []))
    return [
        Field(name, where, _kind(part, components), name in required, str(part.get("description", "")))
        for name, part in resolved.get("properties", {}).items()
    ]


@functools.cache
def operations() -> list[Operation]:
    from api.v1.routes import api

    prefix = reverse("api:v1:api-root")
    schema = api.get_openapi_schema(path_prefix=prefix.rstrip("/"))
    components = schema.get("components", {}).get("schemas", {})
    found: list[Operation] = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters: list[Field] = []
            for parameter in operation.get("parameters", []):
                parameters.append(
                    Field(
                        parameter["name"],
                        parameter["in"],
                        _kind(parameter.get("schema", {}), components),
                        bool(parameter.get("required")),
                        str(parameter.get("description", parameter.get("schema", {}).get("description", ""))),
                    )
                )
            body: list[Field] = []
            content = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if content:
                body = _fields(content["schema"], components, "body")
            answers = [
                (status, str(answer.get("description", "")))
                for status, answer in operation["responses"].items()
            ]
            found.append(
                Operation(
                    anchor=operation["operationId"].replace("_", "-"),
                    method=method.upper(),
                    path=path,
                    summary=str(operation.get("summary", "")),
                    description=str(operation.get("description", "")),
                    scope=str(operation.get("x-scope", "")),
                    parameters=parameters,
                    body=body,
                    answers=answers,
                )
            )
    return found
