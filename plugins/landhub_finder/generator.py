"""The finder's Pelican generator: /find/ (template find.html) and /find/towns.json.

It runs after landhub_spaces' generator and reads what that put in the context (spaces,
regions, amenity labels). It also gives every template `week_minutes(opening_hours)`, the
same weekly intervals spaces.json lists with each opening_hours value, for the space page's "open now" line.
"""
from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import Generator

from landhub_spaces.exports import week_minutes
from landhub_spaces.settings import spaces_path
from landhub_spaces.vocab import vocab_dir

from .gazetteer import danish_places, town_rows, towns_json

logger = logging.getLogger(__name__)

DEFAULTS = {
    "FIND_URL": "find/",
    "FIND_SAVE_AS": "find/index.html",
    "FIND_TOWNS_SAVE_AS": "find/towns.json",
}


class FinderGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, value in DEFAULTS.items():
            self.settings.setdefault(key, value)
            self.context.setdefault(key, self.settings[key])  # base.html links FIND_URL
        self.context["week_minutes"] = week_minutes

    def generate_context(self):
        spaces = self.context.get("spaces", [])
        places = danish_places(vocab_dir(spaces_path(self.settings)) / "places.json")
        # Through each page's Space, not the page's attribute forwarding: 10,000 lookups.
        space_towns = [(s.address.town, s.location.lat, s.location.lon) for s in (p.space for p in spaces)]
        self.towns = town_rows(places, space_towns)

    def generate_output(self, writer):
        target = Path(self.output_path) / self.settings["FIND_TOWNS_SAVE_AS"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(towns_json(self.towns), encoding="utf-8", newline="")
        writer.write_file(self.settings["FIND_SAVE_AS"], self.get_template("find"), self.context,
                          url=self.settings["FIND_URL"], towns_count=len(self.towns))
        logger.info("finder: wrote %s with %d towns", self.settings["FIND_TOWNS_SAVE_AS"],
                    len(self.towns))
