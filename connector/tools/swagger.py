"""Pydantic JSON Schema to Swagger 2.0 schema, the only dialect Power Platform custom connectors read.

Pydantic writes JSON Schema 2020-12: `Optional[X]` as `anyOf: [X, null]`, `Literal` singletons as
`const`, `gt`/`lt` as numeric `exclusiveMinimum`/`exclusiveMaximum`, and descriptions beside `$ref`.
Swagger 2.0 has none of these, so each is rewritten here: `x-nullable`, `enum`, boolean exclusive
bounds, and a `$ref` with siblings is inlined (its description is an interface literal that a
`$ref` would drop). Explicit field titles become `x-ms-summary`, the designer's display name.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

Schema = dict[str, Any]

_REF_PREFIX = "#/definitions/"
_NULL = {"type": "null"}
# Keys a reader looks for first come first; the rest keep pydantic's order.
_LEADING_KEYS = ("type", "format", "description", "x-ms-summary")


class _ExplicitTitlesOnly(GenerateJsonSchema):
    """Pydantic invents titles ("Recordid") for fields without one; only titles we wrote are wanted."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def model_json_schema(model: type[BaseModel]) -> Schema:
    """The model's JSON Schema as pydantic writes it, with references already in Swagger's form."""
    return model.model_json_schema(
        by_alias=True, ref_template=_REF_PREFIX + "{model}", schema_generator=_ExplicitTitlesOnly
    )


class SwaggerSchemas:
    """Converts models to Swagger 2.0 schemas, collecting the named definitions they reference."""

    def __init__(self) -> None:
        self.definitions: dict[str, Schema] = {}
        self._sources: dict[str, Schema] = {}

    def of_model(self, model: type[BaseModel]) -> Schema:
        """The model's schema, inline; models it nests under arrays become named definitions."""
        raw = model_json_schema(model)
        self._remember(raw.pop("$defs", {}))
        raw.pop("title", None)  # the class name
        return self.convert(raw)

    def reference(self, model: type[BaseModel]) -> Schema:
        """A `$ref` to the model as a named definition."""
        raw = model_json_schema(model)
        name = raw.get("title", model.__name__)
        self._remember({**raw.pop("$defs", {}), name: raw})
        return self.convert({"$ref": _REF_PREFIX + name})

    def _remember(self, raw_definitions: dict[str, Schema]) -> None:
        for name, schema in raw_definitions.items():
            schema = {k: v for k, v in schema.items() if k != "title"}  # the class name, not a summary
            known = self._sources.setdefault(name, schema)
            if known != schema:
                raise ValueError(f"two different models are both named {name!r}; rename one")

    def convert(self, node: Schema) -> Schema:
        node = dict(node)
        nullable = False
        if "anyOf" in node:
            members = [m for m in node.pop("anyOf") if m != _NULL]
            if len(members) != 1:
                raise ValueError(f"Swagger 2.0 has no unions; use one type instead of {members}")
            nullable = True
            node = {**members[0], **node}
        if "$ref" in node:
            name = node["$ref"].removeprefix(_REF_PREFIX)
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            if not siblings:
                self._define(name)
                return {"$ref": _REF_PREFIX + name}
            # Swagger 2.0 ignores a $ref's siblings, and with them the description literal: inline.
            node = {**self._sources[name], **siblings}

        converted: Schema = {}
        title = node.pop("title", None)
        for key, value in node.items():
            if key == "const":
                converted["enum"] = [value]
            elif key in ("exclusiveMinimum", "exclusiveMaximum") and not isinstance(value, bool):
                converted[key.replace("exclusive", "").lower()] = value
                converted[key] = True
            elif key == "default" and value is None:
                continue
            elif key == "properties":
                converted[key] = {name: self.convert(prop) for name, prop in value.items()}
            elif key in ("items", "additionalProperties") and isinstance(value, dict):
                converted[key] = self.convert(value)
            elif key == "required" and not value:
                continue
            else:
                converted[key] = value
        if title:
            converted["x-ms-summary"] = title
        if nullable:
            converted["x-nullable"] = True
        leading = {key: converted.pop(key) for key in _LEADING_KEYS if key in converted}
        return {**leading, **converted}

    def _define(self, name: str) -> None:
        if name not in self.definitions:
            self.definitions[name] = {}  # reserve first: a model may refer to itself
            self.definitions[name] = self.convert(self._sources[name])
