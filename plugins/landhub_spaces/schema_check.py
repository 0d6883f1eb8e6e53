"""Run the JSON Schema and say each failure the way a contributor can act on."""
from __future__ import annotations

import difflib
import json
from functools import cache

from .loader import LoadedFile
from .problems import Problem
from .schema_fast import compile_schema

_TYPE_WORDS = {
    "string": "text", "integer": "a whole number", "number": "a number",
    "object": "a group of fields (a mapping)", "array": "a list", "boolean": "true or false",
}


def _is_whole_number(checker, instance) -> bool:
    # JSON Schema counts 12.0 as an integer; a space file's `desks: 12.0` or `phone: 12345678.0`
    # is not what the contract means by a whole number (and 12345678.0 would lose a digit).
    return isinstance(instance, int) and not isinstance(instance, bool)


# jsonschema (with referencing, attrs, ...: about 0.05 s of a build's start) is imported only
# when a value needs its judgement or an invalid file its errors: schema_fast answers the rest.
@cache
def _strict_validator_class():
    from jsonschema import Draft202012Validator, validators

    return validators.extend(
        Draft202012Validator,
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_whole_number),
    )


def __getattr__(name: str):
    if name == "_StrictValidator":  # the class, made on first use (tests compare against it)
        return _strict_validator_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _validator(schema_text: str):
    return _strict_validator_class()(json.loads(schema_text))


@cache
def _fast_test(schema_text: str):
    return compile_schema(json.loads(schema_text))


_BY_ID: dict[int, tuple] = {}  # id -> (the schema, kept alive; its JSON text; its fast test or None)


def _rules_for(schema: dict) -> tuple:
    # Dumping the schema to find its validator cost a tenth of validating at 10,000 files; the
    # vocabulary's schema (and its sub-rules) are the same dicts all run, so identity finds them.
    hit = _BY_ID.get(id(schema))
    if hit is None or hit[0] is not schema:
        if len(_BY_ID) > 256:
            _BY_ID.clear()
        text = json.dumps(schema, sort_keys=True)
        hit = _BY_ID[id(schema)] = (schema, text, _fast_test(text))
    return hit


def validator_for(schema: dict):
    """jsonschema's validator (Draft 2020-12, strict integers) for `schema`."""
    return _validator(_rules_for(schema)[1])


def is_valid(schema: dict, value) -> bool:
    """Whether `value` is valid under `schema`: what jsonschema says, mostly without asking it."""
    _, text, fast = _rules_for(schema)
    if fast is not None:
        try:
            return fast(value)
        except Exception:  # noqa: BLE001 - Unsure, or a value jsonschema must judge (or fail on)
            pass
    return _validator(text).is_valid(value)


def key_path(parts) -> str:
    """('photos', 0, 'alt') -> 'photos[0].alt'."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def shown(value) -> str:
    """A value as the contributor wrote it, short, for quoting in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return _TYPE_WORDS["object" if isinstance(value, dict) else "array"]
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in str(value))
    text = text if len(text) <= 40 else text[:37] + "..."
    return f"`{text}`"


def _characters(count: int) -> str:
    return "1 character" if count == 1 else f"{count} characters"


def schema_problems(loaded: LoadedFile, schema: dict) -> list[Problem]:
    if is_valid(schema, loaded.data):
        return []  # most files: jsonschema is asked only for the errors of an invalid one
    errors = list(validator_for(schema).iter_errors(loaded.data))
    # A value of the wrong type gets one message: its range or pattern says nothing more.
    mistyped = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    problems = []
    for error in errors:
        if error.validator != "type" and tuple(error.absolute_path) in mistyped:
            continue
        problems.extend(_explain(error, loaded))
    return problems


def _explain(error, loaded: LoadedFile) -> list[Problem]:
    where = key_path(error.absolute_path)
    rule = error.schema if isinstance(error.schema, dict) else {}
    hint = rule.get("x-hint")
    kind = error.validator
    value = error.instance

    def problem(field: str, message: str) -> Problem:
        return Problem(loaded.path, loaded.line_of(field), field or "file", message)

    if kind == "required":
        missing = error.message.split("'")[1]
        field = f"{where}.{missing}" if where else missing
        described = rule.get("properties", {}).get(missing, {}).get("description", "")
        return [problem(field, f"is required but missing; add it. {described}".strip())]
    if kind == "additionalProperties":
        allowed = sorted(rule.get("properties", {}))
        out = []
        for key in sorted(set(value) - set(allowed)):
            field = f"{where}.{key}" if where else key
            close = difflib.get_close_matches(key, allowed, n=1)
            tip = f"did you mean `{close[0]}`?" if close else "remove it"
            out.append(problem(field, f"is not a known field; {tip} "
                               f"(allowed here: {', '.join(allowed)})"))
        return out
    if kind == "type":
        wanted = rule["type"] if isinstance(rule["type"], list) else [rule["type"]]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in wanted)
        return [problem(where, f"expected {words}, got {shown(value)}" + (f"; {hint}" if hint else ""))]
    if kind == "enum":
        choices = ", ".join(f"`{c}`" for c in rule["enum"])
        return [problem(where, f"{shown(value)} is not allowed; use one of {choices}")]
    if kind == "uniqueItems":
        return [problem(where, "lists the same value more than once; keep each once")]
    if kind == "maxItems":
        return [problem(where, f"has {len(value)} entries; at most {rule['maxItems']} are allowed")]
    if kind == "maxLength":
        return [problem(where, f"is {len(value):,} characters long; at most "
                        f"{rule['maxLength']:,} are allowed" + (f"; {hint}" if hint else ""))]
    if kind == "minLength":
        return [problem(where, f"is too short ({_characters(len(value))}); "
                        f"at least {rule['minLength']} are needed" + (f"; {hint}" if hint else ""))]
    # pattern, minimum, maximum: the hint says what is expected
    return [problem(where, f"{shown(value)} is not valid; {hint or error.message}")]
