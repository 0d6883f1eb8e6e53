"""The finder's pure parts: the town gazetteer, the folding it searches with, and the safety of
its scripts and template (the browser tests drive the rest in Chromium)."""
from __future__ import annotations

import json
import re

import pytest

from landhub_finder.gazetteer import COLUMNS, danish_places, town_rows, towns_json
from landhub_spaces.slugs import fold

from .helpers import ROOT

PLACES = ROOT / "spaces" / "_vocab" / "places.json"
JS = ROOT / "theme" / "static" / "js"


@pytest.mark.parametrize("names, key", [
    (("Aabenraa", "Åbenrå", "ÅBENRÅ", "A\u030abenra\u030a"), "aabenraa"),  # the last: å decomposed
    (("Nexø", "Nexoe", "NEXØ"), "nexoe"),
    (("Ærø", "Aeroe", "ærø"), "aeroe"),
    (("Nørre Vorupør", "nørre-vorupør", "  Nørre  Vorupør "), "noerre vorupoer"),
    (("Café", "Cafe"), "cafe"),
])
def test_fold_treats_danish_letters_and_their_spellings_alike(names, key):
    assert {fold(name) for name in names} == {key}


def test_danish_places_are_only_the_dk_rows():
    doc = json.loads(PLACES.read_text(encoding="utf-8"))
    dk = [row for row in doc["places"] if row[3] == "DK"]
    places = danish_places(PLACES)
    assert len(places) == len(dk) > 400
    assert ("Klitmøller", 57.04072, 8.49144, 1114) in places
    assert not [p for p in places if p[0] in ("Flensburg", "Malmö")]


def test_one_town_per_folded_name_the_most_populous_wins():
    rows = town_rows([("Ejby", 55.4, 9.9, 500), ("Ejby", 55.6, 12.1, 2000), ("Ejby", 55.5, 12.0, 900),
                      ("Aabenraa", 55.04, 9.42, 16000), ("Åbenrå", 1.0, 1.0, 10)])
    assert rows == [["Aabenraa", 55.04, 9.42], ["Ejby", 55.6, 12.1]]


def test_equal_populations_still_give_one_answer_whatever_the_order():
    places = [("Borup", 55.4, 11.9, 900), ("Borup", 56.5, 10.3, 900)]
    assert town_rows(places) == town_rows(list(reversed(places))) == [["Borup", 55.4, 11.9]]


def test_space_towns_missing_from_geonames_are_added_from_the_space():
    rows = town_rows([("Thisted", 56.95, 8.69, 13000)],
                     [("Hanstholm Havn", 57.12, 8.6), ("thisted", 1.0, 1.0)])
    assert rows == [["Hanstholm Havn", 57.12, 8.6], ["Thisted", 56.95, 8.69]]


def test_real_gazetteer_sorted_by_folded_name_and_every_key_once():
    rows = town_rows(danish_places(PLACES))
    keys = [fold(name) for name, _lat, _lon in rows]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    assert len(rows) == len({fold(p[0]) for p in danish_places(PLACES)})
    names = {name for name, _lat, _lon in rows}
    assert {"Aabenraa", "Nexø", "Klitmøller", "Ærøskøbing", "Nørre Vorupør"} <= names


def test_towns_json_is_small_compact_and_credits_geonames():
    text = towns_json(town_rows(danish_places(PLACES)))
    doc = json.loads(text)
    assert doc["columns"] == list(COLUMNS) == ["name", "lat", "lon"]
    assert "GeoNames" in doc["credit"] and "CC BY 4.0" in doc["credit"]
    assert text == json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    assert "Klitmøller" in text  # UTF-8 as is: a fetched file, never embedded
    assert len(text.encode("utf-8")) < 20_000


@pytest.mark.parametrize("name", ["finder.js", "hours.js"])
def test_scripts_build_the_page_with_dom_apis_only(name):
    source = (JS / name).read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "`", "setTimeout(\"", "localStorage", "document.cookie"):
        assert sink not in source, sink
    assert "textContent" in source


def test_finder_template_has_no_inline_script_style_or_handlers():
    html = (ROOT / "theme" / "templates" / "find.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)
    # JSON in attributes is in single quotes: tojson escapes ' but not "
    for attribute in re.findall(r"data-[a-z-]+=(.)\{\{[^}]*tojson", html):
        assert attribute == "'"
