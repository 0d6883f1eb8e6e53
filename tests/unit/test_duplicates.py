"""A named file that describes an already listed space fails with "looks like spaces/x.yaml".

The listed space is spaces/cowork-klitmoeller.yaml (the good fixture: line 1 name, 8
location, 16 website, 17 email, 18 phone); each test adds a second file by name and changes
what it shares with the first.
"""
from __future__ import annotations

import pytest

from .helpers import edit, good_text

PHOTOS = ("photos:\n  - file: desk.jpg\n    alt: Desks by the window, with the dunes outside\n"
          "    credit: Anna Jensen\n")
LISTED = "spaces/cowork-klitmoeller.yaml"
ADVICE = ("If it is the same space, edit that file instead; if it is a different one, "
          "say so in the pull request")


def other_space(**changes: str) -> str:
    """A valid file that shares nothing with the listed one, then `changes` (old line -> new)."""
    text = edit(good_text(), PHOTOS, "")
    for old, new in {
        "name: Cowork Klitmøller": "name: Kontorhuset Vorupør",
        "  lat: 57.0407\n  lon: 8.4914": "  lat: 56.9560\n  lon: 8.3700",
        "website: https://example.org/": "website: https://kontorhuset.example.net/",
        "email: info@example.dk": "email: hej@kontorhuset.example.net",
        'phone: "+45 12 34 56 78"': 'phone: "+45 87 65 43 21"',
        "  booking: https://example.org/book\n": "",
    }.items():
        text = edit(text, old, new)
    for old, new in changes.items():
        text = edit(text, old, new)
    return text


def check(site, text: str, name: str = "kontorhuset-vorupoer.yaml") -> list[str]:
    site.write("cowork-klitmoeller.yaml", good_text())
    return [str(p) for p in site.validate([site.write(name, text)]).problems]


def test_a_space_that_shares_nothing_passes(site):
    assert check(site, other_space()) == []


@pytest.mark.parametrize("old, new, line, field, same", [
    ("website: https://kontorhuset.example.net/", "website: https://WWW.example.org/coworking",
     16, "website", f"the same website host `example.org` as {LISTED}:16"),
    ("email: hej@kontorhuset.example.net", "email: Info@Example.dk", 17, "email",
     f"the same e-mail as {LISTED}:17"),
    ('phone: "+45 87 65 43 21"', "phone: 12345678", 18, "phone", f"the same phone as {LISTED}:18"),
    ("  lat: 56.9560\n  lon: 8.3700", "  lat: 57.0410\n  lon: 8.4916", 8, "location",
     f"a point 35 m from the one at {LISTED}:8"),
])
def test_each_sign_alone_is_named_with_its_line(site, old, new, line, field, same):
    assert check(site, other_space(**{old: new})) == [
        f"spaces/kontorhuset-vorupoer.yaml:{line}: {field}: looks like {LISTED} ({same}). {ADVICE}"
    ]


def test_the_same_name_under_another_file_name_is_named_too(site):
    problems = check(site, other_space(**{"name: Kontorhuset Vorupør": "name: COWORK KLITMOELLER"}))
    assert f"spaces/kontorhuset-vorupoer.yaml:1: name: looks like {LISTED} (the same name as " \
           f"{LISTED}:1). {ADVICE}" in problems


def test_several_shared_signs_make_one_line_that_names_them_all(site):
    text = other_space(**{"email: hej@kontorhuset.example.net": "email: info@example.dk",
                          'phone: "+45 87 65 43 21"': 'phone: "+4512345678"'})
    assert check(site, text) == [
        f"spaces/kontorhuset-vorupoer.yaml:17: email: looks like {LISTED} (the same e-mail as "
        f"{LISTED}:17; the same phone as {LISTED}:18). {ADVICE}"
    ]


@pytest.mark.parametrize("old, new", [
    # 60 m apart
    ("  lat: 56.9560\n  lon: 8.3700", "  lat: 57.04124\n  lon: 8.4914"),
    # both in the same town, placed by the town only: the town's point, not the building's
    ("  lat: 56.9560\n  lon: 8.3700\n  precision: address", "  lat: 57.0407\n  lon: 8.4914\n  precision: town"),
])
def test_near_misses_are_not_duplicates(site, old, new):
    assert check(site, other_space(**{old: new})) == []


def test_two_pages_of_one_operators_site_are_two_spaces(site):
    site.write("cowork-klitmoeller.yaml", edit(good_text(), "website: https://example.org/",
                                               "website: https://example.org/klitmoeller/"))
    new = site.write("kontorhuset-vorupoer.yaml", other_space(**{
        "website: https://kontorhuset.example.net/": "website: https://www.example.org/vorupoer"}))
    assert site.validate([new]).problems == []


def test_the_whole_folder_is_not_compared_so_accepted_pairs_still_build(site):
    site.write("cowork-klitmoeller.yaml", good_text())
    site.write("kontorhuset-vorupoer.yaml", other_space(**{"email: hej@kontorhuset.example.net":
                                                           "email: info@example.dk"}))
    assert site.validate().problems == []


def test_a_copy_of_a_listed_file_checked_elsewhere_is_not_its_own_duplicate(site):
    site.write("cowork-klitmoeller.yaml", good_text())
    elsewhere = site.root / "download" / "cowork-klitmoeller.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_text(good_text(), encoding="utf-8")
    assert site.validate([elsewhere]).problems == []


def test_two_new_files_in_one_pull_request_are_compared_with_each_other(site):
    first = site.write("kontorhuset-vorupoer.yaml", other_space())
    second = site.write("vorupoer-kontorhus.yaml", other_space(**{
        "name: Kontorhuset Vorupør": "name: Vorupør Kontorhus"}))
    problems = [str(p) for p in site.validate([second, first]).problems]
    assert problems == [
        "spaces/vorupoer-kontorhus.yaml:16: website: looks like spaces/kontorhuset-vorupoer.yaml "
        "(the same website host `kontorhuset.example.net` as spaces/kontorhuset-vorupoer.yaml:16; "
        "the same e-mail as spaces/kontorhuset-vorupoer.yaml:17; the same phone as "
        "spaces/kontorhuset-vorupoer.yaml:18; a point 0 m from the one at spaces/kontorhuset-vorupoer.yaml:8). "
        + ADVICE
    ]


def test_listed_files_with_problems_are_compared_where_they_can_be(site):
    site.write("bare-et-navn.yaml", "name: Bare et navn\nstatus: open\nphone: 12345678\n")
    site.write("ikke-yaml.yaml", "name: [Ikke YAML\nphone: 12345678\n")
    new = site.write("kontorhuset-vorupoer.yaml",
                     other_space(**{'phone: "+45 87 65 43 21"': "phone: +45 12345678"}))
    assert [str(p) for p in site.validate([new]).problems] == [
        "spaces/kontorhuset-vorupoer.yaml:18: phone: looks like spaces/bare-et-navn.yaml "
        f"(the same phone as spaces/bare-et-navn.yaml:3). {ADVICE}",
    ]
