"""The schema's fast yes/no (schema_fast.py) says what jsonschema says, on the project's schema,
each of its rules and a schema using every keyword the fast path implements; where it is not
sure it says so, and jsonschema decides."""
from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landhub_spaces.schema_check import _StrictValidator, is_valid
from landhub_spaces.schema_fast import Unsure, compile_schema

from .helpers import ROOT
from .test_fuzz import FUZZ, STRUCTURES, VALUES, good_file_with_one_field_replaced

SCHEMA = json.loads((ROOT / "spaces" / "_schema" / "space.schema.json").read_text(encoding="utf-8"))


def _rules(rule, path="#"):
    """The schema and every rule inside it, with where it is."""
    yield path, rule
    if not isinstance(rule, dict):
        return
    for keyword, value in rule.items():
        if keyword in ("properties", "$defs") and isinstance(value, dict):
            for name, child in value.items():
                yield from _rules(child, f"{path}/{keyword}/{name}")
        elif keyword in ("items", "additionalProperties", "if", "then", "else", "not"):
            yield from _rules(value, f"{path}/{keyword}")
        elif keyword in ("allOf", "anyOf", "oneOf"):
            for index, child in enumerate(value):
                yield from _rules(child, f"{path}/{keyword}/{index}")


RULES = list(_rules(SCHEMA))
# Every keyword the fast path implements, some in more than one way, for the comparison below.
EVERY_KEYWORD = {
    "type": "object",
    "required": ["a"],
    "additionalProperties": {"type": ["integer", "null", "boolean"]},
    "properties": {
        "a": {"type": ["string", "integer"], "pattern": "^[0-9]{2}$", "minimum": 10, "maximum": 99},
        "b": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1.5},
        "c": {"enum": ["x", 1, True, None, [1], {"k": 1}]},
        "d": {"const": "x"},
        "e": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 3},
              "minItems": 1, "maxItems": 3, "uniqueItems": True},
        "f": {"uniqueItems": True},
        "g": {"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 0}]},
        "h": {"oneOf": [{"type": "number"}, {"type": "integer"}]},
        "i": {"not": {"type": "string"}},
        "j": {"if": {"type": "integer"}, "then": {"minimum": 5}, "else": {"type": "string"}},
        "k": {"allOf": [{"type": "object"}, {"properties": {"x": False}}, True]},
        "l": {"type": "object", "additionalProperties": False, "properties": {"m": {}}},
        "n": {"enum": ["p", "q"], "x-hint": "annotations are ignored", "$comment": "so is this"},
    },
}


def _agrees(rule, value) -> None:
    fast = compile_schema(rule)
    assert fast is not None
    try:
        answer = fast(value)
    except Unsure:
        return  # jsonschema decides (is_valid below)
    assert answer == _StrictValidator(rule).is_valid(value), (rule, value)


def test_the_project_schema_has_a_fast_path():
    """Every keyword in spaces/_schema/space.schema.json is one the fast path implements; if
    this fails after a schema edit, add the keyword to schema_fast.py (the build is still
    right without it, but validates every file through jsonschema, ten times slower)."""
    missing = [path for path, rule in RULES if compile_schema(rule) is None]
    assert not missing


@FUZZ
@given(data=good_file_with_one_field_replaced())
def test_a_space_file_with_one_field_replaced(data):
    _agrees(SCHEMA, data)
    assert is_valid(SCHEMA, data) == _StrictValidator(SCHEMA).is_valid(data)


@FUZZ
@given(data=STRUCTURES)
def test_arbitrary_structures(data):
    _agrees(SCHEMA, data)


@FUZZ
@given(where=st.sampled_from([path for path, _ in RULES]), value=VALUES)
def test_each_rule_of_the_schema(where, value):
    _agrees(dict(RULES)[where], value)


@settings(max_examples=600, deadline=None)
@given(value=st.dictionaries(st.sampled_from(list("abcdefghijklnz")), VALUES, max_size=6))
def test_every_keyword_the_fast_path_implements(value):
    _agrees(EVERY_KEYWORD, value)
    assert is_valid(EVERY_KEYWORD, value) == _StrictValidator(EVERY_KEYWORD).is_valid(value)


@pytest.mark.parametrize("rule, value, valid", [
    ({"type": "integer"}, 12.0, False),  # the project's strict integers
    ({"type": "integer"}, True, False),
    ({"type": "number"}, False, False),
    ({"type": "number", "minimum": 1}, math.nan, True),  # jsonschema compares, and NaN < 1 is false
    ({"pattern": "^abc$"}, "abc\n", True),  # Python's `$`, as jsonschema uses it
    ({"pattern": "^abc$(?!\\n)"}, "abc\n", False),
    ({"enum": ["1"]}, 1, False),
    ({"uniqueItems": True}, ["a", "b", "a"], False),
    ({"additionalProperties": False, "properties": {"a": {}}}, {"a": 1, "b": 2}, False),
    ({"required": ["a"]}, ["a"], True),  # object keywords ignore what is not an object
])
def test_edge_cases_answered_as_jsonschema_does(rule, value, valid):
    assert _StrictValidator(rule).is_valid(value) is valid
    assert compile_schema(rule)(value) is valid


@pytest.mark.parametrize("value", [[1, True], [1, 1.0], [{"a": 1}, {"a": 1}], [[1], [True]]])
def test_unique_items_beyond_text_is_left_to_jsonschema(value):
    rule = {"uniqueItems": True}
    with pytest.raises(Unsure):
        compile_schema(rule)(value)
    assert is_valid(rule, value) == _StrictValidator(rule).is_valid(value)


@pytest.mark.parametrize("rule", [
    {"$ref": "#/$defs/x", "$defs": {"x": {}}}, {"format": "email"}, {"patternProperties": {"a": {}}},
    {"prefixItems": [{}]}, {"dependentRequired": {"a": ["b"]}}, {"properties": {"a": {"format": "date"}}},
    {"type": "strange"}, {"properties": []},
])
def test_a_keyword_it_does_not_implement_means_no_fast_path(rule):
    assert compile_schema(rule) is None
