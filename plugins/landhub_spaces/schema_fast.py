"""A quick yes/no from the space schema, so that a valid file skips jsonschema's slow walk.

The schema file stays the one rule: this compiles whatever spaces/_schema/space.schema.json
says, at build time, into plain Python tests with the meaning jsonschema gives each keyword
(Draft 2020-12, with the project's strict integers). Only a "no" costs more: schema_check then
asks jsonschema for the errors, so every message is the same as before. A schema using a
keyword not written here gets no fast path at all (compile_schema returns None), and a value
this cannot judge simply (a list of mappings under uniqueItems, an enum of numbers) raises
Unsure, after which jsonschema decides. tests/unit/test_schema_fast.py compares the two.
"""
from __future__ import annotations

import numbers
import re
from typing import Callable

Test = Callable[[object], bool]


class Unsure(Exception):
    """This value needs jsonschema's own judgement."""


class _Unsupported(Exception):
    """The schema uses a keyword this module does not implement."""


# Every keyword jsonschema acts on. Any other key is an annotation or unknown, which jsonschema
# ignores too (title, description, default, x-hint, $defs, and then/else, which `if` reads).
# Draft202012Validator.VALIDATORS written out, so a build whose files are valid never imports
# jsonschema (tests/unit/test_lazy_imports.py keeps the two equal).
_KEYWORDS = frozenset((
    "$dynamicRef", "$ref", "additionalProperties", "allOf", "anyOf", "const", "contains",
    "dependentRequired", "dependentSchemas", "enum", "exclusiveMaximum", "exclusiveMinimum",
    "format", "if", "items", "maxItems", "maxLength", "maxProperties", "maximum", "minItems",
    "minLength", "minProperties", "minimum", "multipleOf", "not", "oneOf", "pattern",
    "patternProperties", "prefixItems", "properties", "propertyNames", "required", "type",
    "unevaluatedItems", "unevaluatedProperties", "uniqueItems",
))


def _is_string(value) -> bool:
    return isinstance(value, str)


def _is_number(value) -> bool:
    kind = type(value)
    if kind is int or kind is float:  # nearly every number: no abstract-class check
        return True
    return not isinstance(value, bool) and isinstance(value, numbers.Number)


def _is_whole_number(value) -> bool:  # as schema_check._is_whole_number: 12.0 is not one
    return isinstance(value, int) and not isinstance(value, bool)


_TYPES = {
    "string": _is_string,
    "number": _is_number,
    "integer": _is_whole_number,
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
}


def compile_schema(schema) -> Test | None:
    """A function telling whether a value is valid under `schema`, or None (see the docstring)."""
    try:
        return _compile(schema)
    except Exception:  # noqa: BLE001 - _Unsupported, or a malformed rule: jsonschema judges all
        return None


def _always(value) -> bool:
    return True


def _never(value) -> bool:
    return False


def _compile(schema) -> Test:
    if schema is True:
        return _always
    if schema is False:
        return _never
    if not isinstance(schema, dict):
        raise _Unsupported(repr(schema))
    tests = []
    for keyword, argument in schema.items():
        if keyword not in _KEYWORDS:
            continue
        maker = _MAKERS.get(keyword)
        if maker is None:
            raise _Unsupported(keyword)
        test = maker(argument, schema)
        if test is not None:
            tests.append(test)
    return _all_of(tests)


def _all_of(tests: list[Test]) -> Test:
    if not tests:
        return _always
    if len(tests) == 1:
        return tests[0]

    def all_hold(value) -> bool:
        for test in tests:
            if not test(value):
                return False
        return True
    return all_hold


def _type(argument, schema) -> Test:
    names = argument if isinstance(argument, list) else [argument]
    if not all(isinstance(name, str) and name in _TYPES for name in names):
        raise _Unsupported(f"type {argument!r}")
    checks = tuple(_TYPES[name] for name in names)
    if len(checks) == 1:
        return checks[0]
    return lambda value: any(check(value) for check in checks)


def _enum(argument, schema) -> Test:
    if not isinstance(argument, list):
        raise _Unsupported("enum")
    texts = frozenset(each for each in argument if isinstance(each, str))
    others = any(not isinstance(each, str) for each in argument)

    def in_enum(value) -> bool:
        if isinstance(value, str):
            return value in texts  # jsonschema: a text equals only an equal text
        if others:
            raise Unsure("enum with values other than text")
        return False
    return in_enum


def _const(argument, schema) -> Test:
    return _enum([argument], schema)


def _min_length(limit, schema) -> Test:
    return lambda value: not isinstance(value, str) or not len(value) < limit


def _max_length(limit, schema) -> Test:
    return lambda value: not isinstance(value, str) or not len(value) > limit


def _pattern(argument, schema) -> Test:
    search = re.compile(argument).search  # jsonschema: re.search(pattern, value)
    return lambda value: not isinstance(value, str) or search(value) is not None


def _minimum(limit, schema) -> Test:
    return lambda value: not _is_number(value) or not value < limit


def _maximum(limit, schema) -> Test:
    return lambda value: not _is_number(value) or not value > limit


def _exclusive_minimum(limit, schema) -> Test:
    return lambda value: not _is_number(value) or not value <= limit


def _exclusive_maximum(limit, schema) -> Test:
    return lambda value: not _is_number(value) or not value >= limit


def _required(argument, schema) -> Test:
    names = tuple(argument)
    return lambda value: not isinstance(value, dict) or all(name in value for name in names)


def _properties(argument, schema) -> Test:
    rules = {name: _compile(rule) for name, rule in argument.items()}

    def properties_hold(value) -> bool:
        if not isinstance(value, dict):
            return True
        for name, item in value.items():  # a file has fewer fields than the schema names
            test = rules.get(name)
            if test is not None and not test(item):
                return False
        return True
    return properties_hold


def _additional_properties(argument, schema) -> Test:
    if "patternProperties" in schema:
        raise _Unsupported("patternProperties")
    known = frozenset(schema.get("properties", {}))
    if argument is False:
        return lambda value: not isinstance(value, dict) or known.issuperset(value)
    test = _compile(argument)
    return lambda value: not isinstance(value, dict) or all(
        test(item) for key, item in value.items() if key not in known)


def _items(argument, schema) -> Test:
    if "prefixItems" in schema:
        raise _Unsupported("prefixItems")
    test = _compile(argument)
    return lambda value: not isinstance(value, list) or all(test(item) for item in value)


def _item_count(compare) -> Callable:
    def maker(argument, schema) -> Test:
        return lambda value: not isinstance(value, list) or compare(len(value), argument)
    return maker


def _unique_items(argument, schema) -> Test | None:
    if not argument:
        return None

    def unique(value) -> bool:
        if not isinstance(value, list):
            return True
        if not all(isinstance(item, str) for item in value):
            raise Unsure("uniqueItems over values other than text")  # 1 and true, 1 and 1.0...
        return len(set(value)) == len(value)
    return unique


def _all_of_keyword(argument, schema) -> Test:
    return _all_of([_compile(rule) for rule in argument])


def _any_of(argument, schema) -> Test:
    tests = tuple(_compile(rule) for rule in argument)
    return lambda value: any(test(value) for test in tests)


def _one_of(argument, schema) -> Test:
    tests = tuple(_compile(rule) for rule in argument)
    return lambda value: sum(1 for test in tests if test(value)) == 1


def _not(argument, schema) -> Test:
    test = _compile(argument)
    return lambda value: not test(value)


def _if(argument, schema) -> Test:
    condition = _compile(argument)
    then = _compile(schema["then"]) if "then" in schema else _always
    otherwise = _compile(schema["else"]) if "else" in schema else _always
    return lambda value: then(value) if condition(value) else otherwise(value)


_MAKERS = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "minLength": _min_length,
    "maxLength": _max_length,
    "pattern": _pattern,
    "minimum": _minimum,
    "maximum": _maximum,
    "exclusiveMinimum": _exclusive_minimum,
    "exclusiveMaximum": _exclusive_maximum,
    "required": _required,
    "properties": _properties,
    "additionalProperties": _additional_properties,
    "items": _items,
    "minItems": _item_count(lambda count, limit: count >= limit),
    "maxItems": _item_count(lambda count, limit: count <= limit),
    "uniqueItems": _unique_items,
    "allOf": _all_of_keyword,
    "anyOf": _any_of,
    "oneOf": _one_of,
    "not": _not,
    "if": _if,
}
