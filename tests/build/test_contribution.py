"""A simulated contribution: a new file in spaces/ of a copy of the project, checked by the real
`invoke validate -- spaces/<file>` in a subprocess, as the pull-request check runs it.

A good file passes; each kind of bad file from the foundation issue's list fails with its own
line and exit code 1. Three of that list are allowed by the contract (SPACE_FORMAT.md) and pass:
a BOM is stripped, `0800` is a postcode kept as text, and a name with markup is text (the build
tests show it rendered as text).
"""
from __future__ import annotations

import pytest

from project_copy import copy_project, invoke

FILE = "spaces/eksempelhuset-hurup.yaml"
GOOD = """\
# yaml-language-server: $schema=./_schema/space.schema.json
name: Eksempelhuset Hurup
status: open
address:
  street: Eksempelvej 1
  postcode: "7760"
  town: Hurup
  municipality: Thisted
location:
  lat: 56.7494
  lon: 8.4195
  precision: town
description:
  da: |
    Et **lille** kontorfællesskab midt i byen, med fiber og et mødelokale.
website: https://eksempelhuset.example.dk/
opening_hours: Mo-Fr 08:00-17:00; Sa 10:00-14:00
prices:
  day_pass: 125
amenities: [fiber, meeting_room]
last_verified: 2026-01-15
"""
BIG = GOOD + "# " + "x" * (10 * 1024 * 1024) + "\n"  # 10 MB
ALIAS_BOMB = ('name: Eksempelhuset Hurup\na: &a ["lol", "lol", "lol"]\nb: &b [*a, *a, *a]\n'
              'c: &c [*b, *b, *b]\n')


def changed(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("contribution"))


@pytest.fixture
def contribute(project):
    """contribute(bytes or text, name) -> the finished `invoke validate -- spaces/<name>`."""
    written = []

    def run(content, name="eksempelhuset-hurup.yaml"):
        path = project / "spaces" / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        written.append(path)
        return invoke(project, "validate", "--", f"spaces/{name}")

    yield run
    for path in written:
        path.unlink(missing_ok=True)


def test_a_new_valid_file_passes(contribute):
    done = contribute(GOOD)
    assert (done.returncode, done.stdout, done.stderr) == (0, "1 space file(s) checked: all good.\n", "")


@pytest.mark.parametrize("content, lines", [
    pytest.param(changed("  town: Hurup\n", "\ttown: Hurup\n"),
                 [f"{FILE}:7: file: a tab is used for indentation; YAML needs spaces (indent with two spaces)"],
                 id="tabs"),
    pytest.param(GOOD.encode("latin-1"),
                 [f"{FILE}:15: file: byte 0xe6 is not UTF-8; save the file as UTF-8 (it looks like "
                  "Latin-1/Windows-1252 text)"], id="latin-1"),
    pytest.param(changed("status: open\n", "status: open\nstatus: planned\n"),
                 [f"{FILE}:4: status: `status` appears twice (first on line 3); keep one"], id="duplicate-key"),
    pytest.param(changed("opening_hours: Mo-Fr 08:00-17:00; Sa 10:00-14:00", "opening_hours: 8:30"),
                 [f"{FILE}:17: opening_hours: `8:30` is not OpenStreetMap opening_hours syntax; write e.g. "
                  '"Mo-Fr 08:00-17:00; Sa 10:00-14:00" (https://wiki.openstreetmap.org/wiki/Key:opening_hours)'],
                 id="opening-hours-8:30"),
    pytest.param(changed("  lat: 56.7494", "  lat: 57,04"),
                 [f"{FILE}:10: location.lat: expected a number, got `57,04`; write the latitude in decimal "
                  "degrees with a dot, e.g. 57.0407"], id="lat-with-comma"),
    pytest.param(changed("  lat: 56.7494\n  lon: 8.4195", "  lat: 8.4195\n  lon: 56.7494"),
                 [f"{FILE}:9: location: lat 8.4195 and lon 56.7494 look swapped: in Denmark lat is "
                  "54.5-57.8 and lon is 8.0-15.2; exchange the two values"], id="lat-lon-swapped"),
    pytest.param(changed("  lat: 56.7494\n  lon: 8.4195", "  lat: 54.7833\n  lon: 9.4333"),
                 [f"{FILE}:9: location: the point 54.7833, 9.4333 is not in Denmark: its nearest town is "
                  "Flensburg (DE), 0.6 km away; check it on a map"], id="point-in-germany"),
    pytest.param(changed("website: https://eksempelhuset.example.dk/", "website: javascript:alert(1)"),
                 [f"{FILE}:16: website: `javascript:alert(1)` is not valid; write a full address starting "
                  "with https:// (or http://), e.g. https://example.org/"], id="javascript-url"),
    pytest.param(changed("prices:\n", "wifi_speed: 1000\nprices:\n"),
                 [f"{FILE}:18: wifi_speed: is not a known field; remove it (allowed here: address, amenities, "
                  "description, desks, email, founded, last_verified, links, location, name, opening_hours, "
                  "organisation, phone, photos, prices, public_transport, status, website)"], id="unknown-key"),
    pytest.param(ALIAS_BOMB, [f"{FILE}:2: file: anchor `&a` is not allowed; write every value out in full"],
                 id="alias-bomb"),
    pytest.param("", [f"{FILE}:1: file: the file is empty; it must hold the fields of one space (start from "
                      "the example in CONTRIBUTING.md)"], id="empty"),
    pytest.param(BIG, [f"{FILE}:1: file: the file is {len(BIG.encode()):,} bytes; a space file may be at most 65,536 bytes "
                  "(64 KiB). Shorten the description or move photos to content/images/spaces/"], id="10-MB"),
])
def test_each_kind_of_bad_file_fails_with_its_message(contribute, content, lines):
    done = contribute(content)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == lines + [f"{len(lines)} problem(s) in 1 file(s)."]


@pytest.mark.parametrize("content, name", [
    pytest.param(b"\xef\xbb\xbf" + GOOD.encode("utf-8"), "eksempelhuset-hurup.yaml", id="bom-is-stripped"),
    pytest.param(changed('postcode: "7760"', "postcode: 0800"), "eksempelhuset-hurup.yaml",
                 id="0800-stays-text"),
    pytest.param(changed("name: Eksempelhuset Hurup", "name: '<img src=x onerror=alert(1)> `${alert(1)}`'"),
                 "img-src-x-onerror-alert-1-alert-1.yaml", id="name-with-markup-is-text"),
])
def test_what_the_contract_allows_passes(contribute, content, name):
    done = contribute(content, name)
    assert (done.returncode, done.stderr) == (0, "")


def test_a_space_that_is_already_listed_fails_with_looks_like(contribute, project):
    listed = (project / "spaces" / "cowork-klitmoeller.yaml").read_text(encoding="utf-8")
    line = listed.splitlines().index("website: https://cowork-klitmoller.dk/") + 1
    done = contribute(changed("website: https://eksempelhuset.example.dk/",
                              "website: https://www.cowork-klitmoller.dk/om-os"))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{FILE}:16: website: looks like spaces/cowork-klitmoeller.yaml (the same website host "
        f"`cowork-klitmoller.dk` as spaces/cowork-klitmoeller.yaml:{line}). If it is the same space, "
        "edit that file instead; if it is a different one, say so in the pull request",
        "1 problem(s) in 1 file(s).",
    ]


def test_every_problem_of_several_files_at_once(project):
    other = changed("name: Eksempelhuset Hurup", "name: Andet Sted").replace("status: open", "status: opne")
    other = other.replace("eksempelhuset.example.dk", "andet-sted.example.dk")
    files = {"andet-sted.yaml": other, "eksempelhuset-hurup.yaml": changed("  lat: 56.7494", "  lat: 57,04")}
    for name, text in files.items():
        (project / "spaces" / name).write_text(text, encoding="utf-8")
    try:
        both = invoke(project, "validate", "--", FILE, "spaces/andet-sted.yaml")
    finally:
        for name in files:
            (project / "spaces" / name).unlink()
    assert both.returncode == 1
    assert both.stderr.splitlines() == [
        "spaces/andet-sted.yaml:3: status: `opne` is not allowed; use one of `open`, `planned`, `closed`",
        f"{FILE}:10: location.lat: expected a number, got `57,04`; write the latitude in decimal degrees "
        "with a dot, e.g. 57.0407",
        "2 problem(s) in 2 file(s).",
    ]
