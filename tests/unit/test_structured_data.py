"""schema.org JSON-LD for space pages: right fields, hours from the weekly intervals, and text
that no space file can turn into markup when it sits inside <script type="application/ld+json">."""
from __future__ import annotations

import json
from datetime import date
from html.parser import HTMLParser

import pytest

from landhub_spaces.hours import weekly_intervals
from landhub_spaces.model import Address, Location, Photo, Space
from landhub_spaces.structured_data import (opening_hours_specification, space_json_ld,
                                            space_json_ld_text)

SITE = "https://landhub.dk"
PAGE = f"{SITE}/spaces/cowork-klitmoeller/"
HOSTILE = "</script><script>alert(1)</script>\u2028\u2029<!--"


def make_space(**changes) -> Space:
    fields = dict(
        slug="cowork-klitmoeller", source="spaces/cowork-klitmoeller.yaml", name="Cowork Klitmøller",
        status="open",
        address=Address("Ørhagevej 84", "7700", "Klitmøller", "Thisted", "Region Nordjylland",
                        "region-nordjylland"),
        location=Location(57.0407, 8.4914, "address"),
        description_da="Et kontor.", description_en=None, last_verified=date(2026, 11, 1),
        website="https://example.org/", email="hej@example.org", phone="+45 12 34 56 78",
        opening_hours="Mo-Fr 08:00-17:00; Sa 10:00-14:00",
        links=(("booking", "https://example.org/book"), ("facebook", "https://facebook.com/x"),
               ("linkedin", "https://linkedin.com/company/x")),
        photos=(Photo("desk.jpg", "Skriveborde", None),),
    )
    fields.update(changes)
    return Space(**fields)


def day(name: str) -> str:
    return f"https://schema.org/{name}"


WEEKDAYS = [day(d) for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")]


def test_a_space_is_a_local_business_with_address_geo_and_contact():
    data = space_json_ld(make_space(), PAGE, SITE)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "LocalBusiness"
    assert data["name"] == "Cowork Klitmøller"
    assert data["url"] == PAGE
    assert data["address"] == {"@type": "PostalAddress", "streetAddress": "Ørhagevej 84",
                               "postalCode": "7700", "addressLocality": "Klitmøller",
                               "addressRegion": "Region Nordjylland", "addressCountry": "DK"}
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 57.0407, "longitude": 8.4914}
    assert data["telephone"] == "+45 12 34 56 78"
    assert data["email"] == "hej@example.org"
    # The website and the profiles say who the space is; the booking page does not.
    assert data["sameAs"] == ["https://example.org/", "https://facebook.com/x",
                              "https://linkedin.com/company/x"]
    assert data["image"] == [f"{SITE}/images/spaces/cowork-klitmoeller/desk.jpg"]
    assert data["openingHoursSpecification"] == [
        {"@type": "OpeningHoursSpecification", "dayOfWeek": WEEKDAYS, "opens": "08:00", "closes": "17:00"},
        {"@type": "OpeningHoursSpecification", "dayOfWeek": [day("Saturday")], "opens": "10:00",
         "closes": "14:00"},
    ]


def test_optional_fields_are_left_out_not_written_empty():
    space = make_space(address=Address(None, "3700", "Rønne", "Bornholm", "Region Hovedstaden",
                                       "region-hovedstaden"),
                       website=None, email=None, links=(), photos=(), opening_hours=None)
    data = space_json_ld(space, PAGE, SITE)
    assert "streetAddress" not in data["address"]
    assert data["address"]["addressCountry"] == "DK"
    for key in ("sameAs", "email", "image", "openingHoursSpecification"):
        assert key not in data, key
    assert data["telephone"] == "+45 12 34 56 78"


@pytest.mark.parametrize("status", ["planned", "closed"])
def test_only_an_open_space_promises_hours(status):
    assert "openingHoursSpecification" not in space_json_ld(make_space(status=status), PAGE, SITE)


def test_irregular_hours_are_not_turned_into_a_week():
    space = make_space(opening_hours="Jan-Mar Mo-Fr 08:00-16:00; Apr-Dec Mo-Fr 09:00-15:00")
    assert "openingHoursSpecification" not in space_json_ld(space, PAGE, SITE)


@pytest.mark.parametrize("text, expected", [
    ("Mo-Fr 08:00-12:00,13:00-17:00", [(WEEKDAYS, "08:00", "12:00"), (WEEKDAYS, "13:00", "17:00")]),
    # past midnight: on the day it starts, as one span
    ("Fr 22:00-02:00", [([day("Friday")], "22:00", "02:00")]),
    ("Su 20:00-02:00", [([day("Sunday")], "20:00", "02:00")]),
    # open to midnight: the day ends at 23:59, and a whole day is not one span of several days
    ("24/7", [([day(d) for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                  "Saturday", "Sunday")], "00:00", "23:59")]),
    ("Mo-Fr 08:00-17:00; Sa-Su 00:00-24:00",
     [(WEEKDAYS, "08:00", "17:00"), ([day("Saturday"), day("Sunday")], "00:00", "23:59")]),
    ("Mo 00:00-24:00; Tu 00:00-02:00",
     [([day("Monday")], "00:00", "23:59"), ([day("Tuesday")], "00:00", "02:00")]),
    ("Mo-Fr 08:30-16:00; PH off", [(WEEKDAYS, "08:30", "16:00")]),
    ("off", []),
])
def test_opening_hours_specification_from_weekly_intervals(text, expected):
    got = [(e["dayOfWeek"], e["opens"], e["closes"])
           for e in opening_hours_specification(weekly_intervals(text))]
    assert got == expected


class _Scripts(HTMLParser):
    """How a browser splits the page: the text of each <script>, and everything else it sees."""

    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self.tags: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "script":
            self._open = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = False

    def handle_data(self, data):
        if self._open:
            self.scripts[-1] += data


@pytest.mark.parametrize("field", ["name", "town", "street", "email", "website"])
def test_hostile_text_stays_inside_the_script_element(field):
    space = make_space()
    if field == "name":
        space = make_space(name=HOSTILE)
    elif field in ("town", "street"):
        address = space.address
        space = make_space(address=Address(HOSTILE if field == "street" else address.street,
                                           address.postcode,
                                           HOSTILE if field == "town" else address.town,
                                           address.municipality, address.region, address.region_slug))
    else:
        space = make_space(**{field: f"https://example.org/{HOSTILE}" if field == "website"
                              else f"{HOSTILE}@example.org"})
    text = space_json_ld_text(space, PAGE, SITE)
    assert "</" not in text and "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert text.isascii()
    data = json.loads(text)
    assert json.dumps(data, ensure_ascii=False).count(HOSTILE) == 1, "the text comes back whole"

    page = _Scripts()
    page.feed(f'<head><script type="application/ld+json">{text}</script></head><body><p>x</p></body>')
    assert page.tags.count("script") == 1, "the name opened a second script element"
    assert json.loads(page.scripts[0]) == data, "the script element holds exactly the JSON"


def test_the_same_space_gives_the_same_bytes():
    first = space_json_ld_text(make_space(), PAGE, SITE)
    assert first == space_json_ld_text(make_space(), PAGE, SITE)
    assert first.startswith('{"@context":"https://schema.org"')
