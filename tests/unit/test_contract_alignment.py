"""The schema and the checks say what SPACE_FORMAT.md says: no less, and no more.

A file the contract allows passes (no length, count or size the contract does not state); a
rule the contract states is enforced, also against a value with a final line break, which
Python's `$` lets through where ECMA-262's (the JSON Schema's) does not.
"""
from __future__ import annotations

import json
import re

import pytest

from landhub_spaces.add_space import form_rules
from landhub_spaces.geography import denmark_box

from .helpers import ROOT, edit, good_text

FILE = "spaces/cowork-klitmoeller.yaml"
NAME = "cowork-klitmoeller.yaml"
SCHEMA = json.loads((ROOT / "spaces" / "_schema" / "space.schema.json").read_text(encoding="utf-8"))
ONE_LINE_FIELDS = ("name", "address.street", "address.town", "public_transport", "photos[0].alt",
                   "photos[0].credit")


def rule(path: str) -> dict:
    node = SCHEMA
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        node = node["items"] if part.startswith("[") else node["properties"][part]
    return node


def changed(old: str, new: str) -> str:
    return edit(good_text(), old, new)


# --- what the contract allows passes -------------------------------------------------------------

@pytest.mark.parametrize("old, new", [
    ("street: Ørhagevej 84", "street: " + "Ørhagevej " * 40 + "84"),
    ("town: Klitmøller", "town: " + "Klitmøller " * 20),
    ("public_transport: Bus 322 stops 200 m away", "public_transport: " + "Bus 322 stops 200 m away, " * 40),
    ("website: https://example.org/", "website: https://example.org/" + "a/" * 1500),
    ("booking: https://example.org/book", "booking: http://example.org/book?" + "x=1&" * 400),
    ("website: https://example.org/", "website: https://xn--mllerkontor-ggb.dk/om-os"),  # møllerkontor.dk
    ("day_pass: 125", "day_pass: 2500000"),
    ("desks: 20", "desks: 50000"),
    ("alt: Desks by the window, with the dunes outside", "alt: D"),
    ("alt: Desks by the window, with the dunes outside", "alt: " + "Desks by the window. " * 30),
    ("credit: Anna Jensen", "credit: A"),
    ("opening_hours: Mo-Fr 08:00-17:00; Sa 10:00-14:00",
     "opening_hours: " + "; ".join(f"2026 Nov {day:02d} 08:00-17:00" for day in range(1, 29))),
    ("amenities: [fiber, meeting_room, kitchen]", "amenities: [" + ", ".join(rule("amenities")["items"]["enum"]) + "]"),
    ("founded: 2019", "founded: 2026"),  # this year (the tests' today is 27 Nov 2026)
    ("founded: 2019", "founded: 1990"),
    ("last_verified: 2026-11-01", "last_verified: 2026-11-27"),
    ("phone: \"+45 12 34 56 78\"", "phone: 12345678"),
    ("phone: \"+45 12 34 56 78\"", "phone: \"+4512345678\""),
    ("postcode: \"7700\"", "postcode: 7700"),
])
def test_the_contract_allows_it_so_it_passes(site, old, new):
    assert site.problems(NAME, changed(old, new)) == []


def test_more_than_twelve_photos_pass(site):
    for index in range(13):
        site.add_image("cowork-klitmoeller", f"photo-{index:02d}.Jpg")
    photos = "".join(f"  - file: photo-{index:02d}.Jpg\n    alt: Photo {index}\n" for index in range(13))
    text = changed("  - file: desk.jpg\n", photos + "  - file: desk.jpg\n")
    assert site.problems(NAME, text) == []


# --- what the contract states is enforced -----------------------------------------------------------

@pytest.mark.parametrize("website", ["https://" + "ø" * 70 + ".dk/", "https://localhost/", "http://10.0.0.1/"])
def test_a_website_needs_a_domain_name_that_can_exist(site, website):
    problems = site.problems(NAME, changed("website: https://example.org/", f"website: {website}"))
    assert problems == [f"{FILE}:16: website: `{website}` is not a usable web address; write it as "
                        "https://example.dk/ (a domain name, no user name or password)"]


def test_a_danish_domain_is_told_its_xn_form(site):
    problems = site.problems(NAME, changed("website: https://example.org/", "website: https://møllerkontor.dk/"))
    assert problems == [f"{FILE}:16: website: `https://møllerkontor.dk/` is not a usable web address; "
                        "write it as https://example.dk/ (a domain name, no user name or password); a "
                        "domain with æ, ø or å is written as the browser sends it: xn--mllerkontor-ggb.dk"]


@pytest.mark.parametrize("old, new, field", [
    ("name: Cowork Klitmøller", 'name: "Cowork Klitmøller\\n"', "name"),
    ("street: Ørhagevej 84", 'street: "Ørhagevej 84\\n"', "address.street"),
    ("postcode: \"7700\"", 'postcode: "7700\\n"', "address.postcode"),
    ("website: https://example.org/", 'website: "https://example.org/\\n"', "website"),
    ("email: info@example.dk", 'email: "info@example.dk\\n"', "email"),
    ("phone: \"+45 12 34 56 78\"", 'phone: "12345678\\n"', "phone"),
    ("file: desk.jpg", 'file: "desk.jpg\\n"', "photos[0].file"),
    # this one crashed the build: the schema let it through and date.fromisoformat refused it
    ("last_verified: 2026-11-01", 'last_verified: "2026-11-01\\n"', "last_verified"),
])
def test_a_final_line_break_does_not_slip_past_a_pattern(site, old, new, field):
    problems = site.problems(NAME, changed(old, new))
    assert len(problems) == 1 and f": {field}: " in problems[0] and "is not valid" in problems[0], problems


@pytest.mark.parametrize("field, old", [
    ("address.street", "street: Ørhagevej 84"),
    ("address.town", "town: Klitmøller"),
    ("public_transport", "public_transport: Bus 322 stops 200 m away"),
    ("photos[0].alt", "alt: Desks by the window, with the dunes outside"),
    ("photos[0].credit", "credit: Anna Jensen"),
])
@pytest.mark.parametrize("character", ["\\n", "\\t", "\\u2028", "\\u2029", "\\u202e", "\\u200b", "\\u0085"])
def test_one_line_texts_refuse_line_breaks_controls_bidi_and_zero_width(site, field, old, character):
    key, _, value = old.partition(": ")
    problems = site.problems(NAME, changed(old, f'{key}: "{value[:3]}{character}{value[3:]}"'))
    assert len(problems) == 1, problems
    line = good_text().splitlines().index(next(ln for ln in good_text().splitlines() if old in ln)) + 1
    assert problems[0].startswith(f"{FILE}:{line}: {field}: "), problems
    assert "on one line of ordinary characters (no control, bidi or zero-width characters)" in problems[0]


def test_one_line_texts_share_the_names_character_rule():
    assert {rule(field)["pattern"] for field in ONE_LINE_FIELDS} == {rule("name")["pattern"]}


def test_every_pattern_ends_at_the_end_of_the_text():
    def patterns(node):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                yield node["pattern"]
            for child in node.values():
                yield from patterns(child)
    found = list(patterns(SCHEMA))
    assert len(found) >= 12 and all(p.startswith("^") and p.endswith("$(?!\\n)") for p in found), found


def test_an_unquoted_phone_with_45_says_to_write_it_in_quotes(site):
    problems = site.problems(NAME, changed('phone: "+45 12 34 56 78"', "phone: +4512345678"))
    assert problems == [f'{FILE}:18: phone: `4512345678` is not valid; it was read as a number (it has '
                        'no quotes): write the phone number in quotes, 8 digits, optionally after +45: '
                        'phone: "+45 12 34 56 78"']


@pytest.mark.parametrize("number", ["1" + "0" * 5000, "0x" + "f" * 4000])
def test_a_number_too_long_for_python_is_a_problem_not_a_crash(site, number):
    problems = site.problems(NAME, changed("desks: 20", f"desks: {number}"))
    assert problems == [f"{FILE}:25: desks: is a number {len(number):,} characters long, too long "
                        "to read; write the real value"]


# --- Denmark's box: written once, as the schema's range ----------------------------------------------

def test_denmarks_box_is_the_schemas_range_everywhere(tmp_path):
    box = denmark_box(SCHEMA)
    assert box == (54.5, 57.8, 8.0, 15.2)
    rules = form_rules(ROOT / "spaces")
    assert rules["denmark"] == dict(zip(("lat_min", "lat_max", "lon_min", "lon_max"), box))
    assert "$comment" not in json.dumps(rules["schema"])  # prose stays out of the form's rules
    for text in (rule("location.lat")["description"], rule("location.lon")["description"]):
        assert not re.search(r"\d", text), "the range is written once: in minimum and maximum"


@pytest.mark.parametrize("lat, lon, words", [
    (54.46, 9.5, "the point 54.46, 9.5 is outside Denmark; check it on a map (lat 54.5-57.8, lon 8.0-15.2)"),
    (9.5, 55.5, "lat 9.5 and lon 55.5 look swapped: in Denmark lat is 54.5-57.8 and lon is 8.0-15.2"),
])
def test_a_point_outside_the_box_gets_one_message_with_the_schemas_range(site, lat, lon, words):
    text = changed("  lat: 57.0407\n  lon: 8.4914\n", f"  lat: {lat}\n  lon: {lon}\n")
    problems = site.problems(NAME, text)
    assert len(problems) == 1 and problems[0].startswith(f"{FILE}:8: location: {words}"), problems


def test_the_extreme_points_of_denmark_are_inside():
    lat_min, lat_max, lon_min, lon_max = denmark_box(SCHEMA)
    # Gedser Odde, Grenen (Skagen), Blåvandshuk, Østerskær (Ertholmene)
    for lat, lon in ((54.5597, 11.9734), (57.7447, 10.6369), (55.5578, 8.0756), (55.3206, 15.1967)):
        assert lat_min <= lat <= lat_max and lon_min <= lon <= lon_max
