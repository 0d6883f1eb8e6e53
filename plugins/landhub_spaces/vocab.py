"""The controlled vocabularies in spaces/_vocab/ and the schema in spaces/_schema/."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .slugs import slugify


@dataclass(frozen=True)
class Region:
    name: str  # "Region Nordjylland"
    slug: str  # "region-nordjylland"
    municipalities: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """Everything a space file's values are checked against, read once per spaces folder."""

    schema: dict
    regions: tuple[Region, ...]
    region_of: dict  # municipality -> Region
    amenities: dict  # key -> {"da": label, "en": label}
    places: tuple  # (name, lat, lon, countrycode) from GeoNames, for the inside-Denmark check


def vocab_dir(spaces_dir: Path) -> Path:
    return spaces_dir / "_vocab"


def schema_path(spaces_dir: Path) -> Path:
    return spaces_dir / "_schema" / "space.schema.json"


@cache
def load_vocabulary(spaces_dir: Path) -> Vocabulary:
    """Read the schema and vocabularies; these are ours, so a broken one may raise."""
    folder = vocab_dir(spaces_dir)
    schema = json.loads(schema_path(spaces_dir).read_text(encoding="utf-8"))
    raw_regions = yaml.safe_load((folder / "municipalities.yaml").read_text(encoding="utf-8"))
    regions = tuple(
        Region(entry["name"], slugify(entry["name"]), tuple(entry["municipalities"]))
        for entry in raw_regions["regions"]
    )
    region_of = {m: region for region in regions for m in region.municipalities}
    amenities = yaml.safe_load((folder / "amenities.yaml").read_text(encoding="utf-8"))
    places_doc = json.loads((folder / "places.json").read_text(encoding="utf-8"))
    places = tuple(tuple(row[:4]) for row in places_doc["places"])
    return Vocabulary(schema, regions, region_of, amenities, places)
