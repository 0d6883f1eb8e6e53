"""The field reference in CONTRIBUTING.md, written from the JSON Schema so the two cannot drift.

`invoke fieldref` rewrites the table between the two marker comments; a unit test fails when
the committed table is not what the committed schema gives.
"""
from __future__ import annotations

import json
from pathlib import Path

BEGIN = ("<!-- BEGIN field reference: written by `invoke fieldref` from "
         "spaces/_schema/space.schema.json. Edit the schema, then run it; do not edit by hand. -->")
END = "<!-- END field reference -->"

_TYPES = {"string": "text", "integer": "whole number", "number": "decimal number with a dot",
          "object": "group of fields", "array": "list", "boolean": "true or false"}


def _code(value) -> str:
    return f"`{value}`"


def _number(value) -> str:
    return f"{value:,}" if abs(value) >= 10_000 else str(value)  # 1990 is a year, 10,000 a count


def _range(low, high, unit: str = "") -> str | None:
    if low is not None and high is not None:
        return f"{_number(low)}-{_number(high)}{unit}"
    if low is not None:
        return f"at least {_number(low)}{unit}"
    if high is not None:
        return f"at most {_number(high)}{unit}"
    return None


def _value(rule: dict) -> str:
    """What a value may be, in words: type, choices, lengths and limits."""
    if "enum" in rule:
        return "one of " + ", ".join(_code(v) for v in rule["enum"])
    types = rule.get("type", [])
    types = types if isinstance(types, list) else [types]
    parts = [" or ".join(_TYPES[t] for t in types)]
    if rule.get("type") == "array":
        items = rule.get("items", {})
        if "enum" in items:
            parts = ["list, each one of " + ", ".join(_code(v) for v in items["enum"])]
        elif items.get("type") == "object":
            parts = ["list of groups of fields (below)"]
        if rule.get("uniqueItems"):
            parts.append("each at most once")
        if "maxItems" in rule:
            parts.append(f"at most {rule['maxItems']} entries")
    if (rule.get("minLength"), rule.get("maxLength")) == (1, None):
        length = "not empty"
    else:
        length = _range(rule.get("minLength"), rule.get("maxLength"), " characters")
    if length:
        parts.append(length)
    limits = _range(rule.get("minimum"), rule.get("maximum"))
    if limits and "string" not in types:
        parts.append(limits)
    if "default" in rule:
        parts.append(f"default {_code(rule['default'])}")
    if "pattern" in rule and "x-hint" in rule:  # a pattern is for machines; its hint for people
        parts.append(rule["x-hint"])
    return ", ".join(parts)


def _cell(text: str) -> str:
    """One table cell: one line, `|` escaped, and `<slug>` outside code kept from being read as HTML."""
    spans = " ".join(text.split()).replace("|", "\\|").split("`")
    return "`".join(s if i % 2 else s.replace("<", "&lt;").replace(">", "&gt;")
                    for i, s in enumerate(spans))


def _rows(rule: dict, prefix: str = ""):
    required = set(rule.get("required", ()))
    for key, child in rule.get("properties", {}).items():
        path = f"{prefix}{key}"
        yield (_code(path), "yes" if key in required else "no", _value(child),
               child.get("description", ""))
        if child.get("type") == "object":
            yield from _rows(child, f"{path}.")
        items = child.get("items", {})
        if child.get("type") == "array" and items.get("type") == "object":
            yield from _rows(items, f"{path}[].")


def field_reference(schema: dict) -> str:
    """The Markdown table: one row per field, nested fields as `address.town`, `photos[].alt`."""
    lines = ["| field | required | value | what it is |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in _rows(schema)]
    return "\n".join(lines) + "\n"


def with_reference(document: str, schema: dict) -> str:
    """`document` with the text between the markers replaced by the current reference."""
    start, end = document.find(BEGIN), document.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers are missing; the document needs a line {BEGIN!r} "
                         f"and, below it, a line {END!r}")
    head = document[: start + len(BEGIN)]
    return f"{head}\n\n{field_reference(schema)}\n{document[end:]}"


def update(document_path: Path, schema_path: Path) -> bool:
    """Rewrite the reference in `document_path`; True when it changed."""
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    old = document_path.read_text(encoding="utf-8")
    new = with_reference(old, schema)
    if new != old:
        document_path.write_text(new, encoding="utf-8", newline="\n")
    return new != old
