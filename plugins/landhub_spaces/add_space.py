"""The add-your-space form's rules, written next to the site as one JSON file.

theme/static/js/add-space.js checks the form with these rules instead of a copy of its own:
the JSON Schema itself (descriptions dropped), the municipalities by region, the amenities'
Danish labels, the bounding box of Denmark, the fields of which one is needed to get in touch,
and the slug rule's transliteration table, computed here by the Python slugify so the browser
names the file as the validator will.
"""
from __future__ import annotations

import json
from pathlib import Path

from pelican.generators import Generator
from unidecode import unidecode

from . import geography
from .checks import CONTACT_FIELDS
from .settings import landhub_setting, spaces_path
from .slugs import SLUG_PATTERN, slugify
from .space_yaml import SCHEMA_COMMENT
from .vocab import load_vocabulary

DEFAULTS = {"ADD_SPACE_RULES_SAVE_AS": "space-rules.json"}
# Latin letters with marks, signs and punctuation a Danish name may hold; others lose their marks in JS.
_TRANSLITERATED = (range(0xA0, 0x250), range(0x1E00, 0x1F00), range(0x2000, 0x20D0))


def _without_prose(rule, field_names: bool = False):
    """The schema as a checker needs it: descriptions and titles are for people. Inside
    `properties` the keys are field names (one of them is `description`), not keywords."""
    if isinstance(rule, dict):
        return {k: _without_prose(v, k == "properties" and not field_names) for k, v in rule.items()
                if field_names or k not in ("description", "title", "$comment")}
    if isinstance(rule, list):
        return [_without_prose(v) for v in rule]
    return rule


def transliteration() -> dict[str, str]:
    """char -> what slugify turns it into before lower-casing (æ -> ae, é -> e, ß -> ss)."""
    table = {}
    for block in _TRANSLITERATED:
        for code in block:
            char = chr(code)
            # the Danish letters are written out by slugify's own table, before unidecode
            written = slugify(char) if char in "æøåÆØÅ" else unidecode(char)
            if written != char:
                table[char] = written
    for char in "æøåÆØÅ":
        table[char] = slugify(char)
    return table


def form_rules(spaces_dir: Path) -> dict:
    vocabulary = load_vocabulary(spaces_dir.resolve())
    return {
        "schema": _without_prose(vocabulary.schema),
        "schema_comment": SCHEMA_COMMENT,
        "municipalities": sorted(vocabulary.region_of),
        "amenities": {key: label["da"] for key, label in vocabulary.amenities.items()},
        "contact": list(CONTACT_FIELDS),
        "denmark": dict(zip(("lat_min", "lat_max", "lon_min", "lon_max"),
                            geography.denmark_box(vocabulary.schema))),
        "slug": {"pattern": SLUG_PATTERN.pattern, "letters": transliteration()},
    }


def rules_json(spaces_dir: Path) -> str:
    # key order kept: the schema's order is the order fields are written in the file
    return json.dumps(form_rules(spaces_dir), ensure_ascii=False, separators=(",", ":")) + "\n"


class AddSpaceGenerator(Generator):
    """Puts the form's settings in the context (for the page template) and writes the rules."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, value in DEFAULTS.items():
            self.settings.setdefault(key, value)

    def generate_context(self):
        folder = spaces_path(self.settings)
        vocabulary = load_vocabulary(folder.resolve())
        repo = landhub_setting(self.settings, "LANDHUB_REPO_URL").rstrip("/")
        branch = landhub_setting(self.settings, "LANDHUB_REPO_BRANCH")
        self.context["add_space"] = {
            "rules_url": self.settings["ADD_SPACE_RULES_SAVE_AS"],
            "new_file_url": f"{repo}/new/{branch}",
            "issue_url": f"{repo}/issues/new?template=add-space.yml",
            "regions": vocabulary.regions,
            "schema": vocabulary.schema,
        }
        self.text = rules_json(folder)

    def generate_output(self, writer):
        target = Path(self.output_path) / self.settings["ADD_SPACE_RULES_SAVE_AS"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.text, encoding="utf-8", newline="")


def get_generators(pelican):
    return AddSpaceGenerator
