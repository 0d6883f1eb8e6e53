"""spaces.json, spaces.geojson and spaces.csv: compact, safe to embed, safe to open."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from landhub_spaces.exports import (CSV_COLUMNS, JSON_COLUMNS, csv_cell, read_spaces_json, slug_follows_name,
                                    spaces_csv, spaces_geojson, spaces_json, url_template, week_minutes)
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
        '{"amenities":["fiber","kitchen"],"columns":{"amenities":[3],"day_pass":[125],'
        '"lat":[57.0407],"lon":[8.4914],"municipality":[0],"name":["Cowork Klitm\\u00f8ller"],'
        '"opening_hours":[0],"precision":[0],"region":[0],"slug":[null],"status":[0],"town":[0]},'
        '"count":1,"url":"/spaces/{slug}/","values":{"municipality":["Thisted"],'
        '"opening_hours":[["Mo-Fr 08:00-17:00",[480,1020,1920,2460,3360,3900,4800,5340,6240,6780]]],'
        '"precision":["address"],"region":["region-nordjylland"],"status":["open"],'
        '"town":["Klitm\\u00f8ller"]},"version":2}\n'
    )


def _two_towns() -> tuple[list[Space], dict[str, str]]:
    nexoe = Address(None, "3730", "Nexø", "Bornholm", "Region Hovedstaden", "region-hovedstaden")
    spaces = [
        make_space(),
        make_space(slug="stationen-co", name="Stationen.Co", status="planned", prices=(),
                   opening_hours="Jun-Aug Mo-Fr 08:00-17:00", amenities=("workshop", "fiber")),
        make_space(slug="surf-work-silicon-voe", name="Surf & Work – Silicon VØ", address=nexoe,
                   location=Location(55.060331, 15.1278449, "town"), opening_hours=None,
                   amenities=()),
        make_space(slug="kontoret", name="Cowork Klitmøller 2", status="closed", opening_hours="off"),
    ]
    return spaces, {s.slug: f"https://landhub.dk/spaces/{s.slug}/" for s in spaces}


def test_spaces_json_reads_back_as_every_space_s_values():
    spaces, urls = _two_towns()
    read = read_spaces_json(spaces_json(spaces, urls))
    assert [space["slug"] for space in read] == [  # region, municipality, town, then slug
        "surf-work-silicon-voe", "cowork-klitmoeller", "kontoret", "stationen-co"]
    by_slug = {space["slug"]: space for space in read}
    for space in spaces:
        got = by_slug[space.slug]
        assert set(got) == set(JSON_COLUMNS) | {"url", "hours"}
        assert got["name"] == space.name and got["status"] == space.status
        assert (got["town"], got["municipality"], got["region"]) == (
            space.address.town, space.address.municipality, space.address.region_slug)
        assert (got["lat"], got["lon"]) == (round(space.location.lat, 5), round(space.location.lon, 5))
        assert got["precision"] == space.location.precision
        assert got["url"] == urls[space.slug]
        assert got["day_pass"] == space.price("day_pass")
        assert sorted(got["amenities"]) == sorted(space.amenities)
        assert got["opening_hours"] == space.opening_hours
        assert got["hours"] == week_minutes(space.opening_hours)
    assert by_slug["surf-work-silicon-voe"]["lat"] == 55.06033  # 5 decimals, about a metre


def test_spaces_json_lists_repeated_values_once():
    spaces, urls = _two_towns()
    doc = json.loads(spaces_json(spaces, urls))
    assert doc["version"] == 2 and doc["count"] == 4
    assert doc["url"] == "https://landhub.dk/spaces/{slug}/"
    assert doc["values"]["town"] == ["Nexø", "Klitmøller"]  # in the order they first come
    assert doc["columns"]["town"] == [0, 1, 1, 1]
    assert doc["values"]["status"] == ["open", "closed", "planned"]
    assert doc["amenities"] == ["fiber", "kitchen", "workshop"]  # bit 0, 1, 2
    assert doc["columns"]["amenities"] == [0, 3, 3, 5]
    assert len(doc["values"]["opening_hours"]) == 4
    assert [len(column) for column in doc["columns"].values()] == [4] * len(JSON_COLUMNS)


def test_spaces_json_leaves_out_only_the_slugs_a_browser_makes_again():
    spaces, urls = _two_towns()
    doc = json.loads(spaces_json(spaces, urls))
    # Stationen.Co: plain and the name's own; Surf & Work – Silicon VØ has a dash unidecode
    # writes out; kontoret is not the name's own slug.
    assert doc["columns"]["slug"] == ["surf-work-silicon-voe", None, "kontoret", None]
    assert slug_follows_name(make_space(slug="stationen-co", name="Stationen.Co"))
    assert not slug_follows_name(make_space(slug="surf-work-silicon-voe", name="Surf & Work – Silicon VØ"))
    assert not slug_follows_name(make_space(slug="cafe-ost", name="Café Øst"))  # é: unidecode's work
    assert slug_follows_name(make_space(slug="aeroe-aa-1", name="ÆRØ--å 1!"))


def test_spaces_json_needs_one_url_pattern():
    spaces, urls = _two_towns()
    assert url_template(sorted(spaces, key=lambda s: s.slug), {
        s.slug: f"/spaces/{s.slug}/spaces/" for s in spaces}) == "/spaces/{slug}/spaces/"
    urls["kontoret"] = "/elsewhere/kontoret/"
    with pytest.raises(ValueError, match="no one pattern"):
        spaces_json(spaces, urls)
    assert json.loads(spaces_json([], {}))["url"] is None


def test_spaces_json_text_cannot_break_out_of_a_script_element():
    space = make_space(slug="hostile", name=HOSTILE, opening_hours=HOSTILE,
                       address=Address(HOSTILE, "7700", HOSTILE, "Thisted", "Region Nordjylland",
                                       "region-nordjylland"))
    text = spaces_json([space], URLS)
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in text
    assert text.isascii()
    [read] = read_spaces_json(text)
    assert read["name"] == HOSTILE  # escaped, not altered
    assert read["town"] == HOSTILE
    assert read["opening_hours"] == HOSTILE


@pytest.mark.parametrize("hours, minutes", [
    (None, None),  # not listed
    ("Jun-Aug Mo-Fr 08:00-17:00", None),  # irregular: the text is there, the minutes are not
    ("off", []),  # never open
    ("24/7", [0, 7 * 24 * 60]),
    ("Su 22:00-02:00", [0, 120, 6 * 24 * 60 + 22 * 60, 7 * 24 * 60]),  # past midnight wraps to Monday
])
def test_spaces_json_hours_column_is_flat_minutes_of_the_week(hours, minutes):
    [read] = read_spaces_json(spaces_json([make_space(opening_hours=hours)], URLS))
    assert read["hours"] == minutes
    assert read["opening_hours"] == hours


def test_spaces_json_rows_go_by_region_municipality_and_town():
    def at(slug, town, municipality, region_slug):
        return make_space(slug=slug, address=Address(None, "7700", town, municipality, "R", region_slug))

    spaces = [at("a", "Vorupør", "Thisted", "region-nordjylland"), at("b", "Nexø", "Bornholm", "region-hovedstaden"),
              at("c", "Hanstholm", "Thisted", "region-nordjylland"), at("d", "Aakirkeby", "Bornholm", "region-hovedstaden")]
    urls = {s.slug: f"/spaces/{s.slug}/" for s in spaces}
    read = read_spaces_json(spaces_json(spaces, urls))
    assert [space["slug"] for space in read] == ["d", "b", "c", "a"]
    assert spaces_json(spaces, urls) == spaces_json(list(reversed(spaces)), urls)


def test_spaces_json_without_a_day_pass():
    [read] = read_spaces_json(spaces_json([make_space(prices=())], URLS))
    assert read["day_pass"] is None


def test_an_older_spaces_json_is_refused():
    with pytest.raises(ValueError, match="version 1, expected 2"):
        read_spaces_json('{"version": 1, "columns": [], "rows": []}')


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


def test_the_open_data_page_describes_every_part_of_spaces_json():
    page = (Path(__file__).resolve().parents[2] / "content" / "pages" / "aabne-data.md").read_text(encoding="utf-8")
    doc = json.loads(spaces_json([make_space()], URLS))
    for name in [*doc, *JSON_COLUMNS]:
        assert f"`{name}`" in page, name
    assert f"formatets nummer, i dag {doc['version']}" in page
    assert f"`{doc['url']}`" in page
