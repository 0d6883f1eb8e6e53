"""Every field rule of SPACE_FORMAT.md, through validate_spaces(): exact message and line.

Each test starts from fixtures/spaces/cowork-klitmoeller.yaml (valid, every field used) and
changes one thing. Its lines: 1 name, 2 status, 3-7 address, 8-11 location, 12-15 description,
16 website, 17 email, 18 phone, 19 opening_hours, 20-23 prices, 24 amenities, 25 desks,
26 organisation, 27 founded, 28 public_transport, 29-31 links, 32-35 photos, 36 last_verified.
"""
from __future__ import annotations

from datetime import date

import pytest

from landhub_spaces.model import Address, Location, Photo, Space

from .helpers import TODAY, edit, good_text

FILE = "spaces/cowork-klitmoeller.yaml"
NAME = "cowork-klitmoeller.yaml"
GOOD = good_text()
PHOTOS = ("photos:\n  - file: desk.jpg\n    alt: Desks by the window, with the dunes outside\n"
          "    credit: Anna Jensen\n")
URL_HINT = "write a full address starting with https:// (or http://), e.g. https://example.org/"
PRICE_HINT = "write a whole number of kroner including VAT, without `kr.` or decimals, e.g. 125"
NAME_HINT = "use 2-80 ordinary characters (no control, bidi or zero-width characters)"
AMENITIES = ("`fiber`, `wifi`, `meeting_room`, `phone_booth`, `kitchen`, `cafe`, `parking`, "
             "`ev_charging`, `bike_parking`, `shower`, `step_free`, `lockers`, `printer`, "
             "`event_space`, `workshop`, `accommodation`")
TOP_FIELDS = ("address, amenities, description, desks, email, founded, last_verified, links, "
              "location, name, opening_hours, organisation, phone, photos, prices, "
              "public_transport, status, website")


def changed(old: str, new: str, text: str = GOOD) -> str:
    return edit(text, old, new)


def without_photos(text: str = GOOD) -> str:
    return edit(text, PHOTOS, "")


# --- the good file ------------------------------------------------------------------------------

def test_the_good_file_becomes_this_space(site):
    result = site.validate([site.write(NAME, GOOD)])
    assert result.problems == [] and result.ok
    assert result.spaces == [Space(
        slug="cowork-klitmoeller",
        source=FILE,
        name="Cowork Klitmøller",
        status="open",
        address=Address("Ørhagevej 84", "7700", "Klitmøller", "Thisted", "Region Nordjylland",
                        "region-nordjylland"),
        location=Location(57.0407, 8.4914, "address"),
        description_da="Et **kontorfællesskab** ved havet, med fiber og et mødelokale.\n",
        description_en="A shared office by the sea, with fibre and a meeting room.",
        last_verified=date(2026, 11, 1),
        website="https://example.org/",
        email="info@example.dk",
        phone="+45 12 34 56 78",
        opening_hours="Mo-Fr 08:00-17:00; Sa 10:00-14:00",
        prices=(("day_pass", 125), ("week", 500), ("month_flex", 1200)),
        amenities=("fiber", "meeting_room", "kitchen"),
        desks=20,
        organisation="association",
        founded=2019,
        public_transport="Bus 322 stops 200 m away",
        links=(("booking", "https://example.org/book"),
               ("facebook", "https://www.facebook.com/example")),
        photos=(Photo("desk.jpg", "Desks by the window, with the dunes outside", "Anna Jensen"),),
    )]


def test_the_smallest_valid_file(site):
    text = ("name: Kontor Vorupør\nstatus: planned\naddress:\n  postcode: 7700\n  town: Vorupør\n"
            "  municipality: Thisted\nlocation:\n  lat: 56.9578\n  lon: 8.3700\ndescription:\n"
            "  da: Et kontor.\nphone: 12345678\nlast_verified: 2026-11-27\n")
    result = site.validate([site.write("kontor-vorupoer.yaml", text)])
    assert result.problems == []
    [space] = result.spaces
    assert (space.address.street, space.address.postcode, space.location.precision) == (None, "7700", "address")
    assert (space.website, space.email, space.phone) == (None, None, "+45 12 34 56 78")
    assert (space.prices, space.amenities, space.links, space.photos) == ((), (), (), ())


# --- required fields ----------------------------------------------------------------------------

@pytest.mark.parametrize("remove, expected", [
    ("name: Cowork Klitmøller\n",
     "1: name: is required but missing; add it. The space's name as it presents itself, 2-80 "
     "characters, without control, bidi or zero-width characters."),
    ("status: open\n",
     "1: status: is required but missing; add it. `open` when it takes users today, `planned` when "
     "a source says it is coming, `closed` when it has closed."),
    ("address:\n  street: Ørhagevej 84\n  postcode: \"7700\"\n  town: Klitmøller\n  municipality: Thisted\n",
     "1: address: is required but missing; add it. Where the space is."),
    ("  postcode: \"7700\"\n",
     "3: address.postcode: is required but missing; add it. The four-digit Danish postcode, quoted "
     "or not: `\"7700\"`."),
    ("  town: Klitmøller\n",
     "3: address.town: is required but missing; add it. The town as written in Danish, e.g. `Klitmøller`, on one line."),
    ("  municipality: Thisted\n",
     "3: address.municipality: is required but missing; add it. One of Denmark's 98 municipalities, "
     "named as in spaces/_vocab/municipalities.yaml (`Thisted`, `Bornholm`, `Høje-Taastrup`). "
     "The region follows from it."),
    ("location:\n  lat: 57.0407\n  lon: 8.4914\n  precision: address\n",
     "1: location: is required but missing; add it. The point on the map."),
    ("  lat: 57.0407\n",
     "8: location.lat: is required but missing; add it. Latitude in decimal degrees with a dot, "
     "inside Denmark."),
    ("  lon: 8.4914\n",
     "8: location.lon: is required but missing; add it. Longitude in decimal degrees with a dot, "
     "inside Denmark (Bornholm and Ertholmene included)."),
    ("description:\n  da: |\n    Et **kontorfællesskab** ved havet, med fiber og et mødelokale.\n"
     "  en: A shared office by the sea, with fibre and a meeting room.\n",
     "1: description: is required but missing; add it. What the space is and offers, in Markdown. "
     "Raw HTML is shown as text, never rendered."),
    ("  da: |\n    Et **kontorfællesskab** ved havet, med fiber og et mødelokale.\n",
     "12: description.da: is required but missing; add it. In Danish, Markdown, at most 2,000 characters."),
    ("last_verified: 2026-11-01\n",
     "1: last_verified: is required but missing; add it. The date, `YYYY-MM-DD`, when these facts "
     "were last checked; not in the future."),
])
def test_each_required_field(site, remove, expected):
    assert site.problems(NAME, changed(remove, "")) == [f"{FILE}:{expected}"]


def test_at_least_one_contact_is_required(site):
    text = changed("website: https://example.org/\nemail: info@example.dk\nphone: \"+45 12 34 56 78\"\n", "")
    assert site.problems(NAME, text) == [
        f"{FILE}:1: website: give at least one way to get in touch: `website`, `email` or `phone`"
    ]


@pytest.mark.parametrize("keep", ["website: https://example.org/\n", "email: info@example.dk\n",
                                  "phone: \"+45 12 34 56 78\"\n"])
def test_any_one_contact_is_enough(site, keep):
    text = changed("website: https://example.org/\nemail: info@example.dk\nphone: \"+45 12 34 56 78\"\n", keep)
    assert site.problems(NAME, text) == []


# --- unknown keys and wrong types ---------------------------------------------------------------

def test_unknown_key_suggests_the_close_one(site):
    assert site.problems(NAME, changed("desks: 20", "desk: 20")) == [
        f"{FILE}:25: desk: is not a known field; did you mean `desks`? (allowed here: {TOP_FIELDS})"
    ]


def test_unknown_nested_key_suggests_the_close_one(site):
    assert site.problems(NAME, changed("  postcode: \"7700\"", "  postcode: \"7700\"\n  postcde: \"7700\"")) == [
        f"{FILE}:6: address.postcde: is not a known field; did you mean `postcode`? "
        "(allowed here: municipality, postcode, street, town)"
    ]


def test_unknown_key_without_a_close_one_is_to_be_removed(site):
    assert site.problems(NAME, changed("desks: 20", "desks: 20\nsauna: true")) == [
        f"{FILE}:26: sauna: is not a known field; remove it (allowed here: {TOP_FIELDS})"
    ]


def test_unknown_price_key(site):
    assert site.problems(NAME, changed("  week: 500", "  weekly: 500")) == [
        f"{FILE}:22: prices.weekly: is not a known field; did you mean `week`? (allowed here: "
        "day_pass, meeting_room_hour, month_fixed, month_flex, office_month, week)"
    ]


@pytest.mark.parametrize("old, new, expected", [
    ("name: Cowork Klitmøller", "name: 5", f"1: name: expected text, got `5`; {NAME_HINT}"),
    ("name: Cowork Klitmøller", "name: [Cowork]", f"1: name: expected text, got a list; {NAME_HINT}"),
    ("status: open", "status: true",
     "2: status: true is not allowed; use one of `open`, `planned`, `closed`"),
    ("desks: 20", 'desks: "20"', "25: desks: expected a whole number, got `20`; write a whole number of at least 1"),
    ("desks: 20", "desks: 20.0", "25: desks: expected a whole number, got `20.0`; write a whole number of at least 1"),
    ("founded: 2019", "founded: 2019.0",
     "27: founded: expected a whole number, got `2019.0`; write the year as four digits, 1990 or later"),
    ("  lat: 57.0407", "  lat: 57,0407",
     "9: location.lat: expected a number, got `57,0407`; write the latitude in decimal degrees with "
     "a dot, e.g. 57.0407"),
    ("  lon: 8.4914", "  lon: 8°29′",
     "10: location.lon: expected a number, got `8°29′`; write the longitude in decimal degrees with "
     "a dot, e.g. 8.4914"),
    ("amenities: [fiber, meeting_room, kitchen]", "amenities: fiber",
     "24: amenities: expected a list, got `fiber`; use the names from spaces/_vocab/amenities.yaml, "
     "e.g. [fiber, meeting_room]"),
    ("last_verified: 2026-11-01", "last_verified:",
     "36: last_verified: expected text, got nothing; write the date as YYYY-MM-DD, e.g. 2026-11-01"),
    ("public_transport: Bus 322 stops 200 m away", "public_transport: \"Bus 322\\nstops here\"",
     "28: public_transport: `Bus 322\\u000astops here` is not valid; write it on one line of ordinary "
     "characters (no control, bidi or zero-width characters), e.g. Bus 322 stops 200 m away"),
])
def test_wrong_types(site, old, new, expected):
    assert site.problems(NAME, changed(old, new)) == [f"{FILE}:{expected}"]


@pytest.mark.parametrize("old, new, expected", [
    ("address:\n  street: Ørhagevej 84\n  postcode: \"7700\"\n  town: Klitmøller\n  municipality: Thisted\n",
     "address: Ørhagevej 84, 7700 Klitmøller\n",
     "3: address: expected a group of fields (a mapping), got `Ørhagevej 84, 7700 Klitmøller`"),
    ("location:\n  lat: 57.0407\n  lon: 8.4914\n  precision: address\n", "location: [57.0407, 8.4914]\n",
     "8: location: expected a group of fields (a mapping), got a list"),
    ("links:\n  booking: https://example.org/book\n  facebook: https://www.facebook.com/example\n",
     "links: [https://example.org/book]\n", "29: links: expected a group of fields (a mapping), got a list"),
    (PHOTOS, "photos: desk.jpg\n", "32: photos: expected a list, got `desk.jpg`"),
    (PHOTOS, "photos: 5\n", "32: photos: expected a list, got `5`"),
    (PHOTOS, "photos: [desk.jpg]\n", "32: photos[0]: expected a group of fields (a mapping), got `desk.jpg`"),
    ("prices:\n  day_pass: 125\n  week: 500\n  month_flex: 1200\n", "prices: 125\n",
     "20: prices: expected a group of fields (a mapping), got `125`"),
])
def test_a_group_of_the_wrong_type_is_a_message_not_a_crash(site, old, new, expected):
    assert site.problems(NAME, changed(old, new)) == [f"{FILE}:{expected}"]


# --- enums ------------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, expected", [
    ("status: open", "status: opne", "2: status: `opne` is not allowed; use one of `open`, `planned`, `closed`"),
    ("status: open", "status: Open", "2: status: `Open` is not allowed; use one of `open`, `planned`, `closed`"),
    ("  precision: address", "  precision: street",
     "11: location.precision: `street` is not allowed; use one of `address`, `town`"),
    ("organisation: association", "organisation: club",
     "26: organisation: `club` is not allowed; use one of `association`, `cooperative`, `company`, "
     "`municipality`, `foundation`, `other`"),
    ("amenities: [fiber, meeting_room, kitchen]", "amenities: [fiber, sauna, kitchen]",
     f"24: amenities[1]: `sauna` is not allowed; use one of {AMENITIES}"),
    ("amenities: [fiber, meeting_room, kitchen]", "amenities: [fiber, kitchen, fiber]",
     "24: amenities: lists the same value more than once; keep each once"),
])
def test_enums(site, old, new, expected):
    assert site.problems(NAME, changed(old, new)) == [f"{FILE}:{expected}"]


@pytest.mark.parametrize("status", ["open", "planned", "closed"])
def test_every_status_is_accepted(site, status):
    assert site.problems(NAME, changed("status: open", f"status: {status}")) == []


def test_every_amenity_is_accepted(site):
    every = AMENITIES.replace("`", "")
    result = site.validate([site.write(NAME, changed("[fiber, meeting_room, kitchen]", f"[{every}]"))])
    assert result.problems == []
    assert ", ".join(result.spaces[0].amenities) == every


# --- name ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("C", f"is too short (1 character); at least 2 are needed; {NAME_HINT}"),
    ("Cowork " + "K" * 74, f"is 81 characters long; at most 80 are allowed; {NAME_HINT}"),
    ("Cowork Klit\u202emøller", f"`Cowork Klit\\u202emøller` is not valid; {NAME_HINT}"),  # bidi override
    ("Cowork Klit\u200bmøller", f"`Cowork Klit\\u200bmøller` is not valid; {NAME_HINT}"),  # zero-width space
    ("Cowork Klit\u2066møller", f"`Cowork Klit\\u2066møller` is not valid; {NAME_HINT}"),  # bidi isolate
])
def test_name_length_and_invisible_characters(site, name, expected):
    # One message: a file name made from an invalid name would be wrong too, so none is suggested.
    assert site.problems(NAME, changed("name: Cowork Klitmøller", f"name: {name}")) == [
        f"{FILE}:1: name: {expected}"
    ]


@pytest.mark.parametrize("name, file_name", [("Ås", "aas.yaml"), ("Cowork " + "K" * 73, "cowork-" + "k" * 73 + ".yaml")])
def test_name_of_2_and_80_characters(site, name, file_name):
    text = without_photos(changed("name: Cowork Klitmøller", f"name: {name}"))
    assert site.problems(file_name, text) == []


def test_file_name_must_be_made_from_the_name(site):
    assert site.problems("cowork-klitmoller.yaml", without_photos()) == [
        "spaces/cowork-klitmoller.yaml:1: name: the file name must be made from the name: rename the "
        "file to spaces/cowork-klitmoeller.yaml (æ -> ae, ø -> oe, å -> aa)"
    ]


def test_file_name_must_be_a_slug(site):
    assert site.problems("Cowork_Klitmoeller.yaml", without_photos()) == [
        "spaces/Cowork_Klitmoeller.yaml:1: file: the file name must be lower-case letters, digits and "
        "single dashes, ending in .yaml (e.g. spaces/cowork-klitmoeller.yaml)"
    ]


@pytest.mark.parametrize("name", ["🙂🙂", "«»", "--"])
def test_a_name_without_letters_or_digits_cannot_name_a_file(site, name):
    # its slug would be empty, and then any file name would have matched
    assert site.problems(NAME, changed("name: Cowork Klitmøller", f"name: '{name}'")) == [
        f"{FILE}:1: name: needs at least one letter or digit, so that a file name can be made from it"
    ]


def test_file_must_end_in_yaml(site):
    assert site.problems("cowork-klitmoeller.yml", GOOD) == [
        "spaces/cowork-klitmoeller.yml:1: file: space files end in .yaml; rename the file"
    ]


def test_slugs_are_unique_across_the_files_given(site):
    incoming = site.root / "incoming"
    incoming.mkdir()
    (incoming / NAME).write_text(GOOD, encoding="utf-8")
    result = site.validate([site.write(NAME, GOOD), incoming / NAME])
    assert [str(p) for p in result.problems] == [
        f"{FILE}:1: file: the slug `cowork-klitmoeller` is already used by incoming/{NAME}"
    ]
    assert [space.source for space in result.spaces] == [f"incoming/{NAME}"]


def test_markup_in_a_name_is_valid_data_and_reaches_the_model_unchanged(site):
    # Escaping is the renderer's job; the validator must neither refuse nor alter it.
    payload = "<img src=x onerror=alert(1)> `${alert(1)}`"
    text = changed("name: Cowork Klitmøller", f"name: '{payload}'", without_photos())
    text = changed("  en: A shared office by the sea, with fibre and a meeting room.",
                   f"  en: '{payload} </script><!--'", text)
    text = changed("public_transport: Bus 322 stops 200 m away", f"public_transport: '\"{payload}'", text)
    result = site.validate([site.write("img-src-x-onerror-alert-1-alert-1.yaml", text)])
    assert result.problems == []
    [space] = result.spaces
    assert space.slug == "img-src-x-onerror-alert-1-alert-1"
    assert space.name == payload
    assert space.description_en == f"{payload} </script><!--"
    assert space.public_transport == f'"{payload}'


# --- address ------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, shown", [('"7700"', "7700"), ("7700", "7700"), ('"0800"', "0800"), ("0800", "0800")])
def test_valid_postcodes(site, written, shown):
    result = site.validate([site.write(NAME, changed('postcode: "7700"', f"postcode: {written}"))])
    assert result.problems == []
    assert result.spaces[0].address.postcode == shown


@pytest.mark.parametrize("written, shown", [
    ('"770"', "770"), ("770", "770"), ("77000", "77000"), ('"77000"', "77000"), ('"7700 "', "7700 "),
    ('"DK-7700"', "DK-7700"),
])
def test_invalid_postcodes(site, written, shown):
    assert site.problems(NAME, changed('postcode: "7700"', f"postcode: {written}")) == [
        f"{FILE}:5: address.postcode: `{shown}` is not valid; write the four-digit postcode, e.g. \"7700\""
    ]


def test_postcode_of_the_wrong_type(site):
    assert site.problems(NAME, changed('postcode: "7700"', "postcode: 77.00")) == [
        f"{FILE}:5: address.postcode: expected text or a whole number, got `77.0`; write the "
        "four-digit postcode, e.g. \"7700\""
    ]


@pytest.mark.parametrize("written, expected", [
    ("Thisted Kommune", "did you mean `Thisted`?"),
    ("Copenhagen", "use the short official name"),
])
def test_unknown_municipality(site, written, expected):
    assert site.problems(NAME, changed("municipality: Thisted", f"municipality: {written}")) == [
        f"{FILE}:7: address.municipality: `{written}` is not one of Denmark's 98 municipalities; "
        f"{expected} (the list is spaces/_vocab/municipalities.yaml)"
    ]


def test_region_follows_from_the_municipality(site):
    text = changed("municipality: Thisted", "municipality: Høje-Taastrup")
    [space] = site.validate([site.write(NAME, text)]).spaces
    assert (space.address.region, space.address.region_slug) == ("Region Hovedstaden", "region-hovedstaden")


# --- location -----------------------------------------------------------------------------------

def point(lat: str, lon: str, text: str = GOOD) -> str:
    return changed("  lat: 57.0407\n  lon: 8.4914\n", f"  lat: {lat}\n  lon: {lon}\n", text)


def test_swapped_lat_and_lon_give_exactly_one_line(site):
    assert site.problems(NAME, point("8.4914", "57.0407")) == [
        f"{FILE}:8: location: lat 8.4914 and lon 57.0407 look swapped: in Denmark lat is 54.5-57.8 and "
        "lon is 8.0-15.2; exchange the two values"
    ]


def test_a_point_in_germany(site):
    assert site.problems(NAME, point("54.78", "9.43")) == [  # Flensburg
        f"{FILE}:8: location: the point 54.78, 9.43 is not in Denmark: its nearest town is Flensburg "
        "(DE), 1.0 km away; check it on a map"
    ]


def test_a_point_in_sweden(site):
    assert site.problems(NAME, point("55.605", "13.0")) == [  # Malmö
        f"{FILE}:8: location: the point 55.605, 13.0 is not in Denmark: its nearest town is Malmö "
        "(SE), 0.1 km away; check it on a map"
    ]


def test_a_point_at_sea(site):
    assert site.problems(NAME, point("55.0", "13.5")) == [  # the Baltic, between Møn and Bornholm
        f"{FILE}:8: location: the point 55.0, 13.5 is more than 30 km from any town, probably at sea; "
        "check it on a map"
    ]


def test_a_point_far_outside_denmark_gives_one_line(site):
    # Berlin is also outside the schema's latitude range: one line about the point, not two
    assert site.problems(NAME, point("52.52", "13.40")) == [
        f"{FILE}:8: location: the point 52.52, 13.4 is outside Denmark; check it on a map "
        "(lat 54.5-57.8, lon 8.0-15.2)",
    ]


def test_latitude_out_of_range_alone(site):
    # the longitude is not a number, so the point cannot be judged: the range rule speaks
    text = point("60.0", "'8,49'")
    assert site.problems(NAME, text) == [
        f"{FILE}:9: location.lat: `60.0` is not valid; write the latitude in decimal degrees with a "
        "dot, e.g. 57.0407",
        f"{FILE}:10: location.lon: expected a number, got `8,49`; write the longitude in decimal "
        "degrees with a dot, e.g. 8.4914",
    ]


@pytest.mark.parametrize("town, postcode, lat, lon", [
    ("Nexø", "3730", "55.0600", "15.1300"),  # Bornholm
    ("Christiansø", "3760", "55.3200", "15.1866"),  # Ertholmene, the easternmost point
    ("Skagen", "9990", "57.7209", "10.5839"),
    ("Gedser", "4874", "54.5763", "11.9268"),
])
def test_far_corners_of_denmark_are_accepted(site, town, postcode, lat, lon):
    text = changed("municipality: Thisted", "municipality: Bornholm", point(lat, lon))
    text = changed('postcode: "7700"\n  town: Klitmøller', f'postcode: "{postcode}"\n  town: {town}', text)
    assert site.problems(NAME, text) == []


# --- web, e-mail, phone -------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "ftp://example.org/", "www.example.org", "https://", "https://example.org/a b",
])
def test_website_must_be_a_web_address(site, url):
    assert site.problems(NAME, changed("website: https://example.org/", f"website: '{url}'")) == [
        f"{FILE}:16: website: `{url}` is not valid; {URL_HINT}"
    ]


@pytest.mark.parametrize("url", [
    "https://user:secret@example.org/", "https://user@example.org/", "https://localhost/",
    "http://127.0.0.1/",  # a domain with ø: test_contract_alignment.py, with its tip
])
def test_website_must_be_a_plain_domain(site, url):
    assert site.problems(NAME, changed("website: https://example.org/", f"website: '{url}'")) == [
        f"{FILE}:16: website: `{url}` is not a usable web address; write it as https://example.dk/ "
        "(a domain name, no user name or password)"
    ]


@pytest.mark.parametrize("url", ["http://example.org", "https://EXAMPLE.org/x?y=1#z", "https://xn--klitmller-l8a.dk/"])
def test_website_accepted(site, url):
    assert site.problems(NAME, changed("website: https://example.org/", f"website: '{url}'")) == []


def test_links_follow_the_website_rules(site):
    text = changed("  booking: https://example.org/book", "  booking: javascript:alert(1)")
    text = changed("  facebook: https://www.facebook.com/example", "  facebook: https://a:b@facebook.com/x", text)
    assert site.problems(NAME, text) == [
        f"{FILE}:30: links.booking: `javascript:alert(1)` is not valid; {URL_HINT}",
        f"{FILE}:31: links.facebook: `https://a:b@facebook.com/x` is not a usable web address; write it "
        "as https://example.dk/ (a domain name, no user name or password)",
    ]


@pytest.mark.parametrize("email", ["info@example.dk", "anne.marie+desk@post.example.dk", "A_B@EXAMPLE.DK"])
def test_email_accepted(site, email):
    assert site.problems(NAME, changed("email: info@example.dk", f"email: {email}")) == []


@pytest.mark.parametrize("email", [
    "Info <info@example.dk>", "mailto:info@example.dk", "info@example", "info@@example.dk",
    "info@example.dk, kontor@example.dk", "info", "info@example.dk ", "æble@example.dk",
])
def test_email_refused(site, email):
    assert site.problems(NAME, changed("email: info@example.dk", f"email: '{email}'")) == [
        f"{FILE}:17: email: `{email}` is not valid; write one plain address like info@example.dk "
        "(no name, no mailto:)"
    ]


@pytest.mark.parametrize("written", [
    '"+45 12 34 56 78"', "12345678", '"12345678"', '"+4512345678"', '"12 34 56 78"', '"12-34-56-78"',
    '"+45 1234 5678"',
])
def test_phone_forms_accepted_and_normalised(site, written):
    result = site.validate([site.write(NAME, changed('phone: "+45 12 34 56 78"', f"phone: {written}"))])
    assert result.problems == []
    assert result.spaces[0].phone == "+45 12 34 56 78"


PHONE_HINT = 'write 8 digits, optionally after +45, e.g. "+45 12 34 56 78"'
PHONE_UNQUOTED = ('it was read as a number (it has no quotes): write the phone number in quotes, 8 digits, '
                  'optionally after +45: phone: "+45 12 34 56 78"')


@pytest.mark.parametrize("written, expected", [
    ('"1234567"', f"`1234567` is not valid; {PHONE_HINT}"),
    ("1234567", f"`1234567` is not valid; {PHONE_UNQUOTED}"),
    ('"123456789"', f"`123456789` is not valid; {PHONE_HINT}"),
    ('"+46 12 34 56 78"', f"`+46 12 34 56 78` is not valid; {PHONE_HINT}"),
    ('"0045 12 34 56 78"', f"`0045 12 34 56 78` is not valid; {PHONE_HINT}"),
    ('"tlf. 12 34 56 78"', f"`tlf. 12 34 56 78` is not valid; {PHONE_HINT}"),
    # a number read as 12345678.0 must not pass as "a whole number" and lose a digit
    ("12345678.0", f"expected text or a whole number, got `12345678.0`; {PHONE_HINT}"),
])
def test_phone_forms_refused(site, written, expected):
    assert site.problems(NAME, changed('phone: "+45 12 34 56 78"', f"phone: {written}")) == [
        f"{FILE}:18: phone: {expected}"
    ]


# --- hours, prices, desks, founded --------------------------------------------------------------

OSM_HINT = ('write e.g. "Mo-Fr 08:00-17:00; Sa 10:00-14:00" '
            "(https://wiki.openstreetmap.org/wiki/Key:opening_hours)")


@pytest.mark.parametrize("hours", ["Mo-Fr 8-17", "Mon-Fri 9am-5pm", "efter aftale", "8:30", "no"])
def test_opening_hours_refused(site, hours):
    # `8:30` and `no` are written unquoted: they stay text, and are not OSM syntax
    text = changed("opening_hours: Mo-Fr 08:00-17:00; Sa 10:00-14:00", f"opening_hours: {hours}")
    assert site.problems(NAME, text) == [
        f"{FILE}:19: opening_hours: `{hours}` is not OpenStreetMap opening_hours syntax; {OSM_HINT}"
    ]


@pytest.mark.parametrize("hours", ["24/7", "Mo-Fr 08:00-17:00", "Mo-Th 08:00-16:00; Fr 08:00-14:00; PH off"])
def test_opening_hours_accepted(site, hours):
    text = changed("opening_hours: Mo-Fr 08:00-17:00; Sa 10:00-14:00", f'opening_hours: "{hours}"')
    assert site.problems(NAME, text) == []


@pytest.mark.parametrize("written, expected", [
    ("-5", f"`-5` is not valid; {PRICE_HINT}"),
    ("99.5", f"expected a whole number, got `99.5`; {PRICE_HINT}"),
    ("100.0", f"expected a whole number, got `100.0`; {PRICE_HINT}"),
    ('"125"', f"expected a whole number, got `125`; {PRICE_HINT}"),
    ("125 kr.", f"expected a whole number, got `125 kr.`; {PRICE_HINT}"),
])
def test_prices_refused(site, written, expected):
    assert site.problems(NAME, changed("day_pass: 125", f"day_pass: {written}")) == [
        f"{FILE}:21: prices.day_pass: {expected}"
    ]


def test_a_free_day_pass_is_a_price(site):
    [space] = site.validate([site.write(NAME, changed("day_pass: 125", "day_pass: 0"))]).spaces
    assert space.price("day_pass") == 0


@pytest.mark.parametrize("desks, expected", [("0", "`0` is not valid"), ("-3", "`-3` is not valid"),
                                             ("1.5", "expected a whole number, got `1.5`")])
def test_desks_refused(site, desks, expected):
    assert site.problems(NAME, changed("desks: 20", f"desks: {desks}")) == [
        f"{FILE}:25: desks: {expected}; write a whole number of at least 1"
    ]


def test_one_desk_is_enough(site):
    assert site.problems(NAME, changed("desks: 20", "desks: 1")) == []


@pytest.mark.parametrize("year, expected", [
    ("1989", "`1989` is not valid; write the year as four digits, 1990 or later"),
    ("2027", "2027 is after this year; write the year it opened, or leave `founded` out and use "
             "`status: planned`"),
    ('"2019"', "expected a whole number, got `2019`; write the year as four digits, 1990 or later"),
])
def test_founded_refused(site, year, expected):
    assert site.problems(NAME, changed("founded: 2019", f"founded: {year}")) == [f"{FILE}:27: founded: {expected}"]


@pytest.mark.parametrize("year", ["1990", str(TODAY.year)])
def test_founded_accepted(site, year):
    assert site.problems(NAME, changed("founded: 2019", f"founded: {year}")) == []


# --- photos -------------------------------------------------------------------------------------

def test_photo_without_alt(site):
    text = changed("    alt: Desks by the window, with the dunes outside\n", "")
    assert site.problems(NAME, text) == [
        f"{FILE}:33: photos[0].alt: is required but missing; add it. What the photo shows, for people "
        "who cannot see it, on one line. Required."
    ]


@pytest.mark.parametrize("file", ["plan.svg", "../other-space/desk.jpg", "desk.gif", "desk"])
def test_photo_file_type_and_folder(site, file):
    # only the rule that is broken: not also "there is no file", which would send them looking
    assert site.problems(NAME, changed("  - file: desk.jpg", f"  - file: {file}")) == [
        f"{FILE}:33: photos[0].file: `{file}` is not valid; write a file name like desk.jpg or "
        "Mit kontor.jpg (JPEG, PNG or WebP; no folders, no SVG, not starting with a dot, on one "
        "line of ordinary characters)"
    ]


def test_photo_missing_on_disk(site):
    text = changed(PHOTOS, PHOTOS + "  - file: kitchen.webp\n    alt: The shared kitchen\n")
    assert site.problems(NAME, text) == [
        f"{FILE}:36: photos[1].file: there is no file content/images/spaces/cowork-klitmoeller/"
        "kitchen.webp; add it in the same pull request"
    ]


def test_photo_named_with_other_capitals_says_which_file_is_there(site):
    site.add_image("cowork-klitmoeller", "Kitchen.WEBP")
    text = changed(PHOTOS, PHOTOS + "  - file: kitchen.webp\n    alt: The shared kitchen\n")
    assert site.problems(NAME, text) == [
        f"{FILE}:36: photos[1].file: there is no file content/images/spaces/cowork-klitmoeller/"
        "kitchen.webp; there is Kitchen.WEBP: write the name exactly as the file's, capitals too "
        "(the web server tells them apart), or rename the file"
    ]


def test_photo_named_with_letters_composed_otherwise_says_how_to_fix_it(site):
    composed, decomposed = "g\u00e5rd.webp", "ga\u030ard.webp"  # å as one letter / a and a ring
    site.add_image("cowork-klitmoeller", decomposed)
    text = changed(PHOTOS, PHOTOS + f"  - file: {composed}\n    alt: The shared kitchen\n")
    [problem] = site.problems(NAME, text)
    assert problem == (
        f"{FILE}:36: photos[1].file: there is no file content/images/spaces/cowork-klitmoeller/"
        f"{composed}; a file has that name with its letters written differently (å or é as a "
        "plain letter and a separate mark, as a Mac may name files): rename the file, typing its "
        "name again, or copy the file's name into this field")


def test_photo_present_on_disk(site):
    site.add_image("cowork-klitmoeller", "kitchen.webp")
    text = changed(PHOTOS, PHOTOS + "  - file: kitchen.webp\n    alt: The shared kitchen\n")
    [space] = site.validate([site.write(NAME, text)]).spaces
    assert space.photos[1] == Photo("kitchen.webp", "The shared kitchen", None)


# --- last_verified ------------------------------------------------------------------------------

@pytest.mark.parametrize("written, expected", [
    ("2026-11-28", "2026-11-28 is in the future; write the date you last checked these facts (today or earlier)"),
    ("2026-02-30", "`2026-02-30` is not a real date; write YYYY-MM-DD"),
    ("2026-13-01", "`2026-13-01` is not a real date; write YYYY-MM-DD"),
    ("27-11-2026", "`27-11-2026` is not valid; write the date as YYYY-MM-DD, e.g. 2026-11-01"),
    ("2026-11-1", "`2026-11-1` is not valid; write the date as YYYY-MM-DD, e.g. 2026-11-01"),
])
def test_last_verified_refused(site, written, expected):
    text = changed("last_verified: 2026-11-01", f"last_verified: {written}")
    assert site.problems(NAME, text) == [f"{FILE}:36: last_verified: {expected}"]


def test_last_verified_today_is_fine(site):
    [space] = site.validate([site.write(NAME, changed("2026-11-01", TODAY.isoformat()))]).spaces
    assert space.last_verified == TODAY


# --- every problem in every file, at once -------------------------------------------------------

def test_every_problem_in_every_file_is_reported_at_once_and_sorted(site):
    site.write(NAME, GOOD)
    hanstholm = changed("name: Cowork Klitmøller", "name: Cowork Hanstholm", without_photos())
    hanstholm = changed("status: open", "status: opne", hanstholm)
    hanstholm = changed('postcode: "7700"', "postcode: 770", hanstholm)
    hanstholm = changed("email: info@example.dk", "email: info(at)example.dk", hanstholm)
    hanstholm = changed("desks: 20", "desks: 0", hanstholm)
    site.write("cowork-hanstholm.yaml", hanstholm)
    vorupoer = changed("name: Cowork Klitmøller", "name: Kontor Vorupør", without_photos())
    vorupoer = point("8.37", "56.96", vorupoer)
    vorupoer = changed("[fiber, meeting_room, kitchen]", "[fiber, kitchen, fiber]", vorupoer)
    vorupoer = changed("founded: 2019", "founded: 2027", vorupoer)
    vorupoer = changed("2026-11-01", "2026-02-30", vorupoer)
    site.write("kontor-vorupoer.yaml", vorupoer)
    thy = changed("name: Cowork Klitmøller", "name: Thy Hub", without_photos())
    thy = changed("website: https://example.org/\nemail: info@example.dk\nphone: \"+45 12 34 56 78\"\n",
                  "webiste: https://example.org/\n", thy)
    thy = changed("municipality: Thisted", "municipality: Thisted Kommune", thy)
    site.write("thy-hub.yaml", thy)
    (site.spaces / "tab.yaml").write_bytes(b"name: Tab\n\tstatus: open\n")

    result = site.validate()  # every file in spaces/, as the build does

    assert [str(p) for p in result.problems] == [
        "spaces/cowork-hanstholm.yaml:2: status: `opne` is not allowed; use one of `open`, `planned`, `closed`",
        "spaces/cowork-hanstholm.yaml:5: address.postcode: `770` is not valid; write the four-digit "
        "postcode, e.g. \"7700\"",
        "spaces/cowork-hanstholm.yaml:17: email: `info(at)example.dk` is not valid; write one plain "
        "address like info@example.dk (no name, no mailto:)",
        "spaces/cowork-hanstholm.yaml:25: desks: `0` is not valid; write a whole number of at least 1",
        "spaces/kontor-vorupoer.yaml:8: location: lat 8.37 and lon 56.96 look swapped: in Denmark lat "
        "is 54.5-57.8 and lon is 8.0-15.2; exchange the two values",
        "spaces/kontor-vorupoer.yaml:24: amenities: lists the same value more than once; keep each once",
        "spaces/kontor-vorupoer.yaml:27: founded: 2027 is after this year; write the year it opened, "
        "or leave `founded` out and use `status: planned`",
        "spaces/kontor-vorupoer.yaml:32: last_verified: `2026-02-30` is not a real date; write YYYY-MM-DD",
        "spaces/tab.yaml:2: file: a tab is used for indentation; YAML needs spaces (indent with two spaces)",
        "spaces/thy-hub.yaml:1: website: give at least one way to get in touch: `website`, `email` or `phone`",
        "spaces/thy-hub.yaml:7: address.municipality: `Thisted Kommune` is not one of Denmark's 98 "
        "municipalities; did you mean `Thisted`? (the list is spaces/_vocab/municipalities.yaml)",
        f"spaces/thy-hub.yaml:16: webiste: is not a known field; did you mean `website`? (allowed here: {TOP_FIELDS})",
    ]
    assert result.problems == sorted(result.problems)
    assert [space.slug for space in result.spaces] == ["cowork-klitmoeller"]
    assert not result.ok
