"""spaces.json, spaces.geojson and spaces.csv: compact, safe to embed, safe to open."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest

from landhub_spaces.exports import CSV_COLUMNS, JSON_COLUMNS, csv_cell, spaces_csv, spaces_geojson, spaces_json
from landhub_spaces.model import Address, Location, Photo, Space

HOSTILE = "<img src=x onerror=alert(1)> </script><!-- `${alert(1)}` & \u2028\u2029 Ø"


def make_space(slug="cowork-klitmoeller", name="Cowork Klitmøller", **changes) -> Space:
    fields = dict(
        slug=slug, source=f"spaces/{slug}.yaml", name=name, status="open",
        address=Address("Ørhagevej 84", "7700", "Klitmøller", "Thisted", "Region Nordjylland",
                        "region-nordjylland"),
        location=Location(57.0407, 8.4914, "address"),
        description_da="Et **kontor**.", description_en=None, last_verified=date(2026, 11, 1),
        website="https://example.org/", email=None, phone="+45 12 34 56 78",
        opening_hours="Mo-Fr 08:00-17:00", prices=(("day_pass", 125), ("month_flex", 1200)),
        amenities=("fiber", "kitchen"), desks=20, organisation="association", founded=2019,
        public_transport="Bus 322", links=(("booking", "https://example.org/book"),),
        photos=(Photo("desk.jpg", "Desks", None),),
    )
    fields.update(changes)
    return Space(**fields)


URLS = {"cowork-klitmoeller": "/spaces/cowork-klitmoeller/", "hostile": "/spaces/hostile/"}


def test_spaces_json_is_compact_sorted_and_exact():
    text = spaces_json([make_space()], URLS)
    assert text == (
        '{"columns":["slug","name","town","municipality","region","lat","lon","precision","status",'
        '"url","day_pass","amenities","opening_hours","hours"],"rows":[["cowork-klitmoeller",'
        '"Cowork Klitm\\u00f8ller","Klitm\\u00f8ller","Thisted","region-nordjylland",57.0407,8.4914,'
        '"address","open","/spaces/cowork-klitmoeller/",125,["fiber","kitchen"],"Mo-Fr 08:00-17:00",'
        '[480,1020,1920,2460,3360,3900,4800,5340,6240,6780]]],'
        '"version":1}\n'
    )


def test_spaces_json_text_cannot_break_out_of_a_script_element():
    space = make_space(slug="hostile", name=HOSTILE, opening_hours=HOSTILE,
                       address=Address(HOSTILE, "7700", HOSTILE, "Thisted", "Region Nordjylland",
                                       "region-nordjylland"))
    text = spaces_json([space], URLS)
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in text
    assert text.isascii()
    row = json.loads(text)["rows"][0]
    assert row[JSON_COLUMNS.index("name")] == HOSTILE  # escaped, not altered
    assert row[JSON_COLUMNS.index("town")] == HOSTILE
    assert row[JSON_COLUMNS.index("opening_hours")] == HOSTILE


@pytest.mark.parametrize("hours, minutes", [
    (None, None),  # not listed
    ("Jun-Aug Mo-Fr 08:00-17:00", None),  # irregular: the text is there, the minutes are not
    ("off", []),  # never open
    ("24/7", [0, 7 * 24 * 60]),
    ("Su 22:00-02:00", [0, 120, 6 * 24 * 60 + 22 * 60, 7 * 24 * 60]),  # past midnight wraps to Monday
])
def test_spaces_json_hours_column_is_flat_minutes_of_the_week(hours, minutes):
    row = json.loads(spaces_json([make_space(opening_hours=hours)], URLS))["rows"][0]
    assert row[JSON_COLUMNS.index("hours")] == minutes
    assert row[JSON_COLUMNS.index("opening_hours")] == hours


def test_spaces_json_rows_go_by_region_municipality_and_town():
    def at(slug, town, municipality, region_slug):
        return make_space(slug=slug, address=Address(None, "7700", town, municipality, "R", region_slug))

    spaces = [at("a", "Vorupør", "Thisted", "region-nordjylland"), at("b", "Nexø", "Bornholm", "region-hovedstaden"),
              at("c", "Hanstholm", "Thisted", "region-nordjylland"), at("d", "Aakirkeby", "Bornholm", "region-hovedstaden")]
    urls = {s.slug: f"/spaces/{s.slug}/" for s in spaces}
    rows = json.loads(spaces_json(spaces, urls))["rows"]
    assert [row[0] for row in rows] == ["d", "b", "c", "a"]
    assert spaces_json(spaces, urls) == spaces_json(list(reversed(spaces)), urls)


def test_spaces_json_without_a_day_pass():
    row = json.loads(spaces_json([make_space(prices=())], URLS))["rows"][0]
    assert row[JSON_COLUMNS.index("day_pass")] is None


def test_geojson_coordinates_are_lon_then_lat():
    collection = json.loads(spaces_geojson([make_space()], URLS))
    assert collection["type"] == "FeatureCollection"
    [feature] = collection["features"]
    assert feature["id"] == "cowork-klitmoeller"
    assert feature["geometry"] == {"type": "Point", "coordinates": [8.4914, 57.0407]}
    assert feature["properties"]["prices"] == {"day_pass": 125, "month_flex": 1200}
    assert feature["properties"]["links"] == {"booking": "https://example.org/book"}
    assert feature["properties"]["last_verified"] == "2026-11-01"
    assert feature["properties"]["url"] == "/spaces/cowork-klitmoeller/"


def test_geojson_is_compact_sorted_and_safe():
    text = spaces_geojson([make_space(slug="hostile", name=HOSTILE, description_da=HOSTILE)], URLS)
    assert text.endswith("}\n") and text.count("\n") == 1 and ": " not in text
    assert text.startswith('{"features":[{"geometry":')
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in text
    properties = json.loads(text)["features"][0]["properties"]
    assert properties["name"] == HOSTILE and properties["description_da"] == HOSTILE
    assert list(properties) == sorted(properties)


@pytest.mark.parametrize("value, cell", [
    ("=1+1", "'=1+1"), ("+45 12 34 56 78", "+45 12 34 56 78"),
    ("+45 12 34 56 78+1", "'+45 12 34 56 78+1"), ("+4512345678", "'+4512345678"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("\n=1", "'\n=1"),
    ('=HYPERLINK("https://evil.example","klik")', '\'=HYPERLINK("https://evil.example","klik")'),
    ("Cowork Klitmøller", "Cowork Klitmøller"), ("a=b", "a=b"), ("", ""),
    (None, ""), (125, "125"), (-5, "-5"), (57.0407, "57.0407"),
])
def test_csv_cell_guards_against_formulas(value, cell):
    assert csv_cell(value) == cell


def test_spaces_csv_rows():
    evil = make_space(slug="hostile", name="=cmd|' /C calc'!A0", public_transport="@SUM(1+1)*cmd",
                      opening_hours="-1+1", amenities=())
    text = spaces_csv([make_space(), evil], URLS)
    assert "\r\n" in text and text.endswith("\r\n")
    header, good, bad = list(csv.reader(io.StringIO(text)))
    assert tuple(header) == CSV_COLUMNS
    good, bad = dict(zip(header, good)), dict(zip(header, bad))
    assert good["name"] == "Cowork Klitmøller"
    assert (good["lat"], good["lon"]) == ("57.0407", "8.4914")
    assert (good["price_day_pass"], good["price_week"]) == ("125", "")
    assert good["amenities"] == "fiber kitchen"
    assert good["postcode"] == "7700"
    assert bad["name"] == "'=cmd|' /C calc'!A0"
    assert bad["public_transport"] == "'@SUM(1+1)*cmd"
    assert bad["opening_hours"] == "'-1+1"
    assert bad["amenities"] == ""
    for row in (good, bad):
        for column, cell in row.items():
            if column == "phone" and re.fullmatch(r"\+45( [0-9]{2}){4}", cell):
                continue  # the model's normalised phone: the one shape exempted
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
