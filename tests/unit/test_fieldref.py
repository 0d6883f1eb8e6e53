"""CONTRIBUTING.md's field reference is the one the schema gives: `invoke fieldref` keeps them equal."""
from __future__ import annotations

import copy
import json
import re

import pytest

from landhub_spaces.fieldref import BEGIN, END, field_reference, with_reference

from .helpers import ROOT

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
SCHEMA = json.loads((ROOT / "spaces" / "_schema" / "space.schema.json").read_text(encoding="utf-8"))


def committed() -> str:
    return CONTRIBUTING.read_text(encoding="utf-8")


def test_the_committed_reference_is_what_the_schema_gives():
    text = committed()
    assert with_reference(text, SCHEMA) == text, (
        "CONTRIBUTING.md's field reference differs from spaces/_schema/space.schema.json; "
        "run `.venv/bin/invoke fieldref` and commit the result")


def test_a_changed_schema_description_changes_the_reference():
    schema = copy.deepcopy(SCHEMA)
    schema["properties"]["desks"]["description"] = "How many chairs."
    assert with_reference(committed(), schema) != committed()
    assert "| `desks` | no | whole number, at least 1 | How many chairs. |" in field_reference(schema)


def test_every_field_of_the_schema_has_a_row_with_a_description():
    def paths(rule, prefix=""):
        for key, child in rule.get("properties", {}).items():
            yield f"{prefix}{key}", child
            yield from paths(child, f"{prefix}{key}.")
            if child.get("type") == "array":
                yield from paths(child.get("items", {}), f"{prefix}{key}[].")

    table = field_reference(SCHEMA)
    for path, rule in paths(SCHEMA):
        assert rule.get("description"), f"{path} has no description in the schema"
        assert re.search(rf"^\| `{re.escape(path)}` \| (yes|no) \|", table, re.M), path


@pytest.mark.parametrize("field, row", [
    ("status", "| `status` | yes | one of `open`, `planned`, `closed` |"),
    ("address.postcode", '| `address.postcode` | yes | text or whole number, write the four-digit postcode, e.g. "7700" |'),
    ("founded", "| `founded` | no | whole number, at least 1990 |"),
    ("photos[].alt", "| `photos[].alt` | yes | text, not empty, describe what the photo shows"),
    ("location.lat", "| `location.lat` | yes | decimal number with a dot, 54.5-57.8 |"),
    ("prices.day_pass", "| `prices.day_pass` | no | whole number, at least 0 |"),
])
def test_rows_say_type_choices_and_limits(field, row):
    assert row in field_reference(SCHEMA)


def test_markup_in_descriptions_cannot_break_the_table():
    schema = {"properties": {"a": {"type": "string", "description": "x | y, under <slug>/, `<kept>`"}}}
    assert field_reference(schema).splitlines()[-1] == \
        "| `a` | no | text | x \\| y, under &lt;slug&gt;/, `<kept>` |"


def test_missing_markers_are_an_error_that_says_what_to_add():
    with pytest.raises(ValueError, match="markers are missing"):
        with_reference("# no markers here\n", SCHEMA)


def test_the_reference_sits_between_the_markers_once():
    text = committed()
    assert text.count(BEGIN) == 1 and text.count(END) == 1
    assert text.index(BEGIN) < text.index("| `name` | yes |") < text.index(END)
