"""The controlled vocabularies in spaces/_vocab/ and the schema in spaces/_schema/."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from .file_states import file_state, racy
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


# spaces_dir -> (the files' states taken before they were read, when, the Vocabulary). Kept for
# the life of the process: one build reads its vocabulary once whatever asks for it, and a
# long-lived livereload process keeps it for the next build while refresh_vocabularies() finds
# its files unchanged.
_LOADED: dict = {}


def vocabulary_files(spaces_dir: Path) -> tuple[Path, ...]:
    """Every file load_vocabulary reads."""
    folder = vocab_dir(spaces_dir)
    return (schema_path(spaces_dir), folder / "municipalities.yaml", folder / "amenities.yaml",
            folder / "places.json")


def _states(spaces_dir: Path) -> tuple:
    states = []
    for path in vocabulary_files(spaces_dir):
        try:
            states.append(file_state(path))
        except OSError:
            states.append(None)
    return tuple(states)


def load_vocabulary(spaces_dir: Path) -> Vocabulary:
    """The schema and vocabularies of spaces_dir, read once and kept (see refresh_vocabularies)."""
    kept = _LOADED.get(spaces_dir)
    if kept is not None:
        return kept[2]
    states = _states(spaces_dir)  # before the read: an edit during it changes them
    read_at = time.time_ns()
    vocabulary = _read_vocabulary(spaces_dir)
    _LOADED[spaces_dir] = (states, read_at, vocabulary)
    return vocabulary


def refresh_vocabularies() -> None:
    """Forget every kept vocabulary whose files may have changed since they were read (their
    size, times, inode or device differ, or they changed too close to the read to tell:
    file_states.racy): a build calls this first, so a long-lived process sees an edited
    vocabulary as a new one does."""
    now = time.time_ns()
    for spaces_dir, (states, read_at, _) in list(_LOADED.items()):
        if (None in states or _states(spaces_dir) != states
                or any(racy(state, read_at, now) for state in states)):
            del _LOADED[spaces_dir]


load_vocabulary.cache_clear = _LOADED.clear  # as functools.cache had it: forget them all


# The vocabularies are the project's own files, parsed by libyaml where PyYAML has it (a tenth of
# the pure-Python parser's 6 ms a build): the same safe constructor and resolver, the same data.
# Space files, which are untrusted, keep loader.py's own careful rules.
_OWN_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_own_yaml(text: str):
    return yaml.load(text, Loader=_OWN_YAML_LOADER)  # noqa: S506 - a safe loader


def _read_vocabulary(spaces_dir: Path) -> Vocabulary:
    """Read the schema and vocabularies; these are ours, so a broken one may raise."""
    folder = vocab_dir(spaces_dir)
    schema = json.loads(schema_path(spaces_dir).read_text(encoding="utf-8"))
    raw_regions = _load_own_yaml((folder / "municipalities.yaml").read_text(encoding="utf-8"))
    regions = tuple(
        Region(entry["name"], slugify(entry["name"]), tuple(entry["municipalities"]))
        for entry in raw_regions["regions"]
    )
    region_of = {m: region for region in regions for m in region.municipalities}
    amenities = _load_own_yaml((folder / "amenities.yaml").read_text(encoding="utf-8"))
    places_doc = json.loads((folder / "places.json").read_text(encoding="utf-8"))
    places = tuple(tuple(row[:4]) for row in places_doc["places"])
    return Vocabulary(schema, regions, region_of, amenities, places)
